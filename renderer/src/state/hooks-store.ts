import { create } from 'zustand';
import type { HookInfo, HookList, HookRunResult, SessionEventBody, WorkbenchEvent } from '../../../electron/contract';
import { api } from './api-instance';

export interface HooksState {
  workspaceId: string | null;
  /** Every hook the workspace's sessions see, in the order Node lists them (the home's first). */
  hooks: HookInfo[];
  /** One line per hook file that could not be read: the file and what is wrong. */
  diagnostics: string[];
  repositoryTrust: HookList['repositoryTrust'];
  loaded: boolean;
  error: string | null;
  /** A request on its way, by hook id: its buttons wait. */
  busy: string | null;
  /** The last Run of each manual hook, by id. */
  runs: Record<string, HookRunResult>;
  load(workspaceId: string): Promise<void>;
  clear(): void;
  applyEvents(events: WorkbenchEvent[]): void;
  trust(id: string): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  run(id: string): Promise<void>;
}

/** A run's end as a session's log holds it, as the hook card shows a run. */
function runOf(id: string, ended: Extract<SessionEventBody, { type: 'hook.completed' }>): HookRunResult {
  const message = ended.reason ?? ended.systemMessage;
  return {
    id,
    status: ended.status,
    durationMs: Math.round(ended.durationMs),
    exitCode: ended.exitCode,
    output: ended.output,
    ...(message !== undefined && { message }),
  };
}

const EMPTY = { hooks: [], diagnostics: [], repositoryTrust: null, loaded: false, error: null, busy: null, runs: {} };

/** The hooks of the open workspace, replaced whole by `hooks.changed` (a hook file changed, a trust or switch). */
export const useHooks = create<HooksState>()((set, get) => {
  const shown = (list: HookList) => ({
    hooks: list.hooks,
    diagnostics: list.diagnostics,
    repositoryTrust: list.repositoryTrust,
    loaded: true,
  });
  /** A request about one hook of the shown workspace; a refusal becomes the pane's error line. */
  const ask = async <T>(
    id: string,
    run: (workspaceId: string) => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  ): Promise<T | null> => {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return null;
    set({ error: null, busy: id });
    const result = await run(workspaceId);
    if (get().workspaceId !== workspaceId) return null;
    set({ busy: null });
    if (!result.ok) {
      set({ error: result.error.message });
      return null;
    }
    return result.value;
  };
  return {
    workspaceId: null,
    ...EMPTY,

    async load(workspaceId) {
      if (get().workspaceId !== workspaceId) set({ workspaceId, ...EMPTY });
      const result = await api().request('hooks.list', { workspaceId });
      if (get().workspaceId !== workspaceId) return;
      set(result.ok ? shown(result.value) : { error: result.error.message, loaded: true });
    },

    clear: () => set({ workspaceId: null, ...EMPTY }),

    applyEvents(events) {
      const id = get().workspaceId;
      let list: HookList | null = null;
      let runs = get().runs;
      for (const e of events) {
        if (!('workspaceId' in e) || e.workspaceId !== id) continue;
        if (e.type === 'hooks.changed') list = e.list;
        // A run outside any session (a file hook, a Run with no session open) is shown as its hook's last run.
        if (e.type === 'hooks.run' && e.event.type === 'hook.completed') {
          const { event: ended } = e;
          const hook = (list ?? get()).hooks.find((h) => h.name === ended.hook && h.source.file === ended.file);
          if (hook) runs = { ...runs, [hook.id]: runOf(hook.id, ended) };
        }
      }
      if (list) set(shown(list));
      if (runs !== get().runs) set({ runs });
    },

    async trust(id) {
      const list = await ask(id, (workspaceId) => api().request('hooks.trust', { workspaceId, ids: [id] }));
      if (list) set(shown(list));
    },

    async setEnabled(id, enabled) {
      const list = await ask(id, (workspaceId) => api().request('hooks.setEnabled', { workspaceId, id, enabled }));
      if (list) set(shown(list));
    },

    async run(id) {
      const result = await ask(id, (workspaceId) => api().request('hooks.run', { workspaceId, id }));
      if (result) set({ runs: { ...get().runs, [id]: result } });
    },
  };
});
