import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { ChangeKind } from '../../../electron/contract';
import { useWorkspace } from '../state/workspace-store';

const ROW_HEIGHT = 22;
const LETTER: Record<ChangeKind, string> = {
  modified: 'M',
  added: 'A',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  typechange: 'T',
  untracked: 'U',
  conflicted: '!',
};

/** Changed files from git status, kept fresh by the watcher; virtualized for repositories with many. */
export function ChangesList() {
  const workspace = useWorkspace((s) => s.workspace);
  const status = useWorkspace((s) => s.status);
  const loading = useWorkspace((s) => s.statusLoading);
  const initGit = useWorkspace((s) => s.initGit);
  const scroller = useRef<HTMLDivElement>(null);
  const changes = status?.changes ?? [];
  const virtualizer = useVirtualizer({
    count: changes.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  if (!workspace?.git) {
    return (
      <section className="changes-section" aria-label="Changes">
        <h3 className="section-title">Changes</h3>
        <p className="pane-message">This folder is not a git repository, so git features are off.</p>
        <button type="button" className="button" onClick={() => void initGit()}>
          Initialise a git repository
        </button>
      </section>
    );
  }

  return (
    <section className="changes-section" aria-label="Changes">
      <h3 className="section-title">
        Changes {status && <span className="count">{status.total.toLocaleString()}</span>}
      </h3>
      {!status ? (
        <p className="pane-message">{loading ? 'Reading git status…' : 'No status yet.'}</p>
      ) : changes.length === 0 ? (
        <p className="pane-message">No changes: the working tree matches HEAD.</p>
      ) : (
        <div ref={scroller} className="changes-list" role="list" aria-label="Changed files">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const change = changes[item.index];
              return (
                <div
                  key={change.path}
                  role="listitem"
                  className={`change-row kind-${change.kind}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {/* A button opens the file, so the keyboard reaches (and scrolls to) every change; a deleted file has nothing to open. */}
                  <RowContent
                    openable={change.kind !== 'deleted'}
                    title={change.origPath ? `${change.origPath} → ${change.path}` : change.path}
                    onOpen={() => useWorkspace.getState().selectFile(change.path)}
                  >
                    <span className="change-letter" role="img" aria-label={change.kind}>
                      {LETTER[change.kind]}
                    </span>
                    <span className="change-path">
                      {change.origPath ? `${change.origPath} → ${change.path}` : change.path}
                    </span>
                    {change.staged && (
                      <span className="staged" role="img" aria-label="staged" title="staged">
                        ●
                      </span>
                    )}
                  </RowContent>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {status && status.total > changes.length && (
        <p className="pane-note">
          Showing {changes.length.toLocaleString()} of {status.total.toLocaleString()} changes.
        </p>
      )}
    </section>
  );
}

function RowContent({
  openable,
  title,
  onOpen,
  children,
}: {
  openable: boolean;
  title: string;
  onOpen: () => void;
  children: ReactNode;
}) {
  return openable ? (
    <button type="button" className="change-open" title={title} onClick={onOpen}>
      {children}
    </button>
  ) : (
    <span className="change-open" title={title}>
      {children}
    </span>
  );
}
