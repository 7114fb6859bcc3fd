import { create } from 'zustand';
import type {
  FileRef,
  McpResourceRef,
  SessionEvent,
  SessionSummaryInfo,
  Usage,
  WorkbenchEvent,
} from '../../../electron/contract';
import { ZERO_USAGE } from '../../../electron/contract';
import { TranscriptBuilder, type TranscriptItem } from '../transcript/transcript-items';
import { api } from './api-instance';
import { useGoal } from './goal-store';
import { usePlanMode } from './plan-mode-store';
import { useReview } from './review-store';
import { useSessionStatus } from './session-status-store';
import { useSpecWorkflow } from './spec-workflow-store';
import { useSteer } from './steer-store';
import { useWorkspace } from './workspace-store';

interface SessionState {
  sessionId: string | null;
  items: TranscriptItem[];
  running: boolean;
  usage: Usage;
  sessions: SessionSummaryInfo[];
  error: string | null;
  /** Hold the agent's patches for review before they are written (the person's choice). */
  reviewEdits: boolean;
  /** Why review is on whatever the person chooses (config.toml's approval policy), or null; refreshed with the sessions list. */
  reviewForcedBy: string | null;
  setReviewEdits(on: boolean): Promise<void>;
  /** `attachments`: repository files and MCP resources Node reads and gives the model with the prompt. */
  send(prompt: string, attachments?: (McpResourceRef | FileRef)[]): Promise<boolean>;
  /** Create a spec and let the agent write it stage by stage; null, or what went wrong. */
  startSpec(spec: {
    name: string;
    kind: 'feature' | 'bugfix';
    workflow: 'requirements-first' | 'design-first' | 'quick';
    description: string;
  }): Promise<string | null>;
  interrupt(): Promise<void>;
  approve(callId: string, decision: 'approved' | 'approved-for-session' | 'denied'): Promise<void>;
  refreshSessions(): Promise<void>;
  resume(sessionId: string): Promise<void>;
  newSession(): void;
  applyEvents(events: WorkbenchEvent[]): void;
}

/**
 * The transcript of the session shown in the window, fed by session events. The review and spec workflow
 * stores follow the shown session: they get its events from here (with those that raced ahead of its id,
 * or were replayed on resume), since only this store knows which session is shown.
 */
