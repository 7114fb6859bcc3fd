/**
 * Hunks back to unified-diff text: for telling the model what was applied or rejected, and as a
 * patch `git apply` accepts (a subset of hunks gets its new-side positions recounted, as if only
 * those hunks had ever existed).
 */
import { lineBytes, oldIndex, type FileChange, type Hunk, type HunkLine } from './change-model';

const NO_NEWLINE = '\\ No newline at end of file';

/** One hunk as text (lossy where a line is not UTF-8): header line, then every line with its marker. */
export function formatHunkText(hunk: Hunk): string {
  const out = [hunkHeader(hunk.oldStart, hunk.oldLines, hunk.newStart, hunk.newLines, hunk.header)];
  for (const line of hunk.lines) {
    out.push(line.marker + line.text + (line.eol === 'crlf' ? '\r' : ''));
    if (line.eol === 'none') out.push(NO_NEWLINE);
  }
  return out.join('\n') + '\n';
}

/** A patch of the given hunks (default all) that `git apply` takes, bytes exact. */
export function formatPatch(change: FileChange, hunkIndexes?: Iterable<number>): Buffer {
  const wanted = hunkIndexes ? new Set(hunkIndexes) : null;
  const oldName = change.kind === 'added' ? '/dev/null' : `a/${change.oldPath ?? change.path}`;
  const newName = change.kind === 'deleted' ? '/dev/null' : `b/${change.path}`;
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  text(`diff --git a/${change.oldPath ?? change.path} b/${change.path}\n`);
  if (change.kind === 'added') text(`new file mode ${change.newMode ?? '100644'}\n`);
  if (change.kind === 'deleted' && (!wanted || change.hunks.every((h) => wanted.has(h.index))))
    text(`deleted file mode ${change.oldMode ?? '100644'}\n`);
  if (change.kind === 'renamed') text(`rename from ${change.oldPath}\nrename to ${change.path}\n`);
  text(`--- ${oldName}\n+++ ${newName}\n`);
  let shift = 0;
  for (const hunk of [...change.hunks].sort((x, y) => x.oldStart - y.oldStart)) {
    if (wanted && !wanted.has(hunk.index)) continue;
    const at = oldIndex(hunk) + shift;
    text(hunkHeader(hunk.oldStart, hunk.oldLines, hunk.newLines > 0 ? at + 1 : at, hunk.newLines, hunk.header) + '\n');
    for (const line of hunk.lines) pushLine(parts, line);
    shift += hunk.newLines - hunk.oldLines;
  }
  return Buffer.concat(parts);
}

function pushLine(parts: Buffer[], line: HunkLine): void {
  parts.push(Buffer.from(line.marker, 'latin1'), lineBytes(line));
  if (line.eol === 'none') parts.push(Buffer.from(`\n${NO_NEWLINE}\n`, 'latin1'));
}

function hunkHeader(oldStart: number, oldLines: number, newStart: number, newLines: number, header: string): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
  return `@@ -${range(oldStart, oldLines)} +${range(newStart, newLines)} @@${header ? ` ${header}` : ''}`;
}
