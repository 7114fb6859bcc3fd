import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel } from '../../../e2e/mock-model';
import type { WorkbenchEvent } from '../../contract';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

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
    const opened = await dispatch('workspace.open', { path: tempRepo({ 'README.md': '# r\n' }) }, client);
    if (!opened.ok) throw new Error(opened.error.message);
    const workspaceId = (opened.value as { id: string }).id;

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
