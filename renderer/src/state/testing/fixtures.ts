import {
  SESSION_LOG_VERSION,
  type SessionEvent,
  type SessionEventBody,
  type WorkbenchEvent,
  type WorkspaceSummary,
} from '../../../../electron/contract';

/** The workspace the store tests open. */
export const WS = 'ws-1';
export const workspace: WorkspaceSummary = { id: WS, root: '/r', name: 'r', git: null };

let seq = 0;
/** A session event of `sessionId` in the test workspace, as Node sends it: each one numbered after the last. */
export const sessionEvent = (sessionId: string, body: SessionEventBody): WorkbenchEvent => ({
  type: 'session.event',
  workspaceId: WS,
  sessionId,
  event: {
    v: SESSION_LOG_VERSION,
    session: sessionId,
    seq: seq++,
    ts: '2026-01-01T00:00:00Z',
    ...body,
  } as SessionEvent,
});
