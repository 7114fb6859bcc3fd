import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import { waitForItem } from '../testing/wait-for-item';
import { workbenchOnMockModel } from './mock-workbench.testing';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

async function setup(scenario: MockScenario) {
  const model: MockModelServer = await startMockModel(scenario);
  closing.push(model);
  const bench = await workbenchOnMockModel(model.url);
  closing.push(bench.workbench);
  return { model, ...bench };
}

const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });
const complete = {
  items: [{ type: 'function_call' as const, name: 'update_goal', arguments: '{"status":"complete","reason":"done"}' }],
};

describe('session.goal', () => {
  it('set on an idle session pursues the goal at once, turn after turn, until the model marks it complete', async () => {
    const { model, call, events, sessionEvents, workspaceId } = await setup({
      turns: [say('Hello.'), say('Working.'), complete, say('Finished.')],
    });
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'hi' });
    await waitForItem(events, (e) => e.type === 'session.state' && !e.running);
    await call('session.goal', { sessionId, action: 'set', objective: 'Write the changelog', tokenBudget: 50_000 });
    await waitForItem(
      events,
      (e) => e.type === 'session.event' && e.event.type === 'turn.completed' && e.event.turn === 2,
    );

    expect(model.requests).toHaveLength(4);
    const started = sessionEvents().filter((e) => e.type === 'turn.started');
    expect(started.map((e) => (e.type === 'turn.started' ? (e.origin ?? 'person') : ''))).toEqual([
      'person',
      'goal',
      'goal',
    ]);
    const goals = sessionEvents().filter((e) => e.type === 'goal.updated');
    expect(goals.at(-1)).toMatchObject({ state: 'complete', objective: 'Write the changelog', tokenBudget: 50_000 });
    // A finished goal cannot be resumed: the person hears why, in a sentence.
    await expect(call('session.goal', { sessionId, action: 'resume' })).rejects.toThrow(
      'The goal is complete, so it cannot be resumed.',
    );
  });

  it('pause lets the running turn end and starts no other; resume goes on', async () => {
    const { model, call, events, sessionEvents, workspaceId } = await setup({
      turns: [say('Hello.'), say('One.'), complete, say('Finished.')],
    });
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'hi' });
    await waitForItem(events, (e) => e.type === 'session.state' && !e.running);
    const release = model.hold();
    const before = events.length;
    await call('session.goal', { sessionId, action: 'set', objective: 'Tidy up' });
    await waitForItem(model.requests, (_, i) => i === 1);
    await call('session.goal', { sessionId, action: 'pause' });
    release();
    await waitForItem(events, (e, i) => i > before && e.type === 'session.state' && !e.running);

    expect(model.requests).toHaveLength(2);
    expect(
      sessionEvents()
        .filter((e) => e.type === 'goal.updated')
        .at(-1),
    ).toMatchObject({ state: 'paused' });
    await call('session.goal', { sessionId, action: 'resume' });
    await waitForItem(
      events,
      (e) => e.type === 'session.event' && e.event.type === 'goal.updated' && e.event.state === 'complete',
    );
  });
});
