import { create } from 'zustand';
import type { ReasoningEffort, SessionEvent, SessionStatus } from '../../../electron/contract';
import { api } from './api-instance';
import { useWorkspace } from './workspace-store';

interface SessionStatusState {
  /** The shown session's id (null: a new session, not started yet). */
  sessionId: string | null;
  /** What the shown session runs with, or what a new one would start with (config.toml); null until known. */
  status: SessionStatus | null;
  /** The models /model offers (config.toml's provider); any other name may be typed. */
  models: string[];
  /** Tokens the session's last request held: the context in use. */
  contextTokens: number;
  /** /model before the first message: the session starts on it (session.start's model). */
  pending: { model: string; reasoningEffort?: ReasoningEffort } | null;
  /** Follow another session (or none): its context starts at zero until its events say more. */
  reset(sessionId: string | null): void;
  ingest(sessionId: string, events: SessionEvent[]): void;
  refresh(): Promise<void>;
  /** /model: null once switched, or what went wrong. */
  setModel(model: string, reasoningEffort?: ReasoningEffort): Promise<string | null>;
}

/** The model, limits and context use of the shown session, for /status, /model and the context meter. */
export const useSessionStatus = create<SessionStatusState>()((set, get) => ({
  sessionId: null,
  status: null,
  models: [],
  contextTokens: 0,
  pending: null,

  reset(sessionId) {
    // A session started (or resumed, or left) has its own model: a choice made before it is spent.
    set({ sessionId, contextTokens: 0, pending: null });
    void get().refresh();
  },

  ingest(sessionId, events) {
    if (sessionId !== get().sessionId) return;
    let contextTokens: number | undefined;
    let modelChanged = false;
    for (const e of events) {
      if (e.type === 'turn.completed' && e.contextTokens !== undefined) contextTokens = e.contextTokens;
      if (e.type === 'model.changed') modelChanged = true;
    }
    if (contextTokens !== undefined) set({ contextTokens });
    if (modelChanged) void get().refresh();
  },

  async refresh() {
    const workspace = useWorkspace.getState().workspace;
    const { sessionId } = get();
    if (!workspace) return set({ status: null });
    const settings = await api().request('session.settings', { workspaceId: workspace.id });
    const current = sessionId ? await api().request('session.status', { sessionId }) : null;
    if (get().sessionId !== sessionId || !settings.ok) return;
    const { model, reasoningEffort, provider, contextWindowTokens, sandboxMode, approvalPolicy, models } =
      settings.value;
    const { pending } = get();
    const fresh: SessionStatus | null = current?.ok
      ? current.value
      : pending
        ? {
            model: pending.model,
            reasoningEffort: pending.reasoningEffort ?? reasoningEffort,
            provider,
            // The window of the chosen model is Node's to know; the configured one's stands in until the start.
            contextWindowTokens,
            sandboxMode,
            approvalPolicy,
          }
        : model
          ? { model, reasoningEffort, provider, contextWindowTokens, sandboxMode, approvalPolicy }
          : null;
    set({ status: fresh, models });
  },

  async setModel(model, reasoningEffort) {
    const { sessionId } = get();
    if (!sessionId) {
      // Checked by Node when the session starts with it (session.start), as a switch would be.
      set({ pending: { model, reasoningEffort } });
      await get().refresh();
      return null;
    }
    const result = await api().request('session.setModel', { sessionId, model, reasoningEffort });
    if (!result.ok) return result.error.message;
    if (get().sessionId === sessionId) set({ status: result.value });
    return null;
  },
}));
