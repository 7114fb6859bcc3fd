import { create } from 'zustand';
import type { SessionEvent, SessionSummaryInfo, Usage, WorkbenchEvent } from '../../../electron/contract';
import { ZERO_USAGE } from '../../../electron/contract';
import { TranscriptBuilder, type TranscriptItem } from '../transcript/transcript-items';
import { api } from './api-instance';
import { setShownSession, useReview } from './review-store';
import { useWorkspace } from './workspace-store';

interface SessionState {
  sessionId: string | null;
  items: TranscriptItem[];
  running: boolean;
  usage: Usage;
  sessions: SessionSummaryInfo[];
  error: string | null;
  /** Hold the agent's patches for review before they are written. */
  reviewEdits: boolean;
  setReviewEdits(on: boolean): Promise<void>;
  send(prompt: string): Promise<boolean>;
  interrupt(): Promise<void>;
  approve(callId: string, decision: 'approved' | 'approved-for-session' | 'denied'): Promise<void>;
  refreshSessions(): Promise<void>;
  resume(sessionId: string): Promise<void>;
  newSession(): void;
  applyEvents(events: WorkbenchEvent[]): void;
}

let builder = new TranscriptBuilder();
/** Events of a session that arrive before the request that started it returns; claimed once its id is known. */
let early = new Map<string, SessionEvent[]>();

/** The transcript of the session shown in the window, fed by session events. */
export const useSession = create<SessionState>()((set, get) => ({
  sessionId: null,
  items: [],
  running: false,
  usage: ZERO_USAGE,
  sessions: [],
  error: null,
  reviewEdits: false,

  async setReviewEdits(on) {
    set({ reviewEdits: on });
    const sessionId = get().sessionId;
    if (!sessionId) return; // applied when the session starts
    const result = await api().request('session.setReviewEdits', { sessionId, on });
    if (!result.ok) set({ error: result.error.message });
  },

  async send(prompt) {
    const workspace = useWorkspace.getState().workspace;
    if (!workspace) return false;
    const sessionId = get().sessionId;
    set({ error: null, running: true });
    if (sessionId) {
      const result = await api().request('session.send', { sessionId, prompt });
      if (!result.ok) set({ error: result.error.message, running: false });
      return result.ok;
    }
    builder = new TranscriptBuilder();
    set({ items: [], usage: ZERO_USAGE });
    const result = await api().request('session.start', { workspaceId: workspace.id, prompt, reviewEdits: get().reviewEdits });
    if (!result.ok) {
      set({ error: result.error.message, running: false });
      return false;
    }
    const startedId = result.value.sessionId;
    const first = early.get(startedId) ?? [];
    useReview.getState().reset();
    setShownSession(startedId);
    useReview.getState().ingest(startedId, first);
    set({ sessionId: startedId, items: builder.apply(first) });
    early = new Map();
    void get().refreshSessions();
    return true;
  },

  async interrupt() {
    const sessionId = get().sessionId;
    if (sessionId) await api().request('session.interrupt', { sessionId });
  },

  async approve(callId, decision) {
    const sessionId = get().sessionId;
    if (!sessionId) return;
    const result = await api().request('session.approve', { sessionId, callId, decision });
    if (!result.ok) set({ error: result.error.message });
  },

  async refreshSessions() {
    const workspace = useWorkspace.getState().workspace;
    if (!workspace) return set({ sessions: [] });
    const result = await api().request('session.list', { workspaceId: workspace.id });
    if (result.ok) set({ sessions: result.value });
  },

  async resume(sessionId) {
    const workspace = useWorkspace.getState().workspace;
    if (!workspace) return;
    const result = await api().request('session.resume', { workspaceId: workspace.id, sessionId });
    if (!result.ok) return set({ error: result.error.message });
    builder = new TranscriptBuilder();
    const events = result.value.events;
    useReview.getState().reset();
    setShownSession(result.value.sessionId);
    useReview.getState().ingest(result.value.sessionId, events);
    const usage = [...events].reverse().find((e): e is Extract<SessionEvent, { type: 'turn.completed' }> => e.type === 'turn.completed')?.sessionUsage ?? ZERO_USAGE;
    set({ sessionId: result.value.sessionId, items: builder.apply(events), usage, running: false, error: null });
    if (get().reviewEdits) void api().request('session.setReviewEdits', { sessionId: result.value.sessionId, on: true });
  },

  newSession() {
    builder = new TranscriptBuilder();
    useReview.getState().reset();
    setShownSession(null);
    set({ sessionId: null, items: [], running: false, usage: ZERO_USAGE, error: null });
  },

  applyEvents(events) {
    const current = get().sessionId;
    const mine: SessionEvent[] = [];
    let state: { running: boolean; usage: Usage } | null = null;
    for (const event of events) {
      if (event.type === 'session.event' && event.sessionId === current) mine.push(event.event);
      else if (event.type === 'session.event' && current === null && early.size < 8) early.set(event.sessionId, [...(early.get(event.sessionId) ?? []), event.event]);
      else if (event.type === 'session.state' && event.sessionId === current) state = { running: event.running, usage: event.usage };
    }
    if (mine.length && current) {
      useReview.getState().ingest(current, mine);
      set({ items: builder.apply(mine) });
    }
    if (state) set(state);
  },
}));
