import { beforeEach, describe, expect, it } from 'vitest';
import { SESSION_LOG_VERSION, type SessionEvent, type SessionEventBody } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useSteer } from './steer-store';
import { deferred, fakeApi } from './testing/fake-api';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: SESSION_LOG_VERSION, session: 's1', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

beforeEach(() => useSteer.getState().reset('s1'));

describe('the queued messages', () => {
  it('stay queued until the next model request takes them, or the next prompt carries them', async () => {
    let n = 0;
    setApi(fakeApi({ 'session.steer': () => ({ ok: true, value: { queued: `steer-${++n}` } }) }).api);
    await useSteer.getState().steer('s1', 'Use tabs.', false);
    await useSteer.getState().steer('s1', 'And add a test.', false);
    expect(useSteer.getState().queued.map((q) => q.prompt)).toEqual(['Use tabs.', 'And add a test.']);
    useSteer.getState().ingest('s1', [ev({ type: 'prompt.steered', turn: 0, prompt: 'Use tabs.' })]);
    expect(useSteer.getState().queued.map((q) => q.prompt)).toEqual(['And add a test.']);
    useSteer.getState().ingest('s1', [ev({ type: 'turn.started', turn: 1, prompt: 'And add a test.' })]);
    expect(useSteer.getState().queued).toEqual([]);
  });

  it('one whose delivery raced ahead of the reply is never shown as queued', async () => {
    const reply = deferred<{ ok: true; value: { queued: string } }>();
    setApi(fakeApi({ 'session.steer': () => reply.promise }).api);
    const steering = useSteer.getState().steer('s1', 'Use tabs.', false);
    useSteer.getState().ingest('s1', [ev({ type: 'prompt.steered', turn: 0, prompt: 'Use tabs.' })]);
    reply.resolve({ ok: true, value: { queued: 'steer-1' } });
    await steering;
    expect(useSteer.getState().queued).toEqual([]);
  });
});
