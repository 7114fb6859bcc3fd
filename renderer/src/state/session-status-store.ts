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

  reset(sessionId) {
    set({ sessionId, contextTokens: 0 });
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
    const fresh: SessionStatus | null = current?.ok
      ? current.value
      : model
        ? { model, reasoningEffort, provider, contextWindowTokens, sandboxMode, approvalPolicy }
        : null;
    set({ status: fresh, models });
  },

  async setModel(model, reasoningEffort) {
    const { sessionId } = get();
    if (!sessionId)
      return 'No session yet: send the first message, then switch its model with /model (config.toml sets the model new sessions start with).';
    const result = await api().request('session.setModel', { sessionId, model, reasoningEffort });
    if (!result.ok) return result.error.message;
    if (get().sessionId === sessionId) set({ status: result.value });
    return null;
  },
}));
