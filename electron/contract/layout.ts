import { z } from 'zod';

/** The workbench's panes, in the order they stand side by side. */
export const PANE_IDS = ['workspace', 'spec', 'graph', 'review', 'subagents', 'transcript'] as const;
export const PaneIdSchema = z.enum(PANE_IDS);
export type PaneId = z.infer<typeof PaneIdSchema>;

export const WorkbenchLayoutSchema = z.object({
  /** Percentages of the window's width, keyed by pane id. */
  sizes: z.record(z.string().max(40), z.number().min(0).max(100)),
  collapsed: z.array(PaneIdSchema),
});
export type WorkbenchLayout = z.infer<typeof WorkbenchLayoutSchema>;
