import { create } from 'zustand';
import type { CrewTaskRow, WorkbenchEvent } from '../../../electron/contract';
import { api } from './api-instance';
import { useWorkspace } from './workspace-store';

/** The crew run shown in the subagents pane: one row per subagent, fed by `crew.task` events. */
interface CrewState {
  runId: string | null;
  spec: string | null;
  rows: CrewTaskRow[];
  finished: { ok: boolean; failures: string[] } | null;
  error: string | null;
  run(spec: string, options?: { maxParallel?: number; includeOptional?: boolean }): Promise<void>;
  stop(): Promise<void>;
  applyEvents(events: WorkbenchEvent[]): void;
}

export const useCrew = create<CrewState>()((set, get) => ({
  runId: null,
  spec: null,
  rows: [],
  finished: null,
  error: null,

  async run(spec, options = {}) {
    const workspace = useWorkspace.getState().workspace;
    if (!workspace) return;
    set({ error: null });
    const result = await api().request('specs.run', { workspaceId: workspace.id, spec, ...options });
    if (!result.ok) return set({ error: result.error.message });
    // Rows that raced ahead of the answer already switched the pane to this run; otherwise start it empty.
    if (get().runId !== result.value.runId) set({ runId: result.value.runId, spec, finished: null, rows: [] });
  },

  async stop() {
    const runId = get().runId;
    if (!runId) return;
    const result = await api().request('specs.stopRun', { runId });
    if (!result.ok) set({ error: result.error.message });
  },

  applyEvents(events) {
    let rows = get().rows;
    let changed = false;
    for (const event of events) {
      if (event.type === 'crew.task') {
        if (event.runId !== get().runId) {
          // A new run (from this window or another) takes the pane over once the shown one has finished.
          if (get().runId !== null && get().finished === null) continue;
          set({ runId: event.runId, spec: event.spec, finished: null });
          rows = [];
        }
        const at = rows.findIndex((r) => r.taskId === event.task.taskId);
        rows = at === -1 ? [...rows, event.task] : rows.map((r, i) => (i === at ? event.task : r));
        changed = true;
      } else if (event.type === 'crew.finished' && event.runId === get().runId) {
        set({ finished: { ok: event.ok, failures: event.failures } });
      }
    }
    if (changed) set({ rows });
  },
}));
