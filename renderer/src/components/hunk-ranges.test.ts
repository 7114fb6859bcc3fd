import { describe, expect, it } from 'vitest';
import type { ReviewHunk } from '../../../electron/contract';
import { hunksToChanges } from './hunk-ranges';

/** A hunk from unified-diff text lines (' ctx', '-old', '+new'), as the contract carries it. */
function hunk(oldStart: number, newStart: number, lines: string[]): ReviewHunk {
  const parsed = lines.map((l) => ({ marker: l[0] as ' ' | '-' | '+', text: l.slice(1) }));
  const oldLines = parsed.filter((l) => l.marker !== '+').length;
  const newLines = parsed.filter((l) => l.marker !== '-').length;
  return { index: 0, oldStart: oldLines ? oldStart : oldStart - 1, oldLines, newStart: newLines ? newStart : newStart - 1, newLines, header: '', lines: parsed };
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

  it('keeps hunks apart and counts from each hunk\'s own start', () => {
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
