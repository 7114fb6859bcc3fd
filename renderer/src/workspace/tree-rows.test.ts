import { describe, expect, it } from 'vitest';
import type { DirListing } from '../../../electron/contract';
import { visibleRows } from './tree-rows';

const listing = (dir: string, names: [string, 'dir' | 'file'][]): DirListing => ({
  dir,
  total: names.length,
  entries: names.map(([name, kind]) => ({ name, kind, path: dir ? `${dir}/${name}` : name })),
});

describe('visibleRows', () => {
  const listings = {
    '': listing('', [
      ['src', 'dir'],
      ['docs', 'dir'],
      ['README.md', 'file'],
    ]),
    src: listing('src', [
      ['lib', 'dir'],
      ['main.ts', 'file'],
    ]),
  };

  it('shows only the top level until a folder is expanded', () => {
    expect(visibleRows(listings, {}).map((r) => r.entry.path)).toEqual(['src', 'docs', 'README.md']);
  });

  it('walks expanded folders depth-first and marks ones still loading', () => {
    const rows = visibleRows(listings, { src: true, 'src/lib': true, docs: true });
    expect(rows.map((r) => [r.entry.path, r.depth, r.expanded, r.loading])).toEqual([
      ['src', 0, true, false],
      ['src/lib', 1, true, true],
      ['src/main.ts', 1, false, false],
      ['docs', 0, true, true],
      ['README.md', 0, false, false],
    ]);
  });
});
