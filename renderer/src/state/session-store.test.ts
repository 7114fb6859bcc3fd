import { beforeEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE, type Result } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useSession } from './session-store';
import { deferred, fakeApi } from './testing/fake-api';
import { useWorkspace } from './workspace-store';
import { WS, workspace, sessionEvent } from './testing/fixtures';

const said = (sessionId: string, text: string) =>
  sessionEvent(sessionId, { type: 'message.completed', turn: 1, itemId: text, text });
const texts = () => useSession.getState().items.map((i) => ('text' in i ? i.text : i.kind));

beforeEach(() => {
  setApi(fakeApi({ 'session.list': () => ({ ok: true, value: [] }) }).api);
  useWorkspace.setState({ workspace });
  useSession.getState().newSession();
});

describe('the session store fed by events', () => {
  it("shows the shown session's events and no other session's", () => {
    useSession.setState({ sessionId: 's1' });
    useSession.getState().applyEvents([said('s1', 'hello'), said('s2', 'elsewhere'), said('s1', 'again')]);
    expect(texts()).toEqual(['hello', 'again']);
  });

  it('keeps the events that arrive before session.start answers and shows them once it does', async () => {
    const asked = deferred<void>();
    const answer = deferred<Result<{ sessionId: string }>>();
    const sessionStart = () => {
      asked.resolve();
      return answer.promise;
    };
    setApi(fakeApi({ 'session.start': sessionStart, 'session.list': () => ({ ok: true, value: [] }) }).api);
    const sending = useSession.getState().send('do it');
    await asked.promise;
    useSession
      .getState()
      .applyEvents([sessionEvent('s9', { type: 'turn.started', turn: 1, prompt: 'do it' }), said('s9', 'on it')]);
    expect(texts()).toEqual([]);
    answer.resolve({ ok: true, value: { sessionId: 's9' } });
    await sending;
    expect(texts()).toEqual(['do it', 'on it']);
  });

  it('takes running and usage from session.state of the shown session only', () => {
    useSession.setState({ sessionId: 's1', running: true });
    const usage = { ...ZERO_USAGE, outputTokens: 7 };
    useSession
      .getState()
      .applyEvents([{ type: 'session.state', workspaceId: WS, sessionId: 's2', running: true, usage: ZERO_USAGE }]);
    useSession
      .getState()
      .applyEvents([{ type: 'session.state', workspaceId: WS, sessionId: 's1', running: false, usage }]);
    expect(useSession.getState()).toMatchObject({ running: false, usage });
  });
});

describe('the session list', () => {
  it("lists a session begun beside the shown one (an agent hook's), without switching to it", async () => {
    const listed = { id: 's7', title: 'Update docs/INDEX', cwd: '/w', model: 'gpt-test', startedAt: null };
    const list = deferred<void>();
    const { requests } = fakeApiWith({
      'session.list': () => {
        list.resolve();
        return { ok: true as const, value: [listed] };
      },
    });
    useSession.setState({ sessionId: 's1' });
    useSession
      .getState()
      .applyEvents([
        sessionEvent('s7', { type: 'turn.started', turn: 0, prompt: 'Update docs/INDEX', origin: 'hook' }),
      ]);
    await list.promise;
    expect(requests.filter((r) => r.method === 'session.list')).toHaveLength(1);
    expect(useSession.getState().sessionId).toBe('s1');
  });
});

describe('the review setting as config.toml makes it', () => {
  it('is locked on, with the reason, when the workspace runs under untrusted, and follows a config change', async () => {
    let forcedBy: string | null = 'approval_policy = "untrusted" in config.toml reviews every edit.';
    const settings = () => ({
      ok: true as const,
      value: {
        approvalPolicy: forcedBy ? 'untrusted' : 'on-request',
        sandboxMode: 'read-only',
        reviewEditsForcedBy: forcedBy,
      },
    });
    const { requests } = fakeApiWith({ 'session.settings': settings });
    await useSession.getState().refreshSessions();
    expect(requests.filter((r) => r.method === 'session.settings')).toEqual([
      { method: 'session.settings', params: { workspaceId: WS } },
    ]);
    expect(useSession.getState().reviewForcedBy).toBe(forcedBy);
    forcedBy = null;
    await useSession.getState().refreshSessions();
    expect(useSession.getState().reviewForcedBy).toBeNull();
  });
});

function fakeApiWith(handlers: Parameters<typeof fakeApi>[0]) {
  const fake = fakeApi({ 'session.list': () => ({ ok: true, value: [] }), ...handlers });
  setApi(fake.api);
  return fake;
}
