import { describe, expect, it } from 'vitest';
import type { ReviewHunk } from '../../../electron/contract';
import { DefaultLinesDiffComputer } from 'monaco-editor/editor/common/diff/defaultLinesDiffComputer/defaultLinesDiffComputer';
import { hunksToChanges, refinedAlike, type LineChange } from './hunk-ranges';

/** A hunk from unified-diff text lines (' ctx', '-old', '+new'), as the contract carries it. */
function hunk(oldStart: number, newStart: number, lines: string[]): ReviewHunk {
  const parsed = lines.map((l) => ({ marker: l[0] as ' ' | '-' | '+', text: l.slice(1) }));
  const oldLines = parsed.filter((l) => l.marker !== '+').length;
  const newLines = parsed.filter((l) => l.marker !== '-').length;
  return {
    index: 0,
    oldStart: oldLines ? oldStart : oldStart - 1,
    oldLines,
    newStart: newLines ? newStart : newStart - 1,
    newLines,
    header: '',
    lines: parsed,
  };
}

describe('hunksToChanges', () => {
  it('splits a hunk into its runs of removed and added lines, counted as Monaco does', () => {
    // Lines 3 and 7 of the old file replaced; one line added after old line 5.
    const h = hunk(1, 1, [' a', ' b', '-c', '+C', ' d', ' e', '+e2', ' f', '-g', '+G', ' h']);
    expect(hunksToChanges([h])).toEqual([
      { original: [3, 4], modified: [3, 4] },
      { original: [6, 6], modified: [6, 7] },
      { original: [7, 8], modified: [8, 9] },
    ]);
  });

  it('places insertions into an empty file and deletions of a whole file', () => {
    expect(hunksToChanges([hunk(1, 1, ['+x', '+y'])])).toEqual([{ original: [1, 1], modified: [1, 3] }]);
    expect(hunksToChanges([hunk(1, 1, ['-x', '-y'])])).toEqual([{ original: [1, 3], modified: [1, 1] }]);
  });

  it("keeps hunks apart and counts from each hunk's own start", () => {
    const first = hunk(10, 10, [' a', '-b', '+B', '+B2', ' c']);
    const second = hunk(40, 41, [' x', '-y', ' z']);
    expect(hunksToChanges([first, second])).toEqual([
      { original: [11, 12], modified: [11, 13] },
      { original: [41, 42], modified: [42, 42] },
    ]);
  });

  it('agrees with the file sides: applying the changes to the old lines gives the new ones', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const after = ['a', 'B', 'c', 'd', 'new', 'e', 'f', 'h'];
    const hunks = [hunk(1, 1, [' a', '-b', '+B', ' c', ' d', '+new', ' e', ' f', '-g', ' h'])];
    const rebuilt: string[] = [];
    let o = 1;
    for (const c of hunksToChanges(hunks)) {
      rebuilt.push(...before.slice(o - 1, c.original[0] - 1), ...after.slice(c.modified[0] - 1, c.modified[1] - 1));
      o = c.original[1];
    }
    rebuilt.push(...before.slice(o - 1));
    expect(rebuilt).toEqual(after);
  });
});

/** What Monaco's diff worker computes for two texts (the same computer it runs), as line ranges. */
function workerDiff(before: string, after: string) {
  return new DefaultLinesDiffComputer().computeDiff(before.split('\n'), after.split('\n'), {
    ignoreTrimWhitespace: false,
    maxComputationTimeMs: 0,
    computeMoves: false,
  }).changes;
}

/** The changes the diff editor draws: ours, with the worker's refinement where it covers the same lines. */
function drawn(ours: LineChange[], before: string, after: string): LineChange[] {
  const worker = workerDiff(before, after);
  return refinedAlike(ours, worker).map((at, i) =>
    at < 0
      ? ours[i]
      : {
          original: [worker[at].original.startLineNumber, worker[at].original.endLineNumberExclusive],
          modified: [worker[at].modified.startLineNumber, worker[at].modified.endLineNumberExclusive],
        },
  );
}

describe('refining our changes with the diff worker', () => {
  it('draws an added file with no removed line on the left, although the worker reports the empty side as replaced', () => {
    // The worker's view of an empty old side: its one empty line replaced (the phantom removed line 1).
    expect(workerDiff('', 'one\ntwo\n').map((c) => c.original.isEmpty)).toEqual([false]);
    const added = [hunk(1, 1, ['+one', '+two'])];
    expect(refinedAlike(hunksToChanges(added), workerDiff('', 'one\ntwo\n'))).toEqual([-1]);
    expect(drawn(hunksToChanges(added), '', 'one\ntwo\n')).toEqual([{ original: [1, 1], modified: [1, 3] }]);
  });

  it('draws a deleted file with no added line on the right', () => {
    const deleted = [hunk(1, 1, ['-one', '-two'])];
    expect(drawn(hunksToChanges(deleted), 'one\ntwo\n', '')).toEqual([{ original: [1, 3], modified: [1, 1] }]);
  });

  it("takes the worker's character detail where it drew the same lines", () => {
    const before = 'a\nb\nc\nd\n';
    const after = 'a\nB\nc\nd\n';
    const ours = hunksToChanges([hunk(1, 1, [' a', '-b', '+B', ' c', ' d'])]);
    const worker = workerDiff(before, after);
    expect(refinedAlike(ours, worker)).toEqual([0]);
    expect(worker[0].innerChanges?.length).toBeGreaterThan(0);
  });
});
