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
/** A run the pane knows of: the shown one, or one whose events arrived while another was shown. */
export interface CrewRunView {
  runId: string;
  spec: string;
  rows: CrewTaskRow[];
  paused: boolean;
  finished: { ok: boolean; failures: string[] } | null;
}

interface CrewState {
  /** The workspace the runs below belong to. */
  workspaceId: string | null;
  runId: string | null;
  spec: string | null;
  rows: CrewTaskRow[];
  paused: boolean;
  finished: { ok: boolean; failures: string[] } | null;
  /** Runs that never finished (the app was closed or killed): resume or dismiss. */
  interrupted: CrewRunInfo[];
  worktrees: CrewWorktreeInfo[] | null;
  error: string | null;
  /**
   * Runs whose events arrived while another run was shown (started from the CLI or another window), kept
   * with every row so that showing them later loses nothing.
   */
  others: Record<string, CrewRunView>;
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
  /** What this workspace's runs are: asked by the event router whenever a workspace opens. */
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
  const ask = async <T>(
    request: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  ): Promise<T | undefined> => {
    const result = await request;
    if (result.ok) {
      set({ error: null });
      return result.value;
    }
    set({ error: result.error.message });
    return undefined;
  };
  /** Show a run this window started or resumed, with whatever of it already arrived. */
  const show = (runId: string, spec: string) => {
    const state = get();
    if (state.runId === runId) return;
    set(showRun(state, state.others[runId] ?? { runId, spec, rows: [], paused: false, finished: null }));
  };
  const taskRef = (taskId: string) => {
    const id = workspaceId();
    const spec = get().spec;
    return id && spec ? { workspaceId: id, spec, taskId } : null;
  };

  return {
    workspaceId: null,
    runId: null,
    spec: null,
    rows: [],
    paused: false,
    finished: null,
    interrupted: [],
    worktrees: null,
    error: null,
    others: {},

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
      if (runId && (await ask(api().request(paused ? 'crew.pause' : 'crew.resume', { runId }))) !== undefined)
        set({ paused });
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
      // Another repository's runs are not this one's.
      if (get().workspaceId !== id) set({ ...NO_RUN, workspaceId: id, worktrees: null, interrupted: [] });
      const runs = await ask(api().request('crew.runs', { workspaceId: id }));
      if (!runs || workspaceId() !== id) return;
      const current = runs.filter((r) => r.live).at(-1) ?? runs.filter((r) => r.finished).at(-1);
      if (current) set(showRun(get(), current));
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
      if (id && (await ask(api().request('crew.dismissRun', { workspaceId: id, runId }))) !== undefined)
        set({ interrupted: get().interrupted.filter((r) => r.runId !== runId) });
    },

    async loadWorktrees() {
      const id = workspaceId();
      if (!id) return;
      const list = await ask(api().request('crew.worktrees', { workspaceId: id }));
      if (list) set({ worktrees: list });
    },

    async removeWorktree(path) {
      const id = workspaceId();
      if (id && (await ask(api().request('crew.removeWorktree', { workspaceId: id, path }))) !== undefined)
        await get().loadWorktrees();
    },

    applyEvents(events) {
      const next = applyCrewEvents(get(), workspaceId(), events);
      if (next) set(next);
    },
  };
});

const NO_RUN = {
  runId: null,
  spec: null,
  rows: [],
  paused: false,
  finished: null,
  others: {},
} satisfies Partial<CrewState>;

type Shown = Pick<CrewState, 'runId' | 'spec' | 'rows' | 'paused' | 'finished' | 'others'>;

/** Make `view` the shown run; the one shown before is kept with the others while it has not finished. */
function showRun(state: Shown, view: CrewRunView): Shown {
  const others = { ...state.others };
  delete others[view.runId];
  if (state.runId !== null && state.runId !== view.runId && state.spec !== null && state.finished === null) {
    others[state.runId] = {
      runId: state.runId,
      spec: state.spec,
      rows: state.rows,
      paused: state.paused,
      finished: state.finished,
    };
  }
  return { runId: view.runId, spec: view.spec, rows: view.rows, paused: view.paused, finished: view.finished, others };
}

/**
 * The crew events of the open workspace applied to what the pane shows; null when none concerned it.
 * Every row is kept: a run's events that arrive while another is shown wait in `others`, and a run takes
 * the pane over when nothing is shown (events racing ahead of `crew.start`'s reply, a run started from
 * the CLI) or the shown one has finished.
 */
export function applyCrewEvents(state: Shown, workspaceId: string | null, events: WorkbenchEvent[]): Shown | null {
  let next: Shown = state;
  let changed = false;
  const update = (runId: string, spec: string, change: (view: CrewRunView) => CrewRunView) => {
    const shown = next.runId === runId;
    const view = shown
      ? { runId, spec: next.spec ?? spec, rows: next.rows, paused: next.paused, finished: next.finished }
      : (next.others[runId] ?? { runId, spec, rows: [], paused: false, finished: null });
    const updated = change(view);
    if (shown) next = { ...next, rows: updated.rows, paused: updated.paused, finished: updated.finished };
    else next = { ...next, others: { ...next.others, [runId]: updated } };
    changed = true;
  };
  for (const event of events) {
    if (event.type !== 'crew.task' && event.type !== 'crew.run' && event.type !== 'crew.finished') continue;
    if (workspaceId !== null && event.workspaceId !== workspaceId) continue;
    if (event.type === 'crew.task') {
      update(event.runId, event.spec, (view) => {
        const at = view.rows.findIndex((r) => r.taskId === event.task.taskId);
        return {
          ...view,
          rows: at === -1 ? [...view.rows, event.task] : view.rows.map((r, i) => (i === at ? event.task : r)),
        };
      });
      // A new run (from this window or another) takes the pane over once nothing, or a finished run, is shown.
      if (next.runId !== event.runId && (next.runId === null || next.finished !== null))
        next = showRun(next, next.others[event.runId]);
    } else if (event.type === 'crew.run') {
      update(event.run.runId, event.run.spec, (view) => ({ ...view, paused: event.run.paused }));
    } else {
      update(event.runId, event.spec, (view) => ({ ...view, finished: { ok: event.ok, failures: event.failures } }));
    }
  }
  return changed ? next : null;
}
