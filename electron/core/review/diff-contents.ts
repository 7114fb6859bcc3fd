/**
 * Producer (a): a FileChange from a file's bytes before and after, in process. Used for proposed
 * changes (nothing on disk yet, so git has nothing to diff). Hunks follow git's conventions: three
 * lines of context, hunks whose context would touch or overlap are merged.
 */
import { splitLines, lineSlice, looksBinary, toHunkLine, type ByteLines } from './byte-lines';
import type { ChangeKind, FileChange, Hunk, HunkLine } from './change-model';
import { diffLines } from './line-diff';

export const CONTEXT_LINES = 3;
/** Beyond this (either side), a text file is reviewed as a whole, not hunk by hunk. */
export const MAX_DIFF_BYTES = 16 * 1024 * 1024;

export interface DiffContentsInput {
  path: string;
  oldPath?: string;
  /** null: the file does not exist on that side. */
  before: Buffer | null;
  after: Buffer | null;
}

export function diffContents({ path, oldPath, before, after }: DiffContentsInput): FileChange {
  const kind: ChangeKind =
    before === null ? 'added' : after === null ? 'deleted' : oldPath && oldPath !== path ? 'renamed' : 'modified';
  const base: FileChange = { path, kind, binary: false, additions: 0, deletions: 0, hunks: [] };
  if (kind === 'renamed') base.oldPath = oldPath;
  const oldBytes = before ?? Buffer.alloc(0);
  const newBytes = after ?? Buffer.alloc(0);
  if (looksBinary(oldBytes) || looksBinary(newBytes)) return { ...base, binary: true };
  if (oldBytes.length > MAX_DIFF_BYTES || newBytes.length > MAX_DIFF_BYTES) return { ...base, tooLarge: true };
  const oldLines = splitLines(oldBytes);
  const newLines = splitLines(newBytes);
  const [a, b] = internLines(oldLines, newLines);
  const { removed, added } = diffLines(a, b);
  const hunks = buildHunks(oldLines, newLines, removed, added);
  let additions = 0;
  let deletions = 0;
  for (const r of removed) deletions += r;
  for (const x of added) additions += x;
  return { ...base, additions, deletions, hunks };
}

/** Equal lines (terminator included, byte for byte) get equal ids. latin1 keys are lossless. */
function internLines(oldLines: ByteLines, newLines: ByteLines): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const intern = (lines: ByteLines) => {
    const out = new Int32Array(lines.count);
    for (let i = 0; i < lines.count; i++) {
      const key = lines.bytes.toString('latin1', lines.starts[i], lines.starts[i + 1]);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  return [intern(oldLines), intern(newLines)];
}

interface Group {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

export function buildHunks(
  oldLines: ByteLines,
  newLines: ByteLines,
  removed: Uint8Array,
  added: Uint8Array,
  context = CONTEXT_LINES,
): Hunk[] {
  const n = oldLines.count;
  const m = newLines.count;
  // Runs of changes; between them, unchanged old and new lines pair up one to one.
  const groups: Group[] = [];
  for (let i = 0, j = 0; i < n || j < m;) {
    if (i < n && j < m && !removed[i] && !added[j]) {
      i++;
      j++;
      continue;
    }
    const a0 = i;
    const b0 = j;
    while (i < n && removed[i]) i++;
    while (j < m && added[j]) j++;
    groups.push({ a0, a1: i, b0, b1: j });
  }
  const hunks: Hunk[] = [];
  for (let g = 0; g < groups.length;) {
    let last = g;
    while (last + 1 < groups.length && groups[last + 1].a0 - groups[last].a1 <= 2 * context) last++;
    const lead = Math.min(context, groups[g].a0);
    const trail = Math.min(context, n - groups[last].a1);
    const aStart = groups[g].a0 - lead;
    const bStart = groups[g].b0 - lead;
    const lines: HunkLine[] = [];
    const keep = (i: number, to: number) => {
      for (; i < to; i++) lines.push(toHunkLine(' ', lineSlice(oldLines, i)));
    };
    keep(aStart, groups[g].a0);
    for (let k = g; k <= last; k++) {
      const { a0, a1, b0, b1 } = groups[k];
      for (let i = a0; i < a1; i++) lines.push(toHunkLine('-', lineSlice(oldLines, i)));
      for (let j = b0; j < b1; j++) lines.push(toHunkLine('+', lineSlice(newLines, j)));
      keep(a1, k < last ? groups[k + 1].a0 : a1 + trail);
    }
    const oldCount = groups[last].a1 + trail - aStart;
    const newCount = groups[last].b1 + trail - bStart;
    hunks.push({
      index: hunks.length,
      oldStart: oldCount > 0 ? aStart + 1 : aStart,
      oldLines: oldCount,
      newStart: newCount > 0 ? bStart + 1 : bStart,
      newLines: newCount,
      header: '',
      lines,
    });
    g = last + 1;
  }
  return hunks;
}
