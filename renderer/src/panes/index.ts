import type { ComponentType } from 'react';
import type { PaneId } from '../../../electron/contract';
import { WorkspacePane } from './workspace-pane';
import { SpecPane } from './spec-pane';
import { TranscriptPane } from '../transcript/transcript-pane';
import { SubagentsPane } from '../crew/subagents-pane';
import { GraphPane } from '../graph/graph-pane';
import { ReviewPane } from '../review/review-pane';
import { ExtensionsPane } from './extensions-pane';

export interface PaneDefinition {
  title: string;
  /** Percent of the window's width before the person resizes it. */
  defaultSize: number;
  Body: ComponentType;
}

export const PANES: Record<PaneId, PaneDefinition> = {
  workspace: { title: 'Workspace', defaultSize: 14, Body: WorkspacePane },
  spec: { title: 'Spec', defaultSize: 22, Body: SpecPane },
  graph: { title: 'Task graph', defaultSize: 12, Body: GraphPane },
  review: { title: 'Review changes', defaultSize: 14, Body: ReviewPane },
  subagents: { title: 'Subagents', defaultSize: 12, Body: SubagentsPane },
  // MCP servers and hooks, as tabs (the id stays `mcp`: remembered layouts keep their sizes).
  mcp: { title: 'Extensions', defaultSize: 12, Body: ExtensionsPane },
  transcript: { title: 'Transcript', defaultSize: 14, Body: TranscriptPane },
};
