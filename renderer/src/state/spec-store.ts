import { create } from 'zustand';
import type {
  DirListing,
  SpecDetail,
  SpecKind,
  SpecLayout,
  SpecSummary,
  SpecWorkflow,
  TaskStatus,
  WorkbenchEvent,
} from '../../../electron/contract';
import { api } from './api-instance';

export interface SpecRef {
  name: string;
  layout: SpecLayout;
}

export interface SpecState {
  workspaceId: string | null;
  specs: SpecSummary[];
  listLoaded: boolean;
  selected: SpecRef | null;
  detail: SpecDetail | null;
  /** The last thing that went wrong loading or editing specs, in words for the person. */
  error: string | null;
  /** The task shown in the graph pane's side panel. */
  selectedTask: string | null;
  /** Whether the root's last listing showed a .kiro folder (null before one arrived): its coming or going reloads. */
  kiroAtRoot: boolean | null;

  /** Follow another workspace (or none): a fresh list, loaded at once. */
  bind(workspaceId: string | null): void;
  refresh(): Promise<void>;
  select(ref: SpecRef): Promise<void>;
  /** Returns an error message for the form, or null once the spec exists (and is selected). */
  create(name: string, kind: SpecKind, workflow: SpecWorkflow): Promise<string | null>;
  /** A spec made elsewhere (the agent's workflow made its folder): list it and show it, without waiting for the watcher. */
  showCreated(name: string): Promise<void>;
  setTaskStatus(taskId: string, status: TaskStatus): Promise<void>;
  selectTask(taskId: string | null): void;
  /** A `workspace.dirChanged` under .kiro (or the root gaining or losing .kiro) reloads the list and the open spec, debounced. */
  applyEvents(events: WorkbenchEvent[]): void;
}

const empty = {
  specs: [],
  listLoaded: false,
  selected: null,
  detail: null,
  error: null,
  selectedTask: null,
  kiroAtRoot: null,
} satisfies Partial<SpecState>;
const sameRef = (a: SpecRef | null, b: SpecRef | null) => a?.name === b?.name && a?.layout === b?.layout;
const RELOAD_DEBOUNCE_MS = 150;

/** Whether a changed listing concerns specs: anything under .kiro, or the root when .kiro appears or goes. */
export function touchesSpecs(listing: DirListing, kiroAtRoot: boolean | null): boolean {
  const dir = listing.dir;
  if (dir === '.kiro' || dir.startsWith('.kiro/')) return true;
  return dir === '' && hasKiro(listing) !== (kiroAtRoot ?? false);
}

function hasKiro(listing: DirListing): boolean {
  return listing.entries.some((e) => e.name === '.kiro');
}

export const useSpecs = create<SpecState>()((set, get) => {
  // The store's own bookkeeping, kept in its closure rather than in module variables.
  /** Bumped on every load, so an answer that arrives after a newer question is dropped. */
  let generation = 0;
  /** Counts spec list requests: an answer to an older one than the latest is dropped. */
  let listGeneration = 0;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  const scheduleReload = () => {
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().refresh();
    }, RELOAD_DEBOUNCE_MS);
  };

  return {
    workspaceId: null,
    ...empty,

    bind(workspaceId) {
      if (get().workspaceId === workspaceId) return;
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = null;
      generation++;
      set({ workspaceId, ...empty });
      if (workspaceId) void get().refresh();
    },

    async refresh() {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return;
      const ticket = ++listGeneration;
      const result = await api().request('specs.list', { workspaceId });
      // Lists asked for one after another (changes on disk in quick succession) may answer out of order: only the
      // latest is shown, or the list would stay at an earlier state of the repository.
      if (ticket !== listGeneration || get().workspaceId !== workspaceId) return;
      if (!result.ok) return set({ error: result.error.message, listLoaded: true });
      const specs = result.value;
      let selected = get().selected;
      if (selected && !specs.some((s) => sameRef(s, selected))) selected = null;
      selected ??= specs[0] ? { name: specs[0].name, layout: specs[0].layout } : null;
      set({ specs, listLoaded: true });
      if (!selected) return set({ selected: null, detail: null, selectedTask: null });
      await get().select(selected);
    },

    async select(ref) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return;
      const ticket = ++generation;
      const changed = !sameRef(ref, get().selected);
      set(changed ? { selected: ref, detail: null, selectedTask: null } : { selected: ref });
      const result = await api().request('specs.load', { workspaceId, spec: ref.name, layout: ref.layout });
      if (ticket !== generation || get().workspaceId !== workspaceId) return;
      if (!result.ok) return set({ error: result.error.message, detail: null });
      set({ detail: result.value });
    },

    async create(name, kind, workflow) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return 'Open a repository first.';
      const result = await api().request('specs.create', { workspaceId, name, kind, workflow });
      if (!result.ok) return result.error.message;
      await get().showCreated(result.value.name);
      return null;
    },

    async showCreated(name) {
      set({ selected: { name, layout: 'specs' } });
      await get().refresh();
    },

    async setTaskStatus(taskId, status) {
      const { workspaceId, selected } = get();
      if (!workspaceId || !selected) return;
      const ticket = ++generation;
      const result = await api().request('specs.setTaskStatus', {
        workspaceId,
        spec: selected.name,
        layout: selected.layout,
        taskId,
        status,
      });
      if (ticket !== generation || get().workspaceId !== workspaceId) return;
      if (!result.ok) return set({ error: result.error.message });
      set({ detail: result.value });
    },

    selectTask: (taskId) => set({ selectedTask: taskId }),

    applyEvents(events) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return;
      let reload = false;
      for (const event of events) {
        if (event.type !== 'workspace.dirChanged' || event.workspaceId !== workspaceId) continue;
        if (touchesSpecs(event.listing, get().kiroAtRoot)) reload = true;
        if (event.listing.dir === '') set({ kiroAtRoot: hasKiro(event.listing) });
      }
      if (reload) scheduleReload();
    },
  };
});
