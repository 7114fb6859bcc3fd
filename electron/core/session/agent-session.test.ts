import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent } from '../../contract';
import { refuseAll, type ApprovalPolicy } from '../approvals/approval-policy';
import { createModelClient } from '../models/create-model-client';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { processesMentioning } from '../testing/processes';
import { tempDir } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { execCommandTool } from '../tools/exec-command-tool';
import { updatePlanTool } from '../tools/update-plan-tool';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { readSessionLog } from './read-session-log';
import { sessionFile } from './session-log';
import { MOCK_API_KEY, mockModelClient } from '../testing/mock-model-client';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Api = 'responses' | 'chat' | 'anthropic';

async function setup(scenario: MockScenario, api: Api = 'responses', extra: Partial<AgentSessionOptions> = {}) {
  const server = await startMockModel(scenario);
  servers.push(server);
  const home = tempDir();
  const cwd = tempDir();
  const events: SessionEvent[] = [];
  const options: AgentSessionOptions = {
    home,
    cwd,
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(server.url, api),
    requestMaxRetries: 2,
    streamMaxRetries: 2,
    retryBaseMs: 10,
    instructions: 'You are a test agent.',
    tools: [execCommandTool, updatePlanTool],
    executor: new UnconfinedExecutor(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandboxMode: 'danger-full-access',
    approvalPolicy: 'never' as ApprovalPolicy,
    approver: refuseAll,
    price: { input_per_mtok: 1, output_per_mtok: 2 },
    onEvent: (e) => events.push(e),
    ...extra,
  };
  return { server, options, events, home, cwd };
}

const toolTurn = (cmd: string) => ({
  items: [
    { type: 'message' as const, text: 'Let me look.' },
    { type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) },
    {
      type: 'function_call' as const,
      name: 'update_plan',
      arguments: JSON.stringify({ plan: [{ step: 'look', status: 'in_progress' }] }),
    },
  ],
  usage: { input_tokens: 100, output_tokens: 10 },
});
const answer = (text: string) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: 200, output_tokens: 20 },
});

describe.each<Api>(['responses', 'chat', 'anthropic'])('an agent turn over the real %s SDK', (api) => {
  it('runs the tools the model asks for in parallel and feeds their results back', async () => {
    const { options, server, events } = await setup(
      { turns: [toolTurn('echo hello-from-tool'), answer('All done.')] },
      api,
    );
    const session = await AgentSession.create(options);
    const result = await session.runTurn('Say hello');
    await session.close();

    expect(result).toMatchObject({ status: 'completed', finalMessage: 'All done.' });
    expect(result.usage).toMatchObject({ inputTokens: 300, outputTokens: 30 });
    expect(result.usage.costUsd).toBeCloseTo((300 * 1 + 30 * 2) / 1e6);
    const second = JSON.stringify(server.requests[1].body);
    expect(second).toContain('hello-from-tool');
    expect(second).toContain('Plan updated');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'session.started',
        'turn.started',
        'message.delta',
        'message.completed',
        'tool.call',
        'exec.started',
        'exec.completed',
        'plan.updated',
        'tool.result',
        'turn.completed',
      ]),
    );
    expect(events.find((e) => e.type === 'exec.completed')).toMatchObject({
      command: 'echo hello-from-tool',
      exitCode: 0,
      output: 'hello-from-tool\n',
    });
  });
});

