import { create } from 'zustand';
import type { SessionEvent } from '../../../electron/contract';
import { api } from './api-instance';

export type SessionMode = 'default' | 'plan';

/**
 * Plan mode of the shown session, as its mode.changed events leave it; before a session exists, the mode its first
 * prompt will run in. Node switches a running turn at its next model request: until then the switch is `requested`.
 */
interface PlanModeState {
  sessionId: string | null;
  mode: SessionMode;
  requested: SessionMode | null;
  ingest(sessionId: string, events: SessionEvent[]): void;
  reset(sessionId: string | null): void;
  /** null when Node took it (or no session exists yet), else its sentence. */
  setMode(mode: SessionMode): Promise<string | null>;
}

export const usePlanMode = create<PlanModeState>()((set, get) => ({
  sessionId: null,
  mode: 'default',
  requested: null,

  ingest(sessionId, events) {
    const same = get().sessionId === sessionId;
    let mode = same ? get().mode : 'default';
    let requested = same ? get().requested : null;
    for (const e of events) {
      if (e.type !== 'mode.changed') continue;
      mode = e.mode;
      if (requested === e.mode) requested = null;
    }
    set({ sessionId, mode, requested });
  },

  reset(sessionId) {
    // A new session keeps the mode the person chose for it; a session shown again takes its own from its events.
    set({ sessionId, requested: null, ...(sessionId ? { mode: 'default' as const } : {}) });
  },

  async setMode(mode) {
    const { sessionId } = get();
    if (!sessionId) {
      set({ mode });
      return null;
    }
    if (mode === get().mode && get().requested === null) return null;
    set({ requested: mode === get().mode ? null : mode });
    const result = await api().request('session.setMode', { sessionId, mode });
    if (result.ok) return null;
    set({ requested: null });
    return result.error.message;
  },
}));

/** The mode the person sees: the one asked for while it waits to take effect. */
export function shownMode(state: Pick<PlanModeState, 'mode' | 'requested'>): SessionMode {
  return state.requested ?? state.mode;
}

/** Plan mode on when off, off when on; null, or why Node refused. */
export function togglePlanMode(): Promise<string | null> {
  const state = usePlanMode.getState();
  return state.setMode(shownMode(state) === 'plan' ? 'default' : 'plan');
}
