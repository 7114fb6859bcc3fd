import { lazy, Suspense } from 'react';
import { EmptyState } from '../components/empty-state';
import { useSpecs } from '../state/spec-store';
import { useWorkspace } from '../state/workspace-store';

// React Flow and elk are large: load them only when there is a graph to draw.
const TaskGraphView = lazy(() => import('./task-graph-view'));

/** The task graph pane: the open spec's tasks.md as a graph (the spec pane chooses the spec). */
export function GraphPane() {
  const workspace = useWorkspace((s) => s.workspace);
  const detail = useSpecs((s) => s.detail);
  if (!workspace || !detail) {
    return (
      <EmptyState title="No task graph yet">
        A spec&apos;s tasks appear here as a graph: each task a node coloured by its state, each dependency an edge.
      </EmptyState>
    );
  }
  if (!detail.graph || detail.graph.tasks.length === 0) {
    return (
      <EmptyState title={`${detail.name} has no tasks yet`}>
        Once {detail.path}/tasks.md lists tasks, they appear here as a graph.
      </EmptyState>
    );
  }
  return (
    <Suspense fallback={<div className="loading">Loading graph…</div>}>
      <TaskGraphView detail={detail} />
    </Suspense>
  );
}
