import { beforeEach, describe, expect, it } from 'vitest';
import {
  SESSION_LOG_VERSION,
  type ReviewFile,
  type SessionEvent,
  type SessionEventBody,
} from '../../../electron/contract';
import { setApi } from './api-instance';
import { useReview } from './review-store';
import { fakeApi } from './testing/fake-api';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: SESSION_LOG_VERSION, session: 's1', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;
const file = (path: string): ReviewFile => ({
  path,
  kind: 'modified',
  binary: false,
  additions: 1,
  deletions: 1,
  hunks: [],
});
const turnChanges = { source: { kind: 'turn' as const, sessionId: 's1', turn: 0 }, files: [], undone: false };
const taskChanges = {
  source: { kind: 'task' as const, workspaceId: 'w', spec: 'x', taskId: '1' },
  files: [],
  undone: false,
};

beforeEach(() => {
  useReview.setState({ changes: null });
  useReview.getState().reset();
});

describe('the review store fed by session events', () => {
  it('holds a requested patch for review with its first file open, and forgets the verdicts of the one before', () => {
    useReview.setState({ verdicts: { 'old.txt': { 0: 'accept' } } });
    useReview
      .getState()
      .ingest('s1', [ev({ type: 'review.requested', turn: 1, callId: 'c1', files: [file('a.txt'), file('b.txt')] })]);
    const state = useReview.getState();
    expect(state.review).toMatchObject({ sessionId: 's1', callId: 'c1', turn: 1 });
    expect(state.selectedPath).toBe('a.txt');
    expect(state.verdicts).toEqual({});
  });

  it("records what was written when that patch's decision comes, and ignores another patch's", () => {
    const store = useReview.getState();
    store.ingest('s1', [ev({ type: 'review.requested', turn: 1, callId: 'c1', files: [file('a.txt')] })]);
    store.ingest('s1', [
      ev({ type: 'review.decided', turn: 1, callId: 'other', decisions: {}, comments: [], error: 'not this one' }),
    ]);
    expect(useReview.getState().review?.outcome).toBeUndefined();
    const outcome = [{ path: 'a.txt', status: 'applied' as const, applied: [0], rejected: [] }];
    store.ingest('s1', [ev({ type: 'review.decided', turn: 1, callId: 'c1', decisions: {}, comments: [], outcome })]);
    expect(useReview.getState().review).toMatchObject({ callId: 'c1', outcome });
  });

  it("collects the turns that have a checkpoint, and a new turn closes a shown turn's change but not a task's", () => {
    const store = useReview.getState();
    store.ingest('s1', [
      ev({ type: 'checkpoint.created', turn: 0, commit: 'a', ref: 'r0' }),
      ev({ type: 'checkpoint.created', turn: 1, commit: 'b', ref: 'r1' }),
    ]);
    expect(useReview.getState().checkpointTurns).toEqual([0, 1]);
    useReview.setState({ changes: turnChanges });
    store.ingest('s1', [ev({ type: 'turn.started', turn: 2, prompt: 'next' })]);
    expect(useReview.getState().changes).toBeNull();
    useReview.setState({ changes: taskChanges });
    store.ingest('s1', [ev({ type: 'turn.started', turn: 3, prompt: 'again' })]);
    expect(useReview.getState().changes).toBe(taskChanges);
  });

  it('reviews the last turn of the session the transcript shows, as the session store last reset it', async () => {
    const { api, requests } = fakeApi({ 'changes.list': () => ({ ok: true, value: [] }) });
    setApi(api);
    useReview.getState().reset('s7');
    useReview.getState().ingest('s7', [ev({ type: 'checkpoint.created', turn: 2, commit: 'c', ref: 'r2' })]);
    await useReview.getState().loadTurn();
    expect(requests[0]).toEqual({
      method: 'changes.list',
      params: { source: { kind: 'turn', sessionId: 's7', turn: 2 }, counts: false },
    });
    useReview.getState().reset(null);
    useReview.getState().ingest('s7', [ev({ type: 'checkpoint.created', turn: 3, commit: 'd', ref: 'r3' })]);
    requests.length = 0;
    await useReview.getState().loadTurn();
    expect(requests).toEqual([]); // no session shown: no turn of it to review
  });
});