describe('AgentSession', () => {
  it('writes every event to the log before listeners hear of it, in order', async () => {
    const { options, events, home } = await setup({ turns: [toolTurn('true'), answer('ok')] });
    const seenOnDisk: boolean[] = [];
    const session = await AgentSession.create({
      ...options,
      onEvent: (e) => {
        events.push(e);
        seenOnDisk.push(fs.readFileSync(sessionFile(home, e.session), 'utf8').includes(`"seq":${e.seq},`));
      },
    });
    await session.runTurn('go');
    await session.close();
    expect(seenOnDisk.every(Boolean)).toBe(true);
    const logged = await readSessionLog(session.log.file!);
    expect(logged.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(logged.events.map((e) => e.seq)).toEqual(logged.events.map((_, i) => i));
  });

  it('returns malformed tool arguments to the model as an error and carries on', async () => {
    const { options, server } = await setup({
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd": "echo hi"' }] },
        { items: [{ type: 'function_call', name: 'no_such_tool', arguments: '{}' }] },
        answer('recovered'),
      ],
    });
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'recovered' });
    expect(JSON.stringify(server.requests[1].body)).toContain('not valid JSON');
    expect(JSON.stringify(server.requests[2].body)).toContain('There is no tool named no_such_tool');
  });

  it('retries a stream cut midway and a 500, then succeeds', async () => {
    const { options, events } = await setup({
      turns: [{ ...answer('made it'), failures: [{ kind: 'cut' }, { kind: 'http', status: 500 }] }],
    });
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'made it' });
    expect(events.filter((e) => e.type === 'error' && e.willRetry)).toHaveLength(2);
  });

  it('fails the turn with the reason once retries are spent', async () => {
    const { options } = await setup({
      turns: [
        {
          ...answer('never'),
          failures: [
            { kind: 'http', status: 503 },
            { kind: 'http', status: 503 },
            { kind: 'http', status: 503 },
          ],
        },
      ],
    });
    const session = await AgentSession.create(options);
    const result = await session.runTurn('go');
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/HTTP 503/);
  });

  it('stops at a budget with a message that names it', async () => {
    const { options } = await setup({ turns: [toolTurn('true'), toolTurn('true'), answer('late')] }, 'responses', {
      budgets: { maxTurns: 2 },
    });
    const session = await AgentSession.create(options);
    const result = await session.runTurn('go');
    expect(result).toMatchObject({
      status: 'budget',
      error: expect.stringMatching(/Budget reached: 2 model turns \(budgets.max_turns\)/),
    });
  });

  it('interrupts: aborts the stream and kills the running command', async () => {
    const unique = tempDir(); // in the command line, so the command can be found among the machine's processes
    const cmd = `sleep 30; echo never > ${unique}/never`;
    const { options, events } = await setup({
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }) }] },
        answer('x'),
      ],
    });
    const session = await AgentSession.create(options);
    const controller = new AbortController();
    const running = session.runTurn('go', controller.signal);
    await waitForItem(events, (e) => e.type === 'exec.started');
    await vi.waitFor(() => expect(processesMentioning(unique)).not.toEqual([])); // the probe sees the running command
    controller.abort();
    expect(await running).toMatchObject({ status: 'interrupted' });
    expect(events.at(-1)).toMatchObject({ type: 'turn.failed', reason: 'interrupted' });
    await vi.waitFor(() => expect(processesMentioning(unique)).toEqual([])); // killed, not left to run out its 30 s
    expect(fs.existsSync(path.join(unique, 'never'))).toBe(false);
  });

  it('resumes from the log, skipping a torn last line, and continues the conversation', async () => {
    const { options, server, home } = await setup({
      turns: [toolTurn('echo first-turn-output'), answer('first answer'), answer('second answer')],
    });
    const first = await AgentSession.create(options);
    await first.runTurn('first prompt');
    await first.close();
    const file = first.log.file!;
    fs.appendFileSync(file, '{"v":1,"session":"torn'); // a write cut short by kill -9

    const resumed = await AgentSession.resume(file, options);
    expect(await resumed.runTurn('second prompt')).toMatchObject({
      status: 'completed',
      finalMessage: 'second answer',
    });
    await resumed.close();
    const history = JSON.stringify(server.requests.at(-1)!.body);
    for (const text of ['first prompt', 'first-turn-output', 'first answer', 'second prompt'])
      expect(history).toContain(text);
    const logged = await readSessionLog(file);
    expect(logged).toMatchObject({ tornTail: false, skipped: 0 });
    expect(logged.events.filter((e) => e.type === 'turn.completed')).toHaveLength(2);
    expect(path.dirname(file).startsWith(path.join(home, 'sessions'))).toBe(true);
  });

  it("gives the model a turn's attached resources, and resume gives it the same conversation again", async () => {
    const { options, server } = await setup({ turns: [answer('read it'), answer('still there')] });
    const first = await AgentSession.create(options);
    const attachment = { server: 'docs', uri: 'demo://notes', name: 'notes.md', text: 'the attached note' };
    await first.runTurn('summarise the notes', undefined, undefined, [attachment]);
    await first.close();
    const sent = JSON.stringify(server.requests[0].body);
    for (const text of ['summarise the notes', 'the attached note', 'name=\\"notes.md\\" uri=\\"demo://notes\\"'])
      expect(sent).toContain(text);
    const logged = await readSessionLog(first.log.file!);
    expect(logged.events.find((e) => e.type === 'turn.started')).toMatchObject({ attachments: [attachment] });

    const resumed = await AgentSession.resume(first.log.file!, options);
    await resumed.runTurn('and again?');
    await resumed.close();
    const history = JSON.stringify(server.requests[1].body);
    expect(history).toContain('the attached note');
    expect(history).toContain('and again?');
  });

  it('never writes the API key into the session log', async () => {
    const { options } = await setup({ turns: [answer('hi')] });
    const session = await AgentSession.create(options);
    await session.runTurn('go');
    await session.close();
    expect(fs.readFileSync(session.log.file!, 'utf8')).not.toContain(MOCK_API_KEY);
  });
});

describe.each<Api>(['responses', 'chat', 'anthropic'])('retries over the real %s SDK', (api) => {
  it('retries an overloaded provider itself, one event per retry as it happens, never silently inside the SDK', async () => {
    const failures = [
      { kind: 'http' as const, status: 503 },
      { kind: 'http' as const, status: 503 },
      { kind: 'http' as const, status: 503 },
    ];
    const { options, server, events } = await setup({ turns: [{ ...answer('late'), failures }] }, api, {
      requestMaxRetries: 1,
    });
    // The connection allows the SDK 4 retries of its own; they must not happen behind the loop's back.
    const client = await createModelClient({
      id: 'mock',
      wireApi: api,
      baseUrl: api === 'anthropic' ? server.url : `${server.url}/v1`,
      apiKey: MOCK_API_KEY,
      requestMaxRetries: 4,
      streamMaxRetries: 0,
      streamIdleTimeoutMs: 10_000,
      headers: {},
    });
    const session = await AgentSession.create({ ...options, client });
    expect(await session.runTurn('go')).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 503/) });
    expect(server.requests).toHaveLength(2);
    const retries = events.filter((e) => e.type === 'error' && e.willRetry);
    expect(retries.map((e) => (e.type === 'error' ? e.message : ''))).toEqual([
      expect.stringMatching(/^HTTP 503: .*; retrying in \d+\.\d s \(1\/1\)$/),
    ]);
    expect(events.findIndex((e) => e.type === 'error')).toBeLessThan(events.findIndex((e) => e.type === 'turn.failed'));
  });
});
