import type { ReviewHunk } from '../../../electron/contract';

/** A change as Monaco counts lines: 1-based, end exclusive; an empty range marks where lines were inserted or removed. */
export interface LineChange {
  original: [number, number];
  modified: [number, number];
}

/** Unified-diff hunks to Monaco's line mappings: each run of removed and added lines is one change. */
export function hunksToChanges(hunks: ReviewHunk[]): LineChange[] {
  const changes: LineChange[] = [];
  for (const hunk of hunks) {
    // A side with no lines names the line before the change; Monaco counts from the line after.
    let o = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    let n = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    let run: { o: number; n: number; dels: number; adds: number } | null = null;
    const flush = () => {
      if (run) changes.push({ original: [run.o, run.o + run.dels], modified: [run.n, run.n + run.adds] });
      run = null;
    };
    for (const line of hunk.lines) {
      if (line.marker === ' ') {
        flush();
        o++;
        n++;
        continue;
      }
      run ??= { o, n, dels: 0, adds: 0 };
      if (line.marker === '-') {
        run.dels++;
        o++;
      } else {
        run.adds++;
        n++;
      }
    }
    flush();
  }
  return changes;
}

/** Line ranges of a change Monaco's worker computed (its `DetailedLineRangeMapping`, as far as they matter here). */
export interface MappedLines {
  original: { startLineNumber: number; endLineNumberExclusive: number };
  modified: { startLineNumber: number; endLineNumberExclusive: number };
}

/**
 * For each change of ours, the worker's change over exactly the same lines (its character-level detail is
 * then shown within them), or -1. Where the worker drew the lines differently, ours stay: the editor
 * highlights the lines the hunk list decides on. (Monaco's worker, for instance, reports an empty side as
 * its one empty line replaced, which drew an added file with a removed line 1.)
 */
export function refinedAlike(ours: LineChange[], worker: MappedLines[]): number[] {
  const key = (o: number, oe: number, m: number, me: number) => `${o}:${oe}:${m}:${me}`;
  const byLines = new Map<string, number>();
  worker.forEach((c, i) =>
    byLines.set(
      key(
        c.original.startLineNumber,
        c.original.endLineNumberExclusive,
        c.modified.startLineNumber,
        c.modified.endLineNumberExclusive,
      ),
      i,
    ),
  );
  return ours.map((c) => byLines.get(key(c.original[0], c.original[1], c.modified[0], c.modified[1])) ?? -1);
}
