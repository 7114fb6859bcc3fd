import { lazy, Suspense } from 'react';
import { EmptyState } from '../components/empty-state';
import { useWorkspace } from '../state/workspace-store';

// Monaco is large: load it only when a document is first shown.
const FileViewer = lazy(() => import('../components/file-viewer'));

export function SpecPane() {
  const workspace = useWorkspace((s) => s.workspace);
  const selected = useWorkspace((s) => s.selectedFile);
  if (workspace && selected) {
    return (
      <Suspense fallback={<div className="loading">Loading editor…</div>}>
        <FileViewer workspaceId={workspace.id} path={selected} />
      </Suspense>
    );
  }
  return (
    <EmptyState title="No spec open">
      Specs appear here as requirements, design and tasks (from .kiro/specs). Files you open from the tree are shown here
      too.
    </EmptyState>
  );
}
