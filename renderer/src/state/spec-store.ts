import { create } from 'zustand';
import type { DirListing, SpecDetail, SpecKind, SpecLayout, SpecSummary, SpecWorkflow, TaskStatus } from '../../../electron/contract';
import { api } from './api-instance';
import { useWorkspace } from './workspace-store';

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

  refresh(): Promise<void>;
  select(ref: SpecRef): Promise<void>;
  /** Returns an error message for the form, or null once the spec exists (and is selected). */
  create(name: string, kind: SpecKind, workflow: SpecWorkflow): Promise<string | null>;
  /** A spec made elsewhere (the agent's workflow made its folder): list it and show it, without waiting for the watcher. */
  showCreated(name: string): Promise<void>;
  setTaskStatus(taskId: string, status: TaskStatus): Promise<void>;
  selectTask(taskId: string | null): void;
}

const empty = { specs: [], listLoaded: false, selected: null, detail: null, error: null, selectedTask: null } satisfies Partial<SpecState>;
const sameRef = (a: SpecRef | null, b: SpecRef | null) => a?.name === b?.name && a?.layout === b?.layout;

/** Bumped on every load, so an answer that arrives after a newer question is dropped. */
let generation = 0;
/** Counts spec list requests: an answer to an older one than the latest is dropped. */
let listGeneration = 0;

export const useSpecs = create<SpecState>()((set, get) => ({
  workspaceId: null,
  ...empty,

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
    const result = await api().request('specs.setTaskStatus', { workspaceId, spec: selected.name, layout: selected.layout, taskId, status });
    if (ticket !== generation || get().workspaceId !== workspaceId) return;
    if (!result.ok) return set({ error: result.error.message });
    set({ detail: result.value });
  },

  selectTask: (taskId) => set({ selectedTask: taskId }),
}));

// Fed by the workspace store, which the contract's events feed: a new workspace starts a fresh list, and a
// `workspace.dirChanged` under .kiro (or the root gaining .kiro) reloads the list and the open spec, debounced.
const RELOAD_DEBOUNCE_MS = 150;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleReload(): void {
  if (reloadTimer) clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    void useSpecs.getState().refresh();
  }, RELOAD_DEBOUNCE_MS);
}

/** Whether a changed listing concerns specs: anything under .kiro, or the root when .kiro appears or goes. */
export function touchesSpecs(dir: string, before: DirListing | undefined, after: DirListing): boolean {
  if (dir === '.kiro' || dir.startsWith('.kiro/')) return true;
  if (dir !== '') return false;
  const hasKiro = (l: DirListing | undefined) => Boolean(l?.entries.some((e) => e.name === '.kiro'));
  return hasKiro(before) !== hasKiro(after);
}

function bindWorkspace(workspaceId: string | null): void {
  if (useSpecs.getState().workspaceId === workspaceId) return;
  generation++;
  useSpecs.setState({ workspaceId, ...empty });
  if (workspaceId) void useSpecs.getState().refresh();
}

bindWorkspace(useWorkspace.getState().workspace?.id ?? null);
useWorkspace.subscribe((state, previous) => {
  const id = state.workspace?.id ?? null;
  if (id !== (previous.workspace?.id ?? null)) return bindWorkspace(id);
  if (!id || state.listings === previous.listings) return;
  for (const [dir, listing] of Object.entries(state.listings)) {
    if (previous.listings[dir] !== listing && touchesSpecs(dir, previous.listings[dir], listing)) return scheduleReload();
  }
});
