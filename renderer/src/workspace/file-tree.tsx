import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useWorkspace } from '../state/workspace-store';
import { visibleRows } from './tree-rows';

const ROW_HEIGHT = 22;

/** The workspace's files: lazy (a folder is read when opened) and virtualized (only visible rows exist). */
export function FileTree() {
  const listings = useWorkspace((s) => s.listings);
  const expanded = useWorkspace((s) => s.expanded);
  const selected = useWorkspace((s) => s.selectedFile);
  const rootListing = listings[''];
  const rows = useMemo(() => visibleRows(listings, expanded), [listings, expanded]);
  const [focus, setFocus] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const activate = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setFocus(index);
    const { toggleDir, selectFile } = useWorkspace.getState();
    if (row.entry.kind === 'dir') void toggleDir(row.entry.path);
    else selectFile(row.entry.path);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const row = rows[focus];
    const move = (to: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, to));
      setFocus(next);
      virtualizer.scrollToIndex(next);
    };
    if (e.key === 'ArrowDown') move(focus + 1);
    else if (e.key === 'ArrowUp') move(focus - 1);
    else if (e.key === 'Enter' || e.key === ' ') activate(focus);
    else if (e.key === 'ArrowRight' && row?.entry.kind === 'dir' && !row.expanded) activate(focus);
    else if (e.key === 'ArrowLeft' && row?.expanded) activate(focus);
    else return;
    e.preventDefault();
  };

  return (
    <section className="file-tree-section" aria-label="Files">
      <h3 className="section-title">Files</h3>
      {!rootListing ? (
        <p className="pane-message">Reading the folder…</p>
      ) : rows.length === 0 ? (
        <p className="pane-message">This folder is empty.</p>
      ) : (
        <div
          ref={scroller}
          className="file-tree"
          role="tree"
          aria-label="File tree"
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-activedescendant={rows[focus] ? `tree-row-${focus}` : undefined}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              const isDir = row.entry.kind === 'dir';
              return (
                <div
                  key={row.entry.path}
                  id={`tree-row-${item.index}`}
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-expanded={isDir ? row.expanded : undefined}
                  aria-selected={row.entry.path === selected}
                  data-path={row.entry.path}
                  className={`tree-row${item.index === focus ? ' focused' : ''}${row.entry.path === selected ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, paddingLeft: 8 + row.depth * 14 }}
                  onClick={() => activate(item.index)}
                >
                  <span className="tree-icon" aria-hidden>
                    {isDir ? (row.expanded ? '▾' : '▸') : row.entry.kind === 'symlink' ? '↪' : ''}
                  </span>
                  <span className={isDir ? 'tree-name dir' : 'tree-name'}>{row.entry.name}</span>
                  {row.loading && <span className="tree-note">…</span>}
                </div>
              );
            })}
          </div>
        </div>
      )}
      {rootListing && rootListing.total > rootListing.entries.length && (
        <p className="pane-note">
          Showing {rootListing.entries.length.toLocaleString()} of {rootListing.total.toLocaleString()} entries.
        </p>
      )}
    </section>
  );
}
