/**
 * Property, against the real `git apply`: for random files (LF, CRLF, mixed endings, no final
 * newline, latin-1 bytes, lone CRs) and random edits, applying every hunk gives the edited file,
 * and applying a random subset gives exactly what `git apply` makes of a patch of only that subset.
 * Seeded: a failure names the seed that replays it (TRELLIS_TEST_SEED).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { applyHunks } from './apply-hunks';
import { diffContents } from './diff-contents';
import type { FileChange } from './change-model';
import { formatPatch } from './format-patch';
import { parseHunks } from './parse-git-diff';
import { seedLabel, seededRandom, testSeed, type SeededRandom } from '../testing/seeded-random';

const CASES = 200;
// Case c runs with seed SEED + c; a failure's label names its seed, and TRELLIS_TEST_SEED=that seed replays it first.
const SEED = testSeed(20260501);

const random = seededRandom;
type Rng = SeededRandom;

// A small vocabulary, so lines repeat and the diff has real alignment choices to make.
const WORDS = [
  Buffer.from('}'),
  Buffer.from('  return x;'),
  Buffer.from(''),
  Buffer.from('const a = 1;'),
  Buffer.from('caf\xe9 cr\xe8me', 'latin1'), // latin-1: not valid UTF-8
  Buffer.from('naïve ✓'),
  Buffer.from('lone\rcr'),
  Buffer.from('\tindented'),
];

type Ending = 'lf' | 'crlf' | 'mixed';

function line(rng: Rng, ending: Ending, unique: () => number): Buffer {
  const body = rng.chance(0.5) ? rng.pick(WORDS) : Buffer.from(`line ${unique()}`);
  const crlf = ending === 'crlf' || (ending === 'mixed' && rng.chance(0.5));
  return Buffer.concat([body, Buffer.from(crlf ? '\r\n' : '\n')]);
}

/** A file as lines with their terminators; the last may lose its newline. */
function makeFile(rng: Rng, ending: Ending, unique: () => number): Buffer[] {
  const lines = Array.from({ length: rng.int(0, 60) }, () => line(rng, ending, unique));
  if (lines.length > 0 && rng.chance(0.3)) lines[lines.length - 1] = stripEol(lines[lines.length - 1]);
  return lines;
}

function stripEol(l: Buffer): Buffer {
  let end = l.length;
  if (l[end - 1] === 10) end--;
  if (l[end - 1] === 13) end--;
  return l.subarray(0, end);
}

function edit(rng: Rng, lines: Buffer[], ending: Ending, unique: () => number): Buffer[] {
  const out = lines.map((l) => l);
  for (let k = rng.int(1, 6); k > 0; k--) {
    const at = rng.int(0, out.length);
    const op = rng.int(0, 4);
    if (op === 0)
      out.splice(at, rng.int(1, 4)); // delete
    else if (op === 1)
      out.splice(at, 0, ...Array.from({ length: rng.int(1, 4) }, () => line(rng, ending, unique))); // insert
    else if (op === 2)
      out.splice(at, rng.int(1, 3), ...Array.from({ length: rng.int(1, 3) }, () => line(rng, ending, unique))); // replace
    else if (op === 3 && at < out.length) {
      // the same text with the other line ending
      const body = stripEol(out[at]);
      out[at] = Buffer.concat([body, Buffer.from(out[at].includes('\r\n') ? '\n' : '\r\n')]);
    }
  }
  // Every line but the last needs its newline; the last may gain or lose one.
  for (let i = 0; i < out.length - 1; i++)
    if (out[i][out[i].length - 1] !== 10) out[i] = Buffer.concat([out[i], Buffer.from('\n')]);
  if (out.length > 0 && rng.chance(0.25)) {
    const last = out.length - 1;
    out[last] =
      out[last][out[last].length - 1] === 10 ? stripEol(out[last]) : Buffer.concat([out[last], Buffer.from('\n')]);
  }
  return out;
}

const dir = tempDir('trellis-review-prop-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function gitApply(before: Buffer, patch: Buffer): Buffer {
  const file = path.join(dir, 'f.txt');
  fs.writeFileSync(file, before);
  fs.writeFileSync(path.join(dir, 'p.diff'), patch);
  execFileSync('git', ['-c', 'core.autocrlf=false', 'apply', '--whitespace=nowarn', 'p.diff'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return fs.readFileSync(file);
}

/** The same change as git's own diff sees it, through our parser of git's output. */
function gitsChange(before: Buffer, after: Buffer): FileChange {
  fs.writeFileSync(path.join(dir, 'old'), before);
  fs.writeFileSync(path.join(dir, 'new'), after);
  const out = spawnSync(
    'git',
    ['-c', 'core.autocrlf=false', 'diff', '--no-index', '--no-color', '--no-ext-diff', 'old', 'new'],
    { cwd: dir },
  );
  if (out.status !== 0 && out.status !== 1) throw new Error(out.stderr.toString());
  const hunks = parseHunks(out.stdout);
  return { path: 'f.txt', kind: 'modified', binary: false, additions: 0, deletions: 0, hunks };
}

describe('applyHunks against git apply', () => {
  it(`agrees on ${CASES} random files and edits`, () => {
    let subsets = 0;
    let gitChecked = 0;
    for (let c = 0; c < CASES; c++) {
      const rng = random(SEED + c);
      const ending = rng.pick(['lf', 'crlf', 'mixed'] as const);
      let counter = 0;
      const unique = () => counter++;
      const beforeLines = makeFile(rng, ending, unique);
      const before = Buffer.concat(beforeLines);
      const after = Buffer.concat(edit(rng, beforeLines, ending, unique));
      const change = diffContents({ path: 'f.txt', before, after });
      const label = seedLabel(SEED + c, `case ${c}`);
      expect(
        applyHunks(
          before,
          change,
          change.hunks.map((h) => h.index),
        ),
        label,
      ).toEqual(after);
      if (change.hunks.length === 0) continue;
      expect(gitApply(before, formatPatch(change)), `${label}: the full patch`).toEqual(after);
      if (c % 4 === 0) {
        // Hunks parsed from git's own diff output behave the same (every fourth case, to keep the run short).
        const theirs = gitsChange(before, after);
        expect(
          applyHunks(
            before,
            theirs,
            theirs.hunks.map((h) => h.index),
          ),
          `${label}: git's hunks`,
        ).toEqual(after);
        const theirSubset = theirs.hunks.filter((h) => h.index % 2 === 0).map((h) => h.index);
        expect(applyHunks(before, theirs, theirSubset), `${label}: git's hunks ${theirSubset}`).toEqual(
          gitApply(before, formatPatch(theirs, theirSubset)),
        );
        gitChecked++;
      }
      const subset = change.hunks.filter(() => rng.chance(0.5)).map((h) => h.index);
      if (subset.length === 0 || subset.length === change.hunks.length) continue;
      subsets++;
      expect(applyHunks(before, change, subset), `${label}: hunks ${subset}`).toEqual(
        gitApply(before, formatPatch(change, subset)),
      );
    }
    expect(subsets).toBeGreaterThan(CASES / 5);
    expect(gitChecked).toBeGreaterThan(CASES / 8);
  });
});
