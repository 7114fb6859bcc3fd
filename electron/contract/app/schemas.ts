import { z } from 'zod';
import { lazy } from '../lazy';

/** The workbench's panes, in the order they stand side by side. */
export const PANE_IDS = ['workspace', 'spec', 'graph', 'review', 'subagents', 'mcp', 'transcript'] as const;
export type PaneId = (typeof PANE_IDS)[number];

/** The app, its shell and its remembered state (recent folders, the panes' layout). Built on first use. */
export const appSchemas = lazy(() => {
  const AppInfo = z.object({
    name: z.string(),
    version: z.string(),
    platform: z.string(),
    /** Which face the renderer is running in. */
    shell: z.enum(['electron', 'browser']),
    /** Whether workspace.pickFolder can show a native dialog. */
    canPickFolder: z.boolean(),
    /** Whether API keys can be kept in the OS keychain (the desktop app). */
    canStoreSecrets: z.boolean(),
    /** A workspace the shell asked to open at start (`trellis serve DIR`). */
    initialPath: z.string().nullable(),
  });

  const PaneId = z.enum(PANE_IDS);

  const WorkbenchLayout = z.object({
    /** Percentages of the window's width, keyed by pane id. */
    sizes: z.record(z.string().max(40), z.number().min(0).max(100)),
    collapsed: z.array(PaneId),
  });

  const RecentWorkspace = z.object({
    path: z.string(),
    name: z.string(),
    openedAt: z.string(),
  });

  return { AppInfo, PaneId, WorkbenchLayout, RecentWorkspace };
});

type Schemas = ReturnType<typeof appSchemas>;
export type AppInfo = z.infer<Schemas['AppInfo']>;
export type WorkbenchLayout = z.infer<Schemas['WorkbenchLayout']>;
export type RecentWorkspace = z.infer<Schemas['RecentWorkspace']>;
