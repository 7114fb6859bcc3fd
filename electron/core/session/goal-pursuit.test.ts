import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent, SessionEventOf } from '../../contract';
import { waitForItem } from '../testing/wait-for-item';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { mockSessionOptions } from './mock-session.testing';
import { pursueGoal } from './goal-pursuit';
import { readSessionLog } from './read-session-log';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(scenario: MockScenario, extra: Partial<AgentSessionOptions> = {}) {
  const server = await startMockModel(scenario);
  servers.push(server);
  return { server, ...(await mockSessionOptions(server.url, extra)) };
}

const say = (text: string) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: 200, output_tokens: 20 },
});
const markGoal = (status: string, reason: string) => ({
  items: [{ type: 'function_call' as const, name: 'update_goal', arguments: JSON.stringify({ status, reason }) }],
  usage: { input_tokens: 200, output_tokens: 20 },
});
/** The text of the last user message a Responses request sent: the prompt of the turn it belongs to. */
const lastPrompt = (body: unknown): string => {
  const input = (body as { input: { role?: string; content?: unknown }[] }).input;
  const user = input.filter((item) => item.role === 'user').at(-1);
  return JSON.stringify(user?.content ?? '');
};
const goalEvents = (events: SessionEvent[]) =>
  events.filter((e): e is SessionEventOf<'goal.updated'> => e.type === 'goal.updated');
const turnsStarted = (events: SessionEvent[]) =>
  events.filter((e): e is SessionEventOf<'turn.started'> => e.type === 'turn.started');

