import { create } from 'zustand';
import type { PaneId, WorkbenchLayout } from '../../../electron/contract';
import { api } from './api-instance';

interface LayoutState {
  loaded: boolean;
  layout: WorkbenchLayout | null;
  load(): Promise<void>;
  setSizes(sizes: Record<string, number>): void;
  setCollapsed(pane: PaneId, collapsed: boolean): void;
}

const SAVE_DELAY_MS = 300;

/** The pane layout, remembered by the workbench (not the browser), so every face and port shares it. */
export const useLayout = create<LayoutState>()((set, get) => {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const layout = get().layout;
      if (layout) void api().request('layout.set', { layout });
    }, SAVE_DELAY_MS);
  };
  const current = (): WorkbenchLayout => get().layout ?? { sizes: {}, collapsed: [] };
  return {
    loaded: false,
    layout: null,
    async load() {
      const result = await api().request('layout.get', {});
      set({ loaded: true, layout: result.ok ? result.value : null });
    },
    setSizes(sizes) {
      set({ layout: { ...current(), sizes } });
      save();
    },
    setCollapsed(pane, collapsed) {
      const others = current().collapsed.filter((p) => p !== pane);
      set({ layout: { ...current(), collapsed: collapsed ? [...others, pane] : others } });
      save();
    },
  };
});
