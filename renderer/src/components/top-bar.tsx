import { useWorkspace } from '../state/workspace-store';

export function TopBar() {
  const workspace = useWorkspace((s) => s.workspace);
  const close = useWorkspace((s) => s.close);
  return (
    <header className="top-bar">
      <img className="logo" src="./trellis.svg" alt="" width={20} height={20} />
      <h1 className="brand">Trellis</h1>
      {workspace && (
        <>
          <span className="crumb" title={workspace.root}>
            {workspace.name}
          </span>
          {workspace.git ? (
            <span
              className="branch"
              role="group"
              aria-label={`Current branch ${workspace.git.branch ?? `detached at ${workspace.git.head ?? '?'}`}`}
              title={workspace.git.head ? `HEAD ${workspace.git.head}` : 'no commits yet'}
            >
              <span aria-hidden="true">⎇ </span>
              {workspace.git.branch ?? `detached at ${workspace.git.head ?? '?'}`}
            </span>
          ) : (
            <span className="branch branch-off">not a git repository</span>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={() => void close()}>
            Close folder
          </button>
        </>
      )}
    </header>
  );
}
