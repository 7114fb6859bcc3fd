import { create } from 'zustand';
import type { SessionEvent } from '../../../electron/contract';
import { api } from './api-instance';

export interface QueuedMessage {
  id: string;
  prompt: string;
}

/**
 * Messages the person typed while the agent worked (steer): queued in Node until the turn's next model request
 * (prompt.steered), or the next prompt if the turn ends first (turn.started). Shown queued until then, removable.
 */
interface SteerState {
  sessionId: string | null;
  queued: QueuedMessage[];
  /** Queue it, or with `interrupt` stop the turn and send it next; null when Node took it, else its sentence. */
  steer(sessionId: string, prompt: string, interrupt: boolean): Promise<string | null>;
  remove(id: string): Promise<string | null>;
  ingest(sessionId: string, events: SessionEvent[]): void;
  reset(sessionId: string | null): void;
}

export const useSteer = create<SteerState>()((set, get) => {
  /** Delivered before the steer request's reply came back (the next request was about to go): never queued then. */
  let deliveredEarly: string[] = [];
  return {
    sessionId: null,
    queued: [],

    async steer(sessionId, prompt, interrupt) {
      const result = await api().request('session.steer', { sessionId, prompt, ...(interrupt ? { interrupt } : {}) });
      if (!result.ok) return result.error.message;
      const { queued } = result.value;
      // Delivered already (an idle session takes it as its prompt, or its event raced ahead): nothing waits.
      const early = deliveredEarly.indexOf(prompt);
      if (early >= 0) deliveredEarly = deliveredEarly.filter((_, i) => i !== early);
      else if (queued !== null && get().sessionId === sessionId)
        set({ queued: [...get().queued, { id: queued, prompt }] });
      return null;
    },

    async remove(id) {
      const { sessionId } = get();
      if (!sessionId) return null;
      set({ queued: get().queued.filter((q) => q.id !== id) });
      const result = await api().request('session.unsteer', { sessionId, steerId: id });
      return result.ok ? null : result.error.message;
    },

    ingest(sessionId, events) {
      if (get().sessionId !== sessionId) return get().reset(sessionId);
      let queued = get().queued;
      for (const e of events) {
        if (e.type === 'prompt.steered') {
          const at = queued.findIndex((q) => q.prompt === e.prompt);
          if (at >= 0) queued = queued.filter((_, i) => i !== at);
          else deliveredEarly = [...deliveredEarly.slice(-7), e.prompt];
        } else if (e.type === 'turn.started') {
          // What was left when the turn ended went as this prompt, joined.
          queued = queued.filter((q) => !e.prompt.includes(q.prompt));
        }
      }
      if (queued !== get().queued) set({ queued });
    },

    reset(sessionId) {
      deliveredEarly = [];
      set({ sessionId, queued: [] });
    },
  };
});
