import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario, type MockTurn } from '../../../e2e/mock-model';
import { HookEngine, type RunHook } from '../hooks/hook-engine';
import type { HookDefinition } from '../hooks/hook-types';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { mockSessionOptions } from './mock-session.testing';
import { COMPACT_PROMPT, keptPrompts } from './compaction';
import { readSessionLog } from './read-session-log';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SUMMARY = 'SUMMARY-OF-THE-WORK: the person wants hello.txt; it exists now.';
const say = (text: string, inputTokens = 200): MockTurn => ({
  items: [{ type: 'message', text }],
  usage: { input_tokens: inputTokens, output_tokens: 20 },
});
/** The summary request is answered whatever its place in the conversation (its turn index is the history's length). */
const summaryBranch = (turn: MockTurn) => ({
  contains: COMPACT_PROMPT.split('\n')[0],
  turns: Array.from({ length: 20 }, () => turn),
});
/** The conversation after the summary: its history holds the summary, so its turns count from there. */
const afterSummary = (...turns: MockTurn[]) => ({ contains: 'SUMMARY-OF-THE-WORK', turns });

async function setup(scenario: MockScenario, extra: Partial<AgentSessionOptions> = {}) {
  const server = await startMockModel(scenario);
  servers.push(server);
  return { server, ...(await mockSessionOptions(server.url, extra)) };
}

const input = (server: MockModelServer, index: number) => JSON.stringify(server.requests[index].body.input);

