import fs from 'node:fs/promises';
import type { DirEntry, DirListing } from '../../contract';
import { resolveInside } from './workspace-paths';

/** A folder of more entries than this is listed up to the cap; the total is still reported. */
export const MAX_DIR_ENTRIES = 50_000;

/** Names never shown in the tree: git's own database. */
const HIDDEN = new Set(['.git']);

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** One level of the file tree: folders first, then files, in natural order. */
export async function listDir(root: string, dir: string, cap = MAX_DIR_ENTRIES): Promise<DirListing> {
  const absolute = await resolveInside(root, dir);
  const dirents = await fs.readdir(absolute, { withFileTypes: true });
  const prefix = dir === '' ? '' : `${dir}/`;
  const entries: DirEntry[] = [];
  for (const d of dirents) {
    if (HIDDEN.has(d.name)) continue;
    const kind = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : d.isSymbolicLink() ? 'symlink' : 'other';
    entries.push({ name: d.name, path: prefix + d.name, kind });
  }
  entries.sort((a, b) =>
    (a.kind === 'dir') !== (b.kind === 'dir') ? (a.kind === 'dir' ? -1 : 1) : collator.compare(a.name, b.name),
  );
  return { dir, entries: entries.length > cap ? entries.slice(0, cap) : entries, total: entries.length };
}
