import { create } from 'zustand';
import type {
  AppInfo,
  DirListing,
  GitStatus,
  RecentWorkspace,
  WorkbenchEvent,
  WorkspaceSummary,
} from '../../../electron/contract';
import { api } from './api-instance';

export interface WorkspaceState {
  app: AppInfo | null;
  recents: RecentWorkspace[];
  workspace: WorkspaceSummary | null;
  opening: boolean;
  /** The last thing that went wrong, in words for the person. */
  error: string | null;
  listings: Record<string, DirListing>;
  expanded: Record<string, boolean>;
  status: GitStatus | null;
  statusLoading: boolean;
  selectedFile: string | null;

  start(): Promise<void>;
  open(path: string): Promise<boolean>;
  close(): Promise<void>;
  toggleDir(dir: string): Promise<void>;
  initGit(): Promise<void>;
  removeRecent(path: string): Promise<void>;
  selectFile(path: string | null): void;
  dismissError(): void;
  applyEvents(events: WorkbenchEvent[]): void;
}

const closedWorkspace = {
  workspace: null,
  listings: {},
  expanded: {},
  status: null,
  statusLoading: false,
  selectedFile: null,
} satisfies Partial<WorkspaceState>;

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  app: null,
  recents: [],
  opening: false,
  error: null,
  ...closedWorkspace,

  async start() {
    const [info, recents] = await Promise.all([api().request('app.info', {}), api().request('recents.list', {})]);
    set({ app: info.ok ? info.value : null, recents: recents.ok ? recents.value : [] });
    if (info.ok && info.value.initialPath) await get().open(info.value.initialPath);
  },

  async open(path) {
    set({ opening: true, error: null });
    const previous = get().workspace;
    const result = await api().request('workspace.open', { path });
    if (!result.ok) {
      set({ opening: false, error: result.error.message });
      return false;
    }
    if (previous && previous.id !== result.value.id)
      void api().request('workspace.close', { workspaceId: previous.id });
    const workspace = result.value;
    set({ ...closedWorkspace, workspace, opening: false, statusLoading: workspace.git !== null });
    // Tree and status are asked for together; the tree (one readdir) never waits on git's whole walk.
    void refreshStatus(workspace.id);
    await loadDir(workspace.id, '');
    const recents = await api().request('recents.list', {});
    if (recents.ok) set({ recents: recents.value });
    return true;
  },

  async close() {
    const workspace = get().workspace;
    if (workspace) await api().request('workspace.close', { workspaceId: workspace.id });
    set({ ...closedWorkspace });
  },

  async toggleDir(dir) {
    const expanded = !get().expanded[dir];
    set((s) => ({ expanded: { ...s.expanded, [dir]: expanded } }));
    const workspace = get().workspace;
    if (expanded && workspace && !get().listings[dir]) await loadDir(workspace.id, dir);
  },

  async initGit() {
    const workspace = get().workspace;
    if (!workspace) return;
    const result = await api().request('workspace.initGit', { workspaceId: workspace.id });
    if (!result.ok) return set({ error: result.error.message });
    set({ workspace: result.value, statusLoading: true });
    void refreshStatus(workspace.id);
  },

  async removeRecent(path) {
    const result = await api().request('recents.remove', { path });
    if (result.ok) set({ recents: result.value });
  },

  selectFile: (path) => set({ selectedFile: path }),
  dismissError: () => set({ error: null }),

  applyEvents(events) {
    const id = get().workspace?.id;
    let listings: Record<string, DirListing> | null = null;
    const patch: Partial<WorkspaceState> = {};
    for (const event of events) {
      if (!('workspaceId' in event) || event.workspaceId !== id) continue;
      if (event.type === 'workspace.dirChanged') {
        listings ??= { ...get().listings };
        listings[event.listing.dir] = event.listing;
      } else if (event.type === 'workspace.status') {
        Object.assign(patch, { status: event.status, statusLoading: false });
      } else if (event.type === 'workspace.summary') {
        patch.workspace = event.summary;
      } else if (event.type === 'workspace.removed') {
        patch.error = event.message;
      }
    }
    if (listings) patch.listings = listings;
    set(patch);
  },
}));

async function loadDir(workspaceId: string, dir: string): Promise<void> {
  const result = await api().request('workspace.listDir', { workspaceId, dir });
  if (useWorkspace.getState().workspace?.id !== workspaceId) return;
  if (!result.ok) return useWorkspace.setState({ error: result.error.message });
  useWorkspace.setState((s) => ({ listings: { ...s.listings, [dir]: result.value } }));
}

async function refreshStatus(workspaceId: string): Promise<void> {
  const result = await api().request('workspace.status', { workspaceId });
  if (useWorkspace.getState().workspace?.id !== workspaceId) return;
  if (!result.ok) return useWorkspace.setState({ statusLoading: false, error: result.error.message });
  useWorkspace.setState({ status: result.value, statusLoading: false });
}
