// hold(): a test keeps a response back until it releases it, to act while the model is "thinking".
import { afterEach, describe, expect, it } from 'vitest';
import type { MockModelServer } from './index';
import { waitForItem } from '../../electron/core/testing/wait-for-item';
import { closeStarted, start } from './mock-model-fixtures';

afterEach(closeStarted);

describe('hold: a response waits until the test releases it', () => {
  const post = (s: MockModelServer, signal?: AbortSignal) =>
    fetch(`${s.url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', input: 'go', stream: true }),
      signal,
    });

  it('answers nothing while held, then the scripted turn once released', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'after the hold' }] }] });
    const release = s.hold();
    let answered = false;
    const held = post(s).then((res) => {
      answered = true;
      return res.text();
    });
    await waitForItem(s.requests, () => true);
    // A witness: a request the hold does not cover makes its whole round trip meanwhile.
    expect((await fetch(`${s.url}/v1/nothing-here`, { method: 'POST' })).status).toBe(404);
    expect(answered).toBe(false);
    release();
    expect(await held).toContain('after the hold');
  });

  it('lets a held client give up, and serves the next request after the release', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'served' }] }] });
    const release = s.hold();
    const controller = new AbortController();
    const given = post(s, controller.signal).catch((err: Error) => err.name);
    await waitForItem(s.requests, () => true);
    controller.abort();
    expect(await given).toBe('AbortError');
    release();
    expect(await (await post(s)).text()).toContain('served');
  });
});
