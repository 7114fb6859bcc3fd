import { describe, expect, it } from 'vitest';
import { applyHunks } from './apply-hunks';
import { diffContents } from './diff-contents';
import { formatHunkText } from './format-patch';
import { diffLines } from './line-diff';
import { seedLabel, seededRandom, testSeed } from '../testing/seeded-random';

const b = (s: string) => Buffer.from(s, 'latin1');

/** Length of the longest common subsequence, by dynamic programming: the yardstick for minimality. */
function lcs(a: number[], c: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(c.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= c.length; j++)
      dp[i][j] = a[i - 1] === c[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][c.length];
}

describe('diffLines', () => {
  it('finds a longest common subsequence (random small inputs against DP)', () => {
    const seed = testSeed(7);
    const rng = seededRandom(seed);
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: rng.below(30) }, () => rng.below(6));
      const c = Array.from({ length: rng.below(30) }, () => rng.below(6));
      const { removed, added } = diffLines(a, c);
      const keptA = a.filter((_, i) => !removed[i]);
      const keptC = c.filter((_, j) => !added[j]);
      const label = seedLabel(seed, `input ${t}: [${a}] vs [${c}]`);
      expect(keptA, label).toEqual(keptC);
      expect(keptA.length, label).toBe(lcs(a, c));
    }
  });
});

describe('diffContents', () => {
  it('makes git-style hunks: 3 lines of context, nearby changes merged', () => {
    const before = Array.from({ length: 30 }, (_, i) => `l${i}\n`).join('');
    const after = before.replace('l5\n', 'L5\n').replace('l10\n', 'L10\n').replace('l25\n', '');
    const change = diffContents({ path: 'f', before: b(before), after: b(after) });
    expect(change).toMatchObject({ kind: 'modified', additions: 2, deletions: 3 });
    expect(change.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [3, 12, 3, 12],
      [23, 7, 23, 6],
    ]);
    expect(formatHunkText(change.hunks[1])).toBe('@@ -23,7 +23,6 @@\n l22\n l23\n l24\n-l25\n l26\n l27\n l28\n');
  });

  it('keeps line-ending and final-newline facts on the lines', () => {
    const change = diffContents({ path: 'f', before: b('a\r\nb\r\nc'), after: b('a\r\nb\nc\n') });
    expect(formatHunkText(change.hunks[0])).toBe(
      '@@ -1,3 +1,3 @@\n a\r\n-b\r\n-c\n\\ No newline at end of file\n+b\n+c\n',
    );
    expect(applyHunks(b('a\r\nb\r\nc'), change, [0])).toEqual(b('a\r\nb\nc\n'));
  });

  it('keeps non-UTF-8 bytes exact', () => {
    const before = b('caf\xe9\nx\n');
    const after = b('caf\xe9\ny\xff\n');
    const change = diffContents({ path: 'f', before, after });
    expect(change.hunks[0].lines.find((l) => l.marker === '+')?.raw).toEqual(b('y\xff'));
    expect(applyHunks(before, change, [0])).toEqual(after);
  });

  it('classifies added, deleted, renamed and binary files', () => {
    expect(diffContents({ path: 'n', before: null, after: b('x\n') })).toMatchObject({
      kind: 'added',
      additions: 1,
      hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 }],
    });
    expect(diffContents({ path: 'd', before: b('x\ny\n'), after: null })).toMatchObject({
      kind: 'deleted',
      deletions: 2,
    });
    expect(diffContents({ path: 'r', oldPath: 'o', before: b('x\n'), after: b('x\n') })).toMatchObject({
      kind: 'renamed',
      oldPath: 'o',
      hunks: [],
    });
    expect(diffContents({ path: 'bin', before: b('\0\x01'), after: b('\0\x02') })).toMatchObject({
      binary: true,
      hunks: [],
    });
  });

  it('rewrites a large file quickly (lines unique to one side are set aside before Myers)', () => {
    const before = Array.from({ length: 20_000 }, (_, i) => `old ${i}\n`).join('');
    const after = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `old ${i}\n` : `new ${i}\n`)).join('');
    const change = diffContents({ path: 'f', before: b(before), after: b(after) });
    expect([change.additions, change.deletions]).toEqual([10_000, 10_000]);
    expect(
      applyHunks(
        b(before),
        change,
        change.hunks.map((h) => h.index),
      ),
    ).toEqual(b(after));
  });
});

describe('applyHunks', () => {
  it('refuses a hunk whose lines are not where it says', () => {
    const change = diffContents({ path: 'f', before: b('a\nb\nc\n'), after: b('a\nB\nc\n') });
    expect(() => applyHunks(b('a\nX\nc\n'), change, [0])).toThrow(/Hunk 0 of f no longer applies/);
    expect(applyHunks(b('a\nX\nc\n'), change, [])).toEqual(b('a\nX\nc\n'));
  });

  it('refuses hunks of a binary file', () => {
    const change = diffContents({ path: 'bin', before: b('\0a'), after: b('\0b') });
    expect(() => applyHunks(b('\0a'), change, [0])).toThrow(/as a whole file/);
  });
});