describe('a session goal', () => {
  it('continues turn after turn, restating the objective, until the model marks it complete', async () => {
    const { server, options, events } = await setup({
      turns: [
        say('Started on it.'),
        say('Half way.'),
        markGoal('complete', 'All three files are converted and the tests pass.'),
        say('Done: the goal is complete.'),
      ],
    });
    const session = await AgentSession.create(options);
    await session.goal.set('Convert the three config files to TOML', null, session.totalUsage);
    const last = await pursueGoal(session, new AbortController().signal);
    await session.close();

    expect(last).toMatchObject({ status: 'completed', finalMessage: 'Done: the goal is complete.' });
    // Three continuation turns: two answers, then update_goal and the closing message in the same turn.
    expect(server.requests).toHaveLength(4);
    const turns = turnsStarted(events);
    expect(turns.map((t) => t.origin)).toEqual(['goal', 'goal', 'goal']);
    for (const request of [server.requests[0], server.requests[1], server.requests[2]]) {
      const prompt = lastPrompt(request.body);
      expect(prompt).toContain('Convert the three config files to TOML');
      expect(prompt).toContain('update_goal');
    }
    // The model is offered the goal tools while the goal exists.
    const tools = (server.requests[0].body as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['get_goal', 'update_goal']));
    // Its use is logged as every tool's, and the goal's last state is complete with the model's reason.
    expect(events.find((e) => e.type === 'tool.call')).toMatchObject({ tool: 'update_goal' });
    expect(goalEvents(events).at(-1)).toMatchObject({
      state: 'complete',
      note: 'All three files are converted and the tests pass.',
      tokensUsed: 660, // three responses of 220 tokens when the goal was marked
    });
  });

  it('stops at its token budget with exactly one wrap-up turn, then says budget-reached', async () => {
    const { server, options, events } = await setup({
      turns: [say('One.'), say('Two.'), say('Three.'), say('Summary: two steps done, one left.'), say('never')],
    });
    const session = await AgentSession.create(options);
    await session.goal.set('Refactor the parser', 500, session.totalUsage);
    const last = await pursueGoal(session, new AbortController().signal);
    await session.close();

    // 220 + 220 < 500 continue; 660 >= 500: one wrap-up turn, then nothing more.
    expect(server.requests).toHaveLength(4);
    expect(lastPrompt(server.requests[3].body)).toContain('reached its token budget');
    expect(lastPrompt(server.requests[2].body)).not.toContain('reached its token budget');
    expect(last?.finalMessage).toBe('Summary: two steps done, one left.');
    expect(goalEvents(events).at(-1)).toMatchObject({ state: 'budget-reached', tokensUsed: 880, tokenBudget: 500 });
    expect(session.goal.active).toBe(false);
  });

  it('pauses with the note "interrupted" when the person interrupts a continuation turn', async () => {
    const { server, options, events } = await setup({ turns: [say('One.'), say('never sent')] });
    const session = await AgentSession.create(options);
    await session.goal.set('Write the docs', null, session.totalUsage);
    const controller = new AbortController();
    const pursuit = pursueGoal(session, controller.signal);
    await waitForItem(events, (e) => e.type === 'turn.completed');
    const release = server.hold();
    await waitForItem(server.requests, (_, index) => index === 1);
    controller.abort();
    const last = await pursuit;
    release();
    await session.close();

    expect(last?.status).toBe('interrupted');
    expect(goalEvents(events).at(-1)).toMatchObject({ state: 'paused', note: 'interrupted' });
    expect(server.requests).toHaveLength(2);
  });

  it('comes back from the log on resume, and a resumed goal goes on where it stopped', async () => {
    const { server, options, events } = await setup({
      turns: [say('One.'), say('Two.'), markGoal('complete', 'done'), say('Finished.')],
    });
    const first = await AgentSession.create(options);
    await first.goal.set('Ship the release notes', 10_000, first.totalUsage);
    await first.runTurn('Start with the changelog.'); // the person's own turn counts toward the goal too
    await first.goal.pause();
    await first.close();

    const second = await AgentSession.resume(first.log.file!, options);
    expect(second.goal.current).toMatchObject({
      objective: 'Ship the release notes',
      tokenBudget: 10_000,
      tokensUsed: 220,
      state: 'paused',
    });
    expect(second.goal.current?.setAt).toBe(goalEvents(events)[0].setAt);
    await second.goal.resume();
    await pursueGoal(second, new AbortController().signal);
    await second.close();

    expect(server.requests).toHaveLength(4);
    expect(lastPrompt(server.requests[1].body)).toContain('Ship the release notes');
    const { events: logged } = await readSessionLog(first.log.file!);
    expect(goalEvents(logged).map((e) => e.state)).toEqual([
      'active',
      'active',
      'paused',
      'active',
      'active',
      'complete',
    ]);
    expect(goalEvents(logged).at(-1)?.tokensUsed).toBe(220 * 3);
  });

  it('still active in a log whose process stopped mid-pursuit, it goes on when resumed, with no second event', async () => {
    const { server, options, events } = await setup({ turns: [markGoal('complete', 'done'), say('Finished.')] });
    const first = await AgentSession.create(options);
    await first.goal.set('Finish the port', null, first.totalUsage);
    await first.close(); // as if the process died before its first continuation turn

    const second = await AgentSession.resume(first.log.file!, options);
    expect(second.goal.active).toBe(true);
    await second.goal.resume();
    expect(goalEvents(events)).toHaveLength(1);
    await pursueGoal(second, new AbortController().signal);
    await second.close();
    expect(server.requests).toHaveLength(2);
    expect(second.goal.current?.state).toBe('complete');
  });

  it('stops at the safety cap of continuation turns when the model never marks the goal, and says so', async () => {
    const { server, options, events } = await setup({ turns: [say('a'), say('b'), say('c')] });
    const session = await AgentSession.create(options);
    await session.goal.set('Keep going', null, session.totalUsage);
    await pursueGoal(session, new AbortController().signal, 2);
    await session.close();

    expect(server.requests).toHaveLength(2);
    expect(goalEvents(events).at(-1)).toMatchObject({ state: 'paused' });
    expect(goalEvents(events).at(-1)?.note).toContain('safety cap');
  });

  it('lets the model only end a goal: another status is refused and the goal stays active', async () => {
    const { options, events } = await setup({
      turns: [markGoal('active', 'resume myself'), say('ok'), markGoal('complete', 'done'), say('end')],
    });
    const session = await AgentSession.create(options);
    await session.goal.set('Tidy the tests', null, session.totalUsage);
    await session.runTurn('go');

    expect(events.find((e) => e.type === 'tool.result')).toMatchObject({ isError: true });
    expect(session.goal.current?.state).toBe('active');
    await session.close();
  });

  it('can be marked complete while the session plans: the goal tools only read or end the pursuit', async () => {
    const { options, events } = await setup({ turns: [markGoal('complete', 'The plan is written.'), say('Planned.')] });
    const session = await AgentSession.create(options);
    await session.setMode('plan');
    await session.goal.set('Plan the migration', null, session.totalUsage);
    await pursueGoal(session, new AbortController().signal);
    await session.close();

    expect(events.find((e) => e.type === 'tool.result')).toMatchObject({ isError: false });
    expect(goalEvents(events).at(-1)).toMatchObject({ state: 'complete', note: 'The plan is written.' });
  });

  it('is paused by a [budgets] ceiling, which stays a hard limit beside the goal', async () => {
    const { server, options, events } = await setup(
      { turns: [say('One.'), say('Two.'), say('never')] },
      { budgets: { maxTokens: 400 } },
    );
    const session = await AgentSession.create(options);
    await session.goal.set('Anything', 100_000, session.totalUsage);
    const last = await pursueGoal(session, new AbortController().signal);
    await session.close();

    expect(last?.status).toBe('budget');
    expect(server.requests).toHaveLength(2);
    expect(goalEvents(events).at(-1)?.state).toBe('paused');
    expect(goalEvents(events).at(-1)?.note).toContain('budgets.max_tokens');
  });
});
