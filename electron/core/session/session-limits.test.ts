import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent } from '../../contract';
import { refuseAll } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { tempDir } from '../testing/temp-repo';
import { execCommandTool } from '../tools/exec-command-tool';
import { AgentSession } from './agent-session';
import { mockModelClient } from '../testing/mock-model-client';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Api = 'responses' | 'chat' | 'anthropic';
const bytes = (events: SessionEvent[], type: string) =>
  events
    .filter((e) => e.type === type)
    .reduce(
      (n, e) =>
        n + Buffer.byteLength((e as { text?: string; chunk?: string }).text ?? (e as { chunk: string }).chunk, 'utf8'),
      0,
    );

async function session(
  scenario: MockScenario,
  api: Api,
  limits: { maxResponseBytes?: number; maxLoggedDeltaBytes?: number; maxLoggedExecOutputBytes?: number },
  maxStreamLineBytes?: number,
) {
  const server = await startMockModel(scenario);
  servers.push(server);
  const events: SessionEvent[] = [];
  const s = await AgentSession.create({
    home: tempDir(),
    cwd: tempDir(),
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(server.url, api, { maxStreamLineBytes }),
    requestMaxRetries: 2,
    streamMaxRetries: 2,
    retryBaseMs: 10,
    instructions: 'You are a test agent.',
    tools: [execCommandTool],
    executor: new UnconfinedExecutor(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandboxMode: 'danger-full-access',
    approvalPolicy: 'never',
    approver: refuseAll,
    limits,
    onEvent: (e) => events.push(e),
  });
  return { server, events, session: s };
}

describe.each<Api>(['responses', 'chat', 'anthropic'])(
  'a model that streams without end over the real %s SDK',
  (api) => {
    it('is stopped at model_max_response_bytes: a clear error, the turn failed, not retried, deltas logged up to their cap', async () => {
      const endless: MockScenario = {
        turns: [{ items: [{ type: 'message', text: 'y'.repeat(999) + ' ', repeat: 2000 }] }],
      };
      const {
        server,
        events,
        session: s,
      } = await session(endless, api, { maxResponseBytes: 64 * 1024, maxLoggedDeltaBytes: 8 * 1024 });
      const result = await s.runTurn('talk');
      await s.close();
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/passed 64 KB \(model_max_response_bytes\); the stream was stopped/);
      expect(events.find((e) => e.type === 'error')).toMatchObject({ willRetry: false, message: result.error });
      expect(events.at(-1)).toMatchObject({ type: 'turn.failed', reason: 'error' });
      expect(events.some((e) => e.type === 'message.completed')).toBe(false);
      expect(server.requests).toHaveLength(1);
      const logged = bytes(events, 'message.delta');
      expect(logged).toBeGreaterThan(0);
      expect(logged).toBeLessThanOrEqual(8 * 1024 + 1000);
      const onDisk = fs.readFileSync(s.log.file!, 'utf8');
      expect(onDisk.length).toBeLessThan(64 * 1024);
      expect(onDisk).toContain('"type":"turn.failed"');
    });
  },
);

describe.each<Api>(['responses', 'chat', 'anthropic'])('one endless event over the real %s SDK', (api) => {
  it('fails the response at the transport, before the SDK has buffered it whole, and is not retried', async () => {
    const oneEvent: MockScenario = { turns: [{ items: [{ type: 'message', text: 'x'.repeat(4 * 1024 * 1024) }] }] };
    const {
      server,
      events,
      session: s,
    } = await session(oneEvent, api, { maxResponseBytes: 100 * 1024 * 1024 }, 256 * 1024);
    const result = await s.runTurn('talk');
    await s.close();
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /one streamed event larger than 256 KB \(4 x model_max_response_bytes\); the stream was stopped/,
    );
    expect(server.requests).toHaveLength(1);
    expect(events.some((e) => e.type === 'message.delta' || e.type === 'message.completed')).toBe(false);
  });

  it('lets an ordinary response through untouched', async () => {
    const { events, session: s } = await session(
      { turns: [{ items: [{ type: 'message', text: 'hello there' }] }] },
      api,
      {},
      256 * 1024,
    );
    const result = await s.runTurn('talk');
    await s.close();
    expect(result).toMatchObject({ status: 'completed', finalMessage: 'hello there' });
    expect(events.some((e) => e.type === 'message.completed')).toBe(true);
  });
});

describe('a command that prints without end', () => {
  it('logs the head, then "… N MB omitted …" and the tail; the model gets head and tail', async () => {
    const cmd = "head -c 5000000 /dev/zero | tr '\\0' x; echo; echo THE-END";
    const scenario: MockScenario = {
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }) }] },
        { items: [{ type: 'message', text: 'ok' }] },
      ],
    };
    const { events, session: s } = await session(scenario, 'responses', { maxLoggedExecOutputBytes: 64 * 1024 });
    const result = await s.runTurn('print');
    await s.close();
    expect(result.status).toBe('completed');
    const outputs = events.filter((e) => e.type === 'exec.output');
    const last = outputs.at(-1) as { chunk: string };
    expect(last.chunk).toMatch(/^\n\[… [45] MB omitted …\]\n/);
    expect(last.chunk.endsWith('THE-END\n')).toBe(true);
    expect(bytes(events, 'exec.output')).toBeLessThan(64 * 1024 + 17 * 1024 + 100);
    const completed = events.find((e) => e.type === 'exec.completed') as { output: string };
    expect(completed.output).toMatch(/^x{1000}/);
    expect(completed.output).toMatch(/\[… [45] MB omitted from the middle of the output …\]/);
    expect(completed.output.endsWith('THE-END\n')).toBe(true);
    expect(fs.statSync(s.log.file!).size).toBeLessThan(300 * 1024);
  });
});
