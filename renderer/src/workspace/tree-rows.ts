import type { DirEntry, DirListing } from '../../../electron/contract';

export interface TreeRow {
  entry: DirEntry;
  depth: number;
  expanded: boolean;
  /** An expanded folder whose listing has not arrived yet. */
  loading: boolean;
}

/** The rows a person sees: a depth-first walk of the listings, descending only into expanded folders. */
export function visibleRows(listings: Record<string, DirListing>, expanded: Record<string, boolean>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of listings[dir]?.entries ?? []) {
      const isOpen = entry.kind === 'dir' && Boolean(expanded[entry.path]);
      rows.push({ entry, depth, expanded: isOpen, loading: isOpen && !listings[entry.path] });
      if (isOpen) walk(entry.path, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}
