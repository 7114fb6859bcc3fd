import { create } from 'zustand';
import type { SessionEvent } from '../../../electron/contract';
import { api } from './api-instance';

type Stage = Extract<SessionEvent, { type: 'spec.stage' }>['stage'];
type StageState = Extract<SessionEvent, { type: 'spec.stage' }>['state'];

/** The spec workflow of the shown session: which stage is being written or waits for approval. */
interface SpecWorkflowState {
  sessionId: string | null;
  spec: string | null;
  stage: Stage | null;
  state: StageState | null;
  file: string | null;
  error: string | null;
  /** While a stage is written: the model's last failure and the retry it waits for (from the loop's retry events). */
  retry: string | null;
  deciding: boolean;
  ingest(sessionId: string, events: SessionEvent[]): void;
  reset(): void;
  decide(decision: 'approve' | 'request-changes' | 'regenerate', comments?: string): Promise<boolean>;
}

const EMPTY = {
  sessionId: null,
  spec: null,
  stage: null,
  state: null,
  file: null,
  error: null,
  retry: null,
  deciding: false,
};

export const useSpecWorkflow = create<SpecWorkflowState>()((set, get) => ({
  ...EMPTY,

  ingest(sessionId, events) {
    for (const event of events) {
      if (event.type === 'spec.stage') {
        set({
          sessionId,
          spec: event.spec,
          stage: event.stage,
          state: event.state,
          file: event.file,
          error: event.error ?? null,
          retry: null,
          deciding: false,
        });
      } else if (event.type === 'error' && event.willRetry && get().state === 'writing') {
        set({ retry: event.message });
      } else if (
        get().retry &&
        (event.type === 'message.delta' || event.type === 'message.completed' || event.type === 'tool.call')
      ) {
        set({ retry: null }); // the model answers again
      }
    }
  },

  reset() {
    set(EMPTY);
  },

  async decide(decision, comments) {
    const { sessionId } = get();
    if (!sessionId) return false;
    set({ deciding: true, error: null });
    const result = await api().request('specs.decide', { sessionId, decision, ...(comments ? { comments } : {}) });
    if (!result.ok) set({ deciding: false, error: result.error.message });
    return result.ok;
  },
}));
