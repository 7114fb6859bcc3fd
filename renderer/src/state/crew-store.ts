import { create } from 'zustand';
import type { CrewRunInfo, CrewTaskRow, CrewWorktreeInfo, WorkbenchEvent } from '../../../electron/contract';
import { api } from './api-instance';
import { useReview } from './review-store';
import { useTrust } from './trust-store';
import { useWorkspace } from './workspace-store';

/**
 * The crew run shown in the subagents pane (one row per subagent, fed by `crew.task` events), the runs
 * an earlier app left unfinished, and the task worktrees Trellis made.
 */
interface CrewState {
  runId: string | null;
  spec: string | null;
  rows: CrewTaskRow[];
  paused: boolean;
  finished: { ok: boolean; failures: string[] } | null;
  /** Runs that never finished (the app was closed or killed): resume or dismiss. */
  interrupted: CrewRunInfo[];
  worktrees: CrewWorktreeInfo[] | null;
  error: string | null;
  run(spec: string, options?: { tasks?: string[]; maxParallel?: number; includeOptional?: boolean }): Promise<void>;
  stop(): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  approve(taskId: string): Promise<boolean>;
  reject(taskId: string, comment: string): Promise<boolean>;
  /** A merge conflict: the workspace's branch is merged into the task's worktree, to resolve there by the person or an agent. */
  resolve(taskId: string, by: 'agent' | 'person'): Promise<void>;
  retry(taskId: string): Promise<void>;
  /** Open a task's change in the review pane. */
  review(taskId: string): Promise<void>;
  /** What this workspace's runs are: on opening a workspace, and after reconnecting. */
  load(): Promise<void>;
  resumeRun(runId: string): Promise<void>;
  dismissRun(runId: string): Promise<void>;
  loadWorktrees(): Promise<void>;
  removeWorktree(path: string): Promise<void>;
  applyEvents(events: WorkbenchEvent[]): void;
}

const workspaceId = () => useWorkspace.getState().workspace?.id ?? null;

export const useCrew = create<CrewState>()((set, get) => {
  /** A request whose failure is shown in the pane: its value, or undefined when it failed. */
  const ask = async <T>(request: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T | undefined> => {
    const result = await request;
    if (result.ok) {
      set({ error: null });
      return result.value;
    }
    set({ error: result.error.message });
    return undefined;
  };
  const show = (runId: string, spec: string) => {
    if (get().runId !== runId) set({ runId, spec, finished: null, paused: false, rows: [] });
  };
  const taskRef = (taskId: string) => {
    const id = workspaceId();
    const spec = get().spec;
    return id && spec ? { workspaceId: id, spec, taskId } : null;
  };

  return {
    runId: null,
    spec: null,
    rows: [],
    paused: false,
    finished: null,
    interrupted: [],
    worktrees: null,
    error: null,

    async run(spec, options = {}) {
      const id = workspaceId();
      if (!id) return;
      // A role file changed since the repository was opened: the trust dialog asks before the run starts.
      await useTrust.getState().load(id);
      const { trust, keptUntrusted } = useTrust.getState();
      if (trust?.needsDecision && keptUntrusted !== trust.hash) return;
      const started = await ask(api().request('crew.start', { workspaceId: id, spec, ...options }));
      // Rows that raced ahead of the answer already switched the pane to this run; otherwise start it empty.
      if (started) show(started.runId, spec);
    },

    async stop() {
      const runId = get().runId;
      if (runId) await ask(api().request('crew.stop', { runId }));
    },

    async setPaused(paused) {
      const runId = get().runId;
      if (runId && (await ask(api().request(paused ? 'crew.pause' : 'crew.resume', { runId }))) !== undefined) set({ paused });
    },

    async approve(taskId) {
      const ref = taskRef(taskId);
      return !!ref && (await ask(api().request('crew.approve', ref))) !== undefined;
    },

    async reject(taskId, comment) {
      const ref = taskRef(taskId);
      return !!ref && (await ask(api().request('crew.reject', { ...ref, comment }))) !== undefined;
    },

    async resolve(taskId, by) {
      const ref = taskRef(taskId);
      if (ref) await ask(api().request('crew.resolve', { ...ref, by }));
    },

    async retry(taskId) {
      const ref = taskRef(taskId);
      if (!ref) return;
      const started = await ask(api().request('crew.retry', ref));
      if (started) show(started.runId, ref.spec);
    },

    async review(taskId) {
      const ref = taskRef(taskId);
      if (ref) await useReview.getState().loadTask(ref.workspaceId, ref.spec, ref.taskId);
    },

    async load() {
      const id = workspaceId();
      if (!id) return;
      const runs = await ask(api().request('crew.runs', { workspaceId: id }));
      if (!runs) return;
      const current = runs.filter((r) => r.live).at(-1) ?? runs.filter((r) => r.finished).at(-1);
      if (current) set({ runId: current.runId, spec: current.spec, rows: current.rows, paused: current.paused, finished: current.finished });
      set({ interrupted: runs.filter((r) => !r.live && !r.finished) });
    },

    async resumeRun(runId) {
      const id = workspaceId();
      const run = get().interrupted.find((r) => r.runId === runId);
      if (!id || !run) return;
      const started = await ask(api().request('crew.resumeRun', { workspaceId: id, runId }));
      if (!started) return;
      set({ interrupted: get().interrupted.filter((r) => r.runId !== runId) });
      show(started.runId, run.spec);
    },

    async dismissRun(runId) {
      const id = workspaceId();
      if (id && (await ask(api().request('crew.dismissRun', { workspaceId: id, runId }))) !== undefined) set({ interrupted: get().interrupted.filter((r) => r.runId !== runId) });
    },

    async loadWorktrees() {
      const id = workspaceId();
      if (!id) return;
      const list = await ask(api().request('crew.worktrees', { workspaceId: id }));
      if (list) set({ worktrees: list });
    },

    async removeWorktree(path) {
      const id = workspaceId();
      if (id && (await ask(api().request('crew.removeWorktree', { workspaceId: id, path }))) !== undefined) await get().loadWorktrees();
    },

    applyEvents(events) {
      let rows = get().rows;
      let changed = false;
      for (const event of events) {
        if (event.type === 'crew.task') {
          if (event.runId !== get().runId) {
            // A new run (from this window or another) takes the pane over once the shown one has finished.
            if (get().runId !== undefined && get().finished === null) continue;
            set({ runId: event.runId, spec: event.spec, finished: null, paused: false });
            rows = [];
          }
          const at = rows.findIndex((r) => r.taskId === event.task.taskId);
          rows = at === -1 ? [...rows, event.task] : rows.map((r, i) => (i === at ? event.task : r));
          changed = true;
        } else if (event.type === 'crew.run' && event.run.runId === get().runId) {
          set({ paused: event.run.paused });
        } else if (event.type === 'crew.finished' && event.runId === get().runId) {
          set({ finished: { ok: event.ok, failures: event.failures } });
        }
      }
      if (changed) set({ rows });
    },
  };
});
