/**
 * The big change both review benchmarks use: 2,000 files and 100,000 changed lines, plus one
 * 10,000-line file, in a temporary repository. The base is committed first; the edits (a turn's
 * work) are written separately, so a benchmark can make them while a turn is under way.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FILES = 2_000;
export const UNTRACKED = 20;
export const LINES_PER_FILE = 120;
export const REPLACED_PER_FILE = 25; // 25 removed + 25 added = 50 changed lines a file, 100,000 in all
export const BIG_LINES = 10_000;
export const BIG = 'big/large-file.ts';

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'b@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'b@example.com',
  GIT_OPTIONAL_LOCKS: '0',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });

const fileName = (i: number) => `src/mod-${String(i % 40).padStart(2, '0')}/file-${String(i).padStart(4, '0')}.ts`;
const line = (f: number, i: number, tag = 'base') =>
  `export const v${f}_${i} = compute(${(f * 31 + i) % 997}, '${tag}');`;

export interface ReviewChange {
  repo: string;
  bigBefore: Buffer;
  /** Write the turn's edits to the working tree (20 of the files untracked); returns the big file's new bytes. */
  writeEdits(): Buffer;
}

/** The repository with its base committed; the edits come from `writeEdits`. */
export function commitBase(): ReviewChange {
  const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-review-')));
  git(repo, 'init', '-q', '-b', 'main');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  };
  const base = (f: number) => Array.from({ length: LINES_PER_FILE }, (_, i) => line(f, i)).join('\n') + '\n';
  for (let f = 0; f < FILES - UNTRACKED; f++) write(fileName(f), base(f));
  const bigBefore = Array.from({ length: BIG_LINES }, (_, i) => line(-1, i)).join('\n') + '\n';
  write(BIG, bigBefore);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  // A moment later, so the index's stat data is not racily clean (as on any real machine).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_100);
  git(repo, 'update-index', '-q', '--refresh');

  const writeEdits = (): Buffer => {
    for (let f = 0; f < FILES - UNTRACKED; f++) {
      const lines = base(f).split('\n');
      // Replacements spread through the file: several hunks a file, as real edits give.
      for (let k = 0; k < REPLACED_PER_FILE; k++) lines[(k * 37 + f) % LINES_PER_FILE] = line(f, k, 'edited');
      write(fileName(f), lines.join('\n'));
    }
    for (let f = FILES - UNTRACKED; f < FILES; f++) {
      write(fileName(f), Array.from({ length: 2 * REPLACED_PER_FILE }, (_, i) => line(f, i, 'new')).join('\n') + '\n');
    }
    // The big file: every 10th line rewritten, a block inserted and one deleted.
    const big = bigBefore.split('\n');
    for (let i = 5; i < BIG_LINES; i += 10) big[i] = line(-1, i, 'edited');
    big.splice(5_000, 40);
    big.splice(2_000, 0, ...Array.from({ length: 40 }, (_, i) => line(-2, i, 'inserted')));
    const bigAfter = big.join('\n');
    write(BIG, bigAfter);
    return Buffer.from(bigAfter);
  };
  return { repo, bigBefore: Buffer.from(bigBefore), writeEdits };
}

/** The base committed and the edits written: the whole change at once. */
export function generate(): { repo: string; bigBefore: Buffer; bigAfter: Buffer } {
  const change = commitBase();
  const bigAfter = change.writeEdits();
  return { repo: change.repo, bigBefore: change.bigBefore, bigAfter };
}
