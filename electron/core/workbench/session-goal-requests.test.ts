import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent, WorkbenchEvent } from '../../contract';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

async function setup(scenario: MockScenario) {
  const model: MockModelServer = await startMockModel(scenario);
  closing.push(model);
  const home = tempDir();
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    `model = "gpt-test"\nmodel_provider = "mock"\nsandbox_mode = "danger-full-access"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${model.url}/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
  );
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  closing.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  const { id: workspaceId } = await call('workspace.open', { path: tempRepo({ 'README.md': '# r\n' }) });
  async function call(method: string, params: unknown) {
    const result = await dispatch(method, params, client);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as never;
  }
  const sessionEvents = (): SessionEvent[] => events.flatMap((e) => (e.type === 'session.event' ? [e.event] : []));
  return { model, call, events, sessionEvents, workspaceId: workspaceId as string };
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
