import { useWorkspace } from '../state/workspace-store';
import { ChangesList } from '../workspace/changes-list';
import { FileTree } from '../workspace/file-tree';
import { Welcome } from '../workspace/welcome';

export function WorkspacePane() {
  const workspace = useWorkspace((s) => s.workspace);
  if (!workspace) return <Welcome />;
  return (
    <div className="explorer">
      <FileTree />
      <ChangesList />
    </div>
  );
}
