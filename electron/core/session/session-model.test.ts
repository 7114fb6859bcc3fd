import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer } from '../../../e2e/mock-model';
import { refuseAll } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { mockModelClient } from '../testing/mock-model-client';
import { tempDir } from '../testing/temp-repo';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { readSessionLog } from './read-session-log';
import { contextWindowFor, modelChoices } from './session-model';
import { loadConfig } from '../config/load-config';
import fs from 'node:fs';
import path from 'node:path';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const answer = (text: string, input = 200) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: input, output_tokens: 20 },
});

async function setup(turns: ReturnType<typeof answer>[]) {
  const server = await startMockModel({ turns });
  servers.push(server);
  const options: AgentSessionOptions = {
    home: tempDir(),
    cwd: tempDir(),
    model: 'gpt-5',
    providerId: 'mock',
    client: await mockModelClient(server.url),
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: [],
    executor: new UnconfinedExecutor(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandboxMode: 'workspace-write',
    approvalPolicy: 'on-request',
    approver: refuseAll,
    reasoningEffort: 'low',
    prices: { 'gpt-5-mini': { input_per_mtok: 1_000_000, output_per_mtok: 0 } },
    contextWindowTokens: contextWindowFor('gpt-5'),
  };
  return { server, options };
}

const sentModel = (server: MockModelServer, index: number) => {
  const body = server.requests[index].body as { model: string; reasoning?: { effort?: string } };
  return { model: body.model, effort: body.reasoning?.effort };
};

describe('switching the model of a session (/model)', () => {
  it('sends the next request to the chosen model and effort, prices it as that model, and says what it runs with', async () => {
    const { server, options } = await setup([answer('first answer'), answer('second answer', 1000)]);
    const session = await AgentSession.create(options);
    await session.runTurn('first');
    expect(session.status).toEqual({
      model: 'gpt-5',
      reasoningEffort: 'low',
      provider: 'mock',
      contextWindowTokens: 272_000,
      sandboxMode: 'workspace-write',
      approvalPolicy: 'on-request',
    });
    await session.setModel({ model: 'gpt-5-mini', reasoningEffort: 'high' });
    expect(session.status).toMatchObject({ model: 'gpt-5-mini', reasoningEffort: 'high' });
    await session.runTurn('second');
    await session.close();
    expect(sentModel(server, 0)).toEqual({ model: 'gpt-5', effort: 'low' });
    expect(sentModel(server, 1)).toEqual({ model: 'gpt-5-mini', effort: 'high' });
    // config.toml's price of the new model: 1000 input tokens at $1 a token.
    expect(session.totalUsage.costUsd).toBe(1000);
    // The model is told nothing about the switch: the conversation it is sent names no model.
    const input = JSON.stringify((server.requests[1].body as { input: unknown }).input);
    expect(input).toContain('second');
    expect(JSON.parse(input)).toHaveLength(3);
    expect(input).not.toMatch(/gpt-5|model/);
  });

  it('keeps the effort when only the model is named, logs the switch, and resume goes on with the chosen model', async () => {
    const { server, options } = await setup([answer('one'), answer('two')]);
    const first = await AgentSession.create(options);
    await first.setModel({ model: 'gpt-4.1' });
    await first.runTurn('first');
    await first.close();
    const { events } = await readSessionLog(first.log.file!);
    expect(events.filter((e) => e.type === 'model.changed')).toEqual([
      expect.objectContaining({ model: 'gpt-4.1', reasoningEffort: 'low' }),
    ]);

    const resumed = await AgentSession.resume(first.log.file!, options);
    expect(resumed.status).toMatchObject({ model: 'gpt-4.1', contextWindowTokens: 1_000_000 });
    await resumed.runTurn('second');
    await resumed.close();
    expect(sentModel(server, 1)).toEqual({ model: 'gpt-4.1', effort: 'low' });
  });

  it("logs the context a turn's last request held, for the window's meter", async () => {
    const { options } = await setup([answer('done', 1234)]);
    const session = await AgentSession.create(options);
    await session.runTurn('hi');
    await session.close();
    const { events } = await readSessionLog(session.log.file!);
    expect(events.find((e) => e.type === 'turn.completed')).toMatchObject({ contextTokens: 1254 });
  });
});

describe('the models /model offers', () => {
  it("lists the configured model, then the provider family's priced models and config.toml's own", async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.toml'), 'model = "o3"\nmodel_provider = "openai"\n');
    const openai = modelChoices((await loadConfig({ home })).config, 'o3');
    expect(openai[0]).toBe('o3');
    expect(openai).toContain('gpt-5-mini');
    expect(openai.some((m) => m.startsWith('claude'))).toBe(false);

    fs.writeFileSync(
      path.join(home, 'config.toml'),
      'model = "local-7b"\nmodel_provider = "lab"\n[model_providers.lab]\nname = "Lab"\nbase_url = "http://127.0.0.1:1/v1"\nwire_api = "chat"\n[model_prices."local-70b"]\ninput_per_mtok = 0\noutput_per_mtok = 0\n',
    );
    expect(modelChoices((await loadConfig({ home })).config, 'local-7b')).toEqual(['local-7b', 'local-70b']);
  });
});
