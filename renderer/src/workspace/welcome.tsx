import { useState, type FormEvent } from 'react';
import { useWorkspace } from '../state/workspace-store';
import { requestOpenFolder } from './open-folder';

/** Before a folder is open: drop one, choose one, type its path, or pick a recent one. */
export function Welcome() {
  const app = useWorkspace((s) => s.app);
  const recents = useWorkspace((s) => s.recents);
  const opening = useWorkspace((s) => s.opening);
  const open = useWorkspace((s) => s.open);
  const removeRecent = useWorkspace((s) => s.removeRecent);
  const [path, setPath] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void open(path.trim());
  };

  return (
    <div className="welcome">
      <div className="drop-zone" role="group" aria-label="Drop a repository here">
        <p className="empty-title">Drop a repository here</p>
        <p className="empty-text">
          Its files, branch and changes open in this pane. Opening changes nothing in the folder.
        </p>
        {app?.canPickFolder && (
          <button type="button" className="button primary" onClick={() => void requestOpenFolder()}>
            Choose folder…
          </button>
        )}
      </div>
      <form className="open-form" onSubmit={submit}>
        <label htmlFor="folder-path">Or type its folder path</label>
        <div className="row">
          <input
            id="folder-path"
            placeholder="/path/to/repository"
            value={path}
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" className="button" disabled={opening || !path.trim()}>
            Open
          </button>
        </div>
      </form>
      <section className="recents" aria-label="Recent repositories">
        <h3>Recent</h3>
        {recents.length === 0 ? (
          <p className="empty-text">Folders you open are remembered here.</p>
        ) : (
          <ul>
            {recents.map((r) => (
              <li key={r.path}>
                <button type="button" className="recent" title={r.path} onClick={() => void open(r.path)}>
                  <span className="recent-name">{r.name}</span>
                  <span className="recent-path">{r.path}</span>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Forget ${r.name}`}
                  onClick={() => void removeRecent(r.path)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