describe('compaction', () => {
  it('/compact sends the summary instead of the old turns in the next request; the log keeps them', async () => {
    const { server, options, events } = await setup({
      turns: [say('ANSWER-ONE'), say('ANSWER-TWO')],
      branches: [summaryBranch(say(SUMMARY)), afterSummary(say('ANSWER-THREE'))],
    });
    const session = await AgentSession.create(options);
    await session.runTurn('first prompt');
    await session.runTurn('second prompt');
    expect(await session.compact()).toBe(true);
    expect(await session.runTurn('third prompt')).toMatchObject({ status: 'completed', finalMessage: 'ANSWER-THREE' });
    await session.close();

    expect(server.requests).toHaveLength(4);
    // The summary request: the whole conversation, then the compact prompt, and no tools to call.
    expect(input(server, 2)).toContain('ANSWER-TWO');
    expect(input(server, 2)).toContain('Context checkpoint');
    expect(server.requests[2].body.tools ?? []).toEqual([]);
    // The next request: the person's prompts verbatim, the summary, the new prompt; none of the model's old answers.
    const next = input(server, 3);
    for (const text of ['first prompt', 'second prompt', SUMMARY, 'third prompt']) expect(next).toContain(text);
    expect(next).not.toContain('ANSWER-ONE');
    expect(next).not.toContain('ANSWER-TWO');

    const compaction = events.find((e) => e.type === 'compaction.completed');
    expect(compaction).toMatchObject({ trigger: 'manual', summary: SUMMARY, tokensBefore: 220 });
    if (compaction?.type === 'compaction.completed')
      expect(compaction.tokensAfter).toBeLessThan(compaction.tokensBefore);
    const logged = (await readSessionLog(session.log.file!)).events;
    expect(logged.filter((e) => e.type === 'message.completed').map((e) => 'text' in e && e.text)).toEqual([
      'ANSWER-ONE',
      'ANSWER-TWO',
      'ANSWER-THREE',
    ]);
  });

  it('compacts on its own mid-turn when the next request passes model_auto_compact_token_limit', async () => {
    const { server, options, events } = await setup(
      {
        turns: [
          {
            items: [
              { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo TOOL-OUTPUT' }) },
            ],
            // The provider's count: past the limit, though the conversation's characters are few.
            usage: { input_tokens: 5_000, output_tokens: 10 },
          },
        ],
        branches: [summaryBranch(say(SUMMARY)), afterSummary(say('FINISHED'))],
      },
      { autoCompactTokenLimit: 4_000 },
    );
    const session = await AgentSession.create(options);
    expect(await session.runTurn('make hello.txt')).toMatchObject({ status: 'completed', finalMessage: 'FINISHED' });
    await session.close();

    expect(server.requests).toHaveLength(3);
    expect(input(server, 1)).toContain('TOOL-OUTPUT');
    expect(input(server, 1)).toContain('Context checkpoint');
    expect(input(server, 2)).toContain(SUMMARY);
    expect(input(server, 2)).toContain('make hello.txt');
    expect(input(server, 2)).not.toContain('TOOL-OUTPUT');
    expect(events.find((e) => e.type === 'compaction.completed')).toMatchObject({
      trigger: 'auto',
      turn: 0,
      tokensBefore: expect.any(Number),
    });
    // What the command printed is still in the log, for the person and for resume's transcript.
    const logged = (await readSessionLog(session.log.file!)).events;
    expect(logged.find((e) => e.type === 'tool.result')).toMatchObject({
      output: expect.stringContaining('TOOL-OUTPUT'),
    });
  });

  it('does not compact below the limit', async () => {
    const { server, options, events } = await setup(
      { turns: [say('ONE', 100), say('TWO', 100)] },
      {
        autoCompactTokenLimit: 4_000,
      },
    );
    const session = await AgentSession.create(options);
    await session.runTurn('first');
    await session.runTurn('second');
    await session.close();
    expect(server.requests).toHaveLength(2);
    expect(events.some((e) => e.type === 'compaction.completed')).toBe(false);
  });

  it('does not compact before the model has answered: a first prompt over the limit is sent whole', async () => {
    const { server, options, events } = await setup({ turns: [say('READ-IT')] }, { autoCompactTokenLimit: 1_000 });
    const pasted = `PASTED-START ${'x'.repeat(40_000)} PASTED-END`;
    const session = await AgentSession.create(options);
    await session.runTurn(pasted);
    await session.close();
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0].body)).toContain('PASTED-END');
    expect(events.some((e) => e.type === 'compaction.completed')).toBe(false);
  });

  it('a resumed compacted session sends the same context as the live one did', async () => {
    const scenario: MockScenario = {
      turns: [say('ANSWER-ONE'), say('ANSWER-TWO')],
      branches: [summaryBranch(say(SUMMARY)), afterSummary(say('ANSWER-THREE'))],
    };
    const live = await setup(scenario);
    const liveSession = await AgentSession.create(live.options);
    await liveSession.runTurn('first prompt');
    await liveSession.runTurn('second prompt');
    await liveSession.compact();
    await liveSession.runTurn('third prompt');
    await liveSession.close();

    const resumed = await setup(scenario);
    const before = await AgentSession.create(resumed.options);
    await before.runTurn('first prompt');
    await before.runTurn('second prompt');
    await before.compact();
    await before.close();
    const after = await AgentSession.resume(before.log.file!, resumed.options);
    // The summary request's tokens stay counted, though no turn followed it.
    expect(after.totalUsage).toEqual(before.totalUsage);
    expect(after.totalUsage.inputTokens).toBe(600);
    await after.runTurn('third prompt');
    await after.close();

    expect(resumed.server.requests.at(-1)!.body.input).toEqual(live.server.requests.at(-1)!.body.input);
    expect(JSON.stringify(resumed.server.requests.at(-1)!.body.input)).toContain(SUMMARY);
  });

  it('a failed summary request keeps the whole conversation and says so', async () => {
    const { server, options, events } = await setup({
      turns: [say('ANSWER-ONE'), say('ANSWER-TWO')],
      branches: [summaryBranch({ ...say(SUMMARY), failures: [{ kind: 'http', status: 400 }] })],
    });
    const session = await AgentSession.create(options);
    await session.runTurn('first prompt');
    expect(await session.compact()).toBe(false);
    await session.runTurn('second prompt');
    await session.close();

    expect(events.find((e) => e.type === 'error')).toMatchObject({
      message: expect.stringMatching(/^The conversation was not compacted \(it stays as it was\)/),
    });
    expect(events.some((e) => e.type === 'compaction.completed')).toBe(false);
    expect(input(server, 2)).toContain('ANSWER-ONE');
    expect(input(server, 2)).toContain('first prompt');
  });

  it('runs PreCompact before the summary request and PostCompact after it, with the source', async () => {
    const seen: { event: string; source?: string; requests: number }[] = [];
    const mock: { server?: MockModelServer } = {};
    const runHook: RunHook = async (hook, hookInput) => {
      seen.push({ event: hookInput.hook_event_name, source: hookInput.source, requests: mock.server!.requests.length });
      return { hook, status: 'completed', durationMs: 1, exitCode: 0, output: '' };
    };
    const definition = (event: 'PreCompact' | 'PostCompact'): HookDefinition => ({
      id: event,
      name: event,
      source: { format: 'codex-json', scope: 'user', file: '/home/me/.trellis/hooks.json', position: '' },
      event,
      action: { kind: 'command', command: 'true', timeoutMs: 60_000 },
      enabled: true,
      canBlock: false,
      plainStdoutIsContext: false,
      hash: event,
    });
    const hooks = new HookEngine({
      hooks: [definition('PreCompact'), definition('PostCompact')],
      runHook,
      selectHooks: (all) => all,
    });
    const started = await setup({ turns: [say('ANSWER-ONE')], branches: [summaryBranch(say(SUMMARY))] }, { hooks });
    mock.server = started.server;
    const session = await AgentSession.create(started.options);
    await session.runTurn('first prompt');
    await session.compact();
    await session.close();
    expect(seen).toEqual([
      { event: 'PreCompact', source: 'manual', requests: 1 },
      { event: 'PostCompact', source: 'manual', requests: 2 },
    ]);
  });

  it('refuses to compact a conversation that has not started', async () => {
    const { options } = await setup({ turns: [] });
    const session = await AgentSession.create(options);
    await expect(session.compact()).rejects.toThrow('There is no conversation to compact yet.');
    await session.close();
  });
});

describe('keptPrompts', () => {
  it('keeps the most recent prompts within the budget, the oldest kept cut to its start', () => {
    const kept = keptPrompts(['a'.repeat(100), 'b'.repeat(30), 'c'.repeat(30)], 20); // 80 characters
    expect(kept).toHaveLength(3);
    expect(kept[0]).toMatch(/^a{20}\n\[… the rest of this message was left out/);
    expect(kept.slice(1)).toEqual(['b'.repeat(30), 'c'.repeat(30)]);
  });
});
