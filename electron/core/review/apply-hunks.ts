/**
 * Partial application: the file `git apply` would give for only the accepted hunks. Works on the
 * original bytes line by line (terminators included), so everything outside the accepted hunks,
 * and the context inside them, is copied byte for byte.
 */
import { ExpectedFailure } from '../errors/expected-failure';
import { lineSlice, splitLines } from './byte-lines';
import { lineBytes, oldIndex, type FileChange, type Hunk } from './change-model';

export class HunkMismatchError extends ExpectedFailure {
  constructor(
    readonly path: string,
    readonly hunkIndex: number,
    detail: string,
  ) {
    super('hunk-mismatch', `Hunk ${hunkIndex} of ${path} no longer applies: ${detail}`);
    this.name = 'HunkMismatchError';
  }
}

/** Whole-file changes (binary, too large) cannot be applied hunk by hunk. */
export class WholeFileOnlyError extends ExpectedFailure {
  constructor(readonly path: string) {
    super('whole-file-only', `${path} can only be accepted or rejected as a whole file`);
    this.name = 'WholeFileOnlyError';
  }
}

export function applyHunks(before: Buffer, change: FileChange, acceptedHunkIndexes: Iterable<number>): Buffer {
  const accepted = new Set(acceptedHunkIndexes);
  if (accepted.size === 0) return before;
  if (change.binary || change.tooLarge) throw new WholeFileOnlyError(change.path);
  for (const index of accepted) {
    if (!change.hunks.some((h) => h.index === index))
      throw new HunkMismatchError(change.path, index, 'there is no such hunk');
  }
  const lines = splitLines(before);
  const parts: Buffer[] = [];
  let cursor = 0;
  const hunks = [...change.hunks].sort((x, y) => x.oldStart - y.oldStart);
  for (const hunk of hunks) {
    if (!accepted.has(hunk.index)) continue;
    const start = oldIndex(hunk);
    if (start < cursor) throw new HunkMismatchError(change.path, hunk.index, 'it overlaps an earlier hunk');
    checkOldSide(lines, start, hunk, change.path);
    parts.push(before.subarray(lines.starts[cursor] ?? before.length, lines.starts[start] ?? before.length));
    let at = start;
    for (const line of hunk.lines) {
      if (line.marker === ' ') parts.push(lineSlice(lines, at++));
      else if (line.marker === '-') at++;
      else parts.push(lineBytes(line));
    }
    cursor = start + hunk.oldLines;
  }
  parts.push(before.subarray(lines.starts[cursor] ?? before.length));
  return Buffer.concat(parts);
}

/** The hunk's context and removed lines must be exactly the file's lines where the hunk says they are. */
function checkOldSide(lines: ReturnType<typeof splitLines>, start: number, hunk: Hunk, path: string): void {
  if (start + hunk.oldLines > lines.count)
    throw new HunkMismatchError(path, hunk.index, `the file has only ${lines.count} lines`);
  let at = start;
  for (const line of hunk.lines) {
    if (line.marker === '+') continue;
    if (!lineSlice(lines, at).equals(lineBytes(line))) {
      throw new HunkMismatchError(
        path,
        hunk.index,
        `line ${at + 1} differs from the hunk's ${JSON.stringify(line.text)}`,
      );
    }
    at++;
  }
}
