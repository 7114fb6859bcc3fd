import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel } from '../../../e2e/mock-model';
import type { WorkbenchEvent } from '../../contract';
import { waitForItem } from '../testing/wait-for-item';
import { workbenchOnMockModel } from './mock-workbench.testing';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

describe('session.compact', () => {
  it('is refused with a sentence while a turn runs; between turns it compacts, the window told it is working', async () => {
    const model = await startMockModel({
      turns: [{ items: [{ type: 'message', text: 'ANSWER-ONE' }] }],
      branches: [
        { contains: 'Context checkpoint', turns: [{}, { items: [{ type: 'message', text: 'THE-SUMMARY' }] }] },
      ],
    });
    closing.push(model);
    const { workbench, dispatch, client, events, workspaceId } = await workbenchOnMockModel(model.url);
    closing.push(workbench);

    const release = model.hold();
    const started = await dispatch('session.start', { workspaceId, prompt: 'look around' }, client);
    if (!started.ok) throw new Error(started.error.message);
    const { sessionId } = started.value as { sessionId: string };
    await waitForItem(model.requests, () => true); // held: the turn is running
    expect(await dispatch('session.compact', { sessionId }, client)).toMatchObject({
      ok: false,
      error: { code: 'busy', message: 'The agent is working; stop it or wait, then compact.' },
    });
    release();
    const idle = (e: WorkbenchEvent) => e.type === 'session.state' && !e.running;
    await waitForItem(events, idle);

    const from = events.length;
    expect(await dispatch('session.compact', { sessionId }, client)).toEqual({ ok: true, value: null });
    const marker = await waitForItem(
      events,
      (e) => e.type === 'session.event' && e.event.type === 'compaction.completed',
    );
    expect(marker).toMatchObject({ event: { trigger: 'manual', summary: 'THE-SUMMARY' } });
    await waitForItem(events, (e, index) => index >= from && idle(e));
    const states = events.slice(from).filter((e) => e.type === 'session.state');
    expect(states.map((e) => e.type === 'session.state' && e.running)).toEqual([true, false]);
  });
});