export const useSession = create<SessionState>()((set, get) => {
  // The store's own bookkeeping, kept in its closure rather than in module variables.
  let builder = new TranscriptBuilder();
  /** Events of a session that arrive before the request that started it returns; claimed once its id is known. */
  let early = new Map<string, SessionEvent[]>();

  /** Panes that follow the shown session besides the transcript: review, and the spec workflow's approval bar. */
  const resetSideStores = (sessionId: string | null) => {
    useReview.getState().reset(sessionId);
    useSpecWorkflow.getState().reset();
    useGoal.getState().reset(sessionId);
    useSessionStatus.getState().reset(sessionId);
    useSteer.getState().reset(sessionId);
    usePlanMode.getState().reset(sessionId);
  };
  const ingestSide = (sessionId: string, events: SessionEvent[]) => {
    useReview.getState().ingest(sessionId, events);
    useSpecWorkflow.getState().ingest(sessionId, events);
    useGoal.getState().ingest(sessionId, events);
    useSessionStatus.getState().ingest(sessionId, events);
    useSteer.getState().ingest(sessionId, events);
    usePlanMode.getState().ingest(sessionId, events);
  };
  /** A session just started from this window becomes the shown one, with the events that raced ahead of its id. */
  const adopt = (sessionId: string) => {
    const first = early.get(sessionId) ?? [];
    early = new Map();
    resetSideStores(sessionId);
    ingestSide(sessionId, first);
    set({ sessionId, items: builder.apply(first) });
    void get().refreshSessions();
  };

  return {
    sessionId: null,
    items: [],
    running: false,
    usage: ZERO_USAGE,
    sessions: [],
    error: null,
    reviewEdits: false,
    reviewForcedBy: null,

    async setReviewEdits(on) {
      set({ reviewEdits: on });
      const sessionId = get().sessionId;
      if (!sessionId) return; // applied when the session starts
      const result = await api().request('session.setReviewEdits', { sessionId, on });
      if (!result.ok) set({ error: result.error.message });
    },

    async send(prompt, attachments) {
      const workspace = useWorkspace.getState().workspace;
      if (!workspace) return false;
      const sessionId = get().sessionId;
      set({ error: null, running: true });
      if (sessionId) {
        const result = await api().request('session.send', { sessionId, prompt, attachments });
        if (!result.ok) set({ error: result.error.message, running: false });
        return result.ok;
      }
      builder = new TranscriptBuilder();
      set({ items: [], usage: ZERO_USAGE });
      const result = await api().request('session.start', {
        workspaceId: workspace.id,
        prompt,
        reviewEdits: get().reviewEdits,
        attachments,
        // The switch was set before the session existed: its first prompt runs in plan mode.
        ...(usePlanMode.getState().mode === 'plan' ? { mode: 'plan' as const } : {}),
        ...useSessionStatus.getState().pending,
      });
      if (!result.ok) {
        set({ error: result.error.message, running: false });
        return false;
      }
      adopt(result.value.sessionId);
      return true;
    },

    async startSpec(spec) {
      const workspace = useWorkspace.getState().workspace;
      if (!workspace) return 'Open a folder first.';
      builder = new TranscriptBuilder();
      set({ items: [], usage: ZERO_USAGE, error: null, running: true });
      const result = await api().request('specs.startWorkflow', { workspaceId: workspace.id, ...spec });
      if (!result.ok) {
        set({ running: false });
        return result.error.message;
      }
      adopt(result.value.sessionId);
      return null;
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
      const [result] = await Promise.all([
        api().request('session.list', { workspaceId: workspace.id }),
        refreshSettings(workspace.id),
      ]);
      if (result.ok) set({ sessions: result.value });
    },

    async resume(sessionId) {
      const workspace = useWorkspace.getState().workspace;
      if (!workspace) return;
      const result = await api().request('session.resume', { workspaceId: workspace.id, sessionId });
      if (!result.ok) return set({ error: result.error.message });
      builder = new TranscriptBuilder();
      const events = result.value.events;
      resetSideStores(result.value.sessionId);
      ingestSide(result.value.sessionId, events);
      // The last turn's, or a later compaction's (its summary request counts too).
      const usage =
        [...events]
          .reverse()
          .map((e) => (e.type === 'turn.completed' || e.type === 'compaction.completed' ? e.sessionUsage : undefined))
          .find((u) => u !== undefined) ?? ZERO_USAGE;
      set({ sessionId: result.value.sessionId, items: builder.apply(events), usage, running: false, error: null });
      if (get().reviewEdits)
        void api().request('session.setReviewEdits', { sessionId: result.value.sessionId, on: true });
    },

    newSession() {
      builder = new TranscriptBuilder();
      resetSideStores(null);
      set({ sessionId: null, items: [], running: false, usage: ZERO_USAGE, error: null });
    },

    applyEvents(events) {
      const current = get().sessionId;
      const mine: SessionEvent[] = [];
      let state: { running: boolean; usage: Usage } | null = null;
      for (const event of events) {
        if (event.type === 'session.event' && event.sessionId === current) mine.push(event.event);
        else if (event.type === 'session.event' && current === null && early.size < 8)
          early.set(event.sessionId, [...(early.get(event.sessionId) ?? []), event.event]);
        else if (event.type === 'session.state' && event.sessionId === current)
          state = { running: event.running, usage: event.usage };
      }
      if (mine.length && current) {
        ingestSide(current, mine);
        set({ items: builder.apply(mine) });
        // The list's title (the person's first words) exists once these are logged: they may come after the start reply.
        if (mine.some((e) => e.type === 'spec.started' || (e.type === 'turn.started' && e.turn === 0)))
          void get().refreshSessions();
      }
      if (state) set(state);
      // A session begun beside the shown one (an agent hook's prompt starts one when none is open) joins the list.
      if (
        events.some(
          (e) =>
            e.type === 'session.event' &&
            e.sessionId !== current &&
            e.event.type === 'turn.started' &&
            e.event.turn === 0,
        )
      )
        void get().refreshSessions();
    },
  };
});

/** The review setting as config.toml really makes it (sessions started or resumed in the window run under it). */
async function refreshSettings(workspaceId: string): Promise<void> {
  const result = await api().request('session.settings', { workspaceId });
  if (result.ok && result.value) useSession.setState({ reviewForcedBy: result.value.reviewEditsForcedBy });
}
