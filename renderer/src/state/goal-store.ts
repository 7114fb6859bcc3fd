import { create } from 'zustand';
import type { GoalState, SessionEvent } from '../../../electron/contract';
import { api } from './api-instance';

export interface ShownGoal {
  objective: string;
  tokenBudget: number | null;
  tokensUsed: number;
  state: GoalState;
  note: string | null;
  /** When it was set, and when it last changed (ISO 8601): its time runs between them, or until now while active. */
  setAt: string;
  updatedAt: string;
}

export type GoalAction =
  { action: 'set'; objective: string; tokenBudget?: number } | { action: 'pause' | 'resume' | 'clear' };

/** The goal of the shown session, as its goal.updated events leave it; its requests go to Node. */
interface GoalStoreState {
  sessionId: string | null;
  goal: ShownGoal | null;
  ingest(sessionId: string, events: SessionEvent[]): void;
  reset(sessionId: string | null): void;
  /** null when Node took it, else its sentence. */
  request(sessionId: string, action: GoalAction): Promise<string | null>;
}

export const useGoal = create<GoalStoreState>()((set, get) => ({
  sessionId: null,
  goal: null,

  ingest(sessionId, events) {
    let goal = get().sessionId === sessionId ? get().goal : null;
    for (const e of events) {
      if (e.type !== 'goal.updated') continue;
      goal =
        e.state === 'cleared'
          ? null
          : {
              objective: e.objective,
              tokenBudget: e.tokenBudget,
              tokensUsed: e.tokensUsed,
              state: e.state,
              note: e.note ?? null,
              setAt: e.setAt ?? goal?.setAt ?? e.ts,
              updatedAt: e.ts,
            };
    }
    set({ sessionId, goal });
  },

  reset(sessionId) {
    set({ sessionId, goal: null });
  },

  async request(sessionId, action) {
    const result = await api().request('session.goal', { sessionId, ...action });
    return result.ok ? null : result.error.message;
  },
}));
