/**
 * A change under review after the fact: everything that differs in a folder from a base commit (a turn's
 * checkpoint, or the commit a crew task started from), listed, opened file by file, and reverted by hunk,
 * file or whole. The session manager and the crew both review changes this way.
 */
import type { ReviewFile, ReviewFileEntry } from '../../contract';
import type { FileChange } from './change-model';
import { fileContents, listChanges } from './diff-against';
import { diffContents } from './diff-contents';
import { revertAll, revertFile, revertHunks } from './revert';

export interface ChangeDetail {
  /** null: the file no longer differs from the base. */
  file: ReviewFile | null;
  /** Both sides as text; null where a side is absent, binary or too large. */
  before: string | null;
  after: string | null;
}

/** A change as the contract carries it: line text and markers only; exact bytes stay in Node. */
export function toReviewFile(change: FileChange): ReviewFile {
  return {
    path: change.path,
    ...(change.oldPath ? { oldPath: change.oldPath } : {}),
    kind: change.kind,
    binary: change.binary,
    ...(change.tooLarge ? { tooLarge: true } : {}),
    additions: change.additions,
    deletions: change.deletions,
    hunks: change.hunks.map((h) => ({
      index: h.index,
      oldStart: h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newStart,
      newLines: h.newLines,
      header: h.header,
      lines: h.lines.map((l) => ({ marker: l.marker, text: l.text, ...(l.eol === 'none' ? { noEol: true } : {}) })),
    })),
  };
}

/** The files that differ from `base`: paths and kinds at once, line counts when asked. */
export async function changeList(repo: string, base: string, counts = false): Promise<ReviewFileEntry[]> {
  // Counts are filled in behind the list: their git diff yields the CPU to the file the person opens.
  return (await listChanges(repo, base, { counts, background: counts })).map(
    ({ oldMode: _o, newMode: _n, ...entry }) => entry,
  );
}

/** One changed file: its hunks and both sides, loaded when the person opens it. */
export async function changeFile(
  repo: string,
  base: string,
  file: { path: string; oldPath?: string; kind: ReviewFile['kind'] },
): Promise<ChangeDetail> {
  // Both sides once, and the hunks from them in process: one git read instead of a second `git diff`.
  const contents = await fileContents(repo, base, file);
  const unchanged =
    contents.old !== null && contents.new !== null && contents.old.equals(contents.new) && !file.oldPath;
  const change = unchanged
    ? null
    : diffContents({ path: file.path, oldPath: file.oldPath, before: contents.old, after: contents.new });
  const text = (b: Buffer | null) => (b === null || change?.binary || change?.tooLarge ? null : b.toString('utf8'));
  return { file: change ? toReviewFile(change) : null, before: text(contents.old), after: text(contents.new) };
}

/** Put back the base: for everything, one file, or some of a file's hunks. */
export async function revertChange(
  repo: string,
  base: string,
  target: { path?: string; hunks?: number[] },
): Promise<void> {
  if (target.path && target.hunks) await revertHunks(repo, { commit: base }, target.path, target.hunks);
  else if (target.path) await revertFile(repo, { commit: base }, target.path);
  else await revertAll(repo, { commit: base });
}
