import { create } from 'zustand';
import type { RepositoryTrust, WorkbenchEvent } from '../../../electron/contract';
import { api } from './api-instance';

export interface TrustState {
  /** The open repository's trust, once asked. */
  trust: RepositoryTrust | null;
  workspaceId: string | null;
  /** The person chose "Keep untrusted" for what is shown now (hash); asked again if the files change. */
  keptUntrusted: string | null;
  busy: boolean;
  error: string | null;
  load(workspaceId: string): Promise<void>;
  /** The workspace closed: nothing is shown, and an answer still on its way is dropped. */
  clear(): void;
  decide(trust: boolean): Promise<void>;
  keepUntrusted(): void;
  /** Show the question again after "Keep untrusted" (from the transcript's note that the repository's hooks did not run, and the hooks list). */
  reviewAgain(): void;
  applyEvents(events: WorkbenchEvent[]): void;
}

export const useTrust = create<TrustState>()((set, get) => ({
  trust: null,
  workspaceId: null,
  keptUntrusted: null,
  busy: false,
  error: null,

  async load(workspaceId) {
    if (get().workspaceId !== workspaceId) set({ trust: null, workspaceId, keptUntrusted: null, error: null });
    const result = await api().request('trust.get', { workspaceId });
    if (get().workspaceId !== workspaceId) return;
    set(result.ok ? { trust: result.value, error: null } : { error: result.error.message });
  },

  clear: () => set({ trust: null, workspaceId: null, keptUntrusted: null, busy: false, error: null }),

  async decide(trust) {
    const { workspaceId, trust: shown } = get();
    if (!workspaceId || !shown) return;
    set({ busy: true, error: null });
    const result = await api().request('trust.decide', { workspaceId, trust, hash: shown.hash });
    set({ busy: false });
    if (result.ok) set({ trust: result.value });
    else {
      set({ error: result.error.message });
      await get().load(workspaceId); // show what the files say now
    }
  },

  keepUntrusted: () => set((s) => ({ keptUntrusted: s.trust?.hash ?? null })),
  reviewAgain: () => set({ keptUntrusted: null }),

  applyEvents(events) {
    const id = get().workspaceId;
    // A role file added, removed or renamed: look again (an edit in place is caught when the next run starts, headless, or on reopening).
    if (
      id &&
      events.some(
        (e) => e.type === 'workspace.dirChanged' && e.workspaceId === id && /^\.trellis(\/|$)/.test(e.listing.dir),
      )
    )
      void get().load(id);
  },
}));
