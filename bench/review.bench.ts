/**
 * Diff review on a big turn: 2,000 changed files, 100,000 changed lines, in a temporary repository.
 * What the review pane needs first is the file list (`listChanges`, goal < 500 ms; without counts,
 * since git must diff every file's content to count lines), then the counts, then one file's
 * hunks on demand (`fileDiff` of a 10,000-line file, goal < 300 ms). Both stand beside `git diff
 * --stat` of the same change, timed the same way (a process spawned from Node), as the baseline.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffAgainst, diffContents, fileDiff, listChanges } from '../electron/core/review';
import { median, type Benchmark, type BenchResult } from './support/report';
import { timeProcess } from './support/time-process';

const FILES = 2_000;
const UNTRACKED = 20;
const LINES_PER_FILE = 120;
const REPLACED_PER_FILE = 25; // 25 removed + 25 added = 50 changed lines a file, 100,000 in all
const BIG_LINES = 10_000;
const RUNS = 7;
const LIST_GOAL_MS = 500;
const FILE_GOAL_MS = 300;
const BIG = 'big/large-file.ts';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com', GIT_OPTIONAL_LOCKS: '0' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });

const fileName = (i: number) => `src/mod-${String(i % 40).padStart(2, '0')}/file-${String(i).padStart(4, '0')}.ts`;
const line = (f: number, i: number, tag = 'base') => `export const v${f}_${i} = compute(${(f * 31 + i) % 997}, '${tag}');`;

/** The repository, committed, then the turn's edits written to the working tree (20 of the files untracked). */
function generate(): { repo: string; bigBefore: Buffer; bigAfter: Buffer } {
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
  return { repo, bigBefore: Buffer.from(bigBefore), bigAfter: Buffer.from(bigAfter) };
}

async function timeRuns(run: () => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - started); // the first run warms caches and the JIT
  }
  return times;
}

export const reviewBench: Benchmark = {
  name: `diff review of ${FILES} files and ${(FILES * REPLACED_PER_FILE * 2).toLocaleString('en')} changed lines`,

  async run(): Promise<BenchResult> {
    const started = performance.now();
    const { repo, bigBefore, bigAfter } = generate();
    const generatedMs = performance.now() - started;
    try {
      const list = await listChanges(repo, 'HEAD');
      const changed = list.reduce((n, c) => n + (c.additions ?? 0) + (c.deletions ?? 0), 0);
      if (list.length !== FILES + 1) throw new Error(`listChanges found ${list.length} files, expected ${FILES + 1}`);
      const bigEntry = list.find((c) => c.path === BIG)!;

      const statRuns = await timeRuns(async () => {
        const r = await timeProcess('git', ['diff', '--stat', 'HEAD'], { cwd: repo, env: GIT_ENV });
        if (r.code !== 0) throw new Error(`git diff --stat failed: ${r.stderr}`);
      });
      const fastRuns = await timeRuns(() => listChanges(repo, 'HEAD', { counts: false }));
      const listRuns = await timeRuns(() => listChanges(repo, 'HEAD'));
      const fileRuns = await timeRuns(() => fileDiff(repo, 'HEAD', bigEntry));
      const inProcessRuns = await timeRuns(() => diffContents({ path: BIG, before: bigBefore, after: bigAfter }));
      const fullRuns = await timeRuns(() => diffAgainst(repo, 'HEAD'));
      const bigChange = await fileDiff(repo, 'HEAD', bigEntry);
      const ownBig = diffContents({ path: BIG, before: bigBefore, after: bigAfter });

      const stat = median(statRuns);
      const fastMs = median(fastRuns);
      const listMs = median(listRuns);
      const fileMs = median(fileRuns);
      const inProcessMs = median(inProcessRuns);
      const fullMs = median(fullRuns);
      return {
        figures: [
          { label: 'git diff --stat HEAD (baseline)', ms: stat, runs: statRuns, goal: '' },
          { label: 'listChanges({ counts: false }): the file list', ms: fastMs, runs: fastRuns, goal: `< ${LIST_GOAL_MS} ms`, ratio: fastMs / stat, pass: fastMs < LIST_GOAL_MS },
          { label: 'listChanges: the file list with +/- counts', ms: listMs, runs: listRuns, goal: '', ratio: listMs / stat },
          { label: `fileDiff: hunks of one ${BIG_LINES.toLocaleString('en')}-line file (git)`, ms: fileMs, runs: fileRuns, goal: `< ${FILE_GOAL_MS} ms`, ratio: fileMs / stat, pass: fileMs < FILE_GOAL_MS },
          { label: 'diffContents: the same file in process (Myers)', ms: inProcessMs, runs: inProcessRuns, goal: `< ${FILE_GOAL_MS} ms`, ratio: inProcessMs / stat, pass: inProcessMs < FILE_GOAL_MS },
          { label: 'diffAgainst: every file with its hunks', ms: fullMs, runs: fullRuns, goal: '', ratio: fullMs / stat },
        ],
        notes: [
          `Repository: ${FILES - UNTRACKED} modified tracked files (${LINES_PER_FILE} lines, ${REPLACED_PER_FILE} replaced each), ${UNTRACKED} untracked new files, ` +
            `and one ${BIG_LINES.toLocaleString('en')}-line file; ${list.length} files and ${changed.toLocaleString('en')} changed lines in all ` +
            `(generated in ${(generatedMs / 1000).toFixed(1)} s, untimed). Medians of ${RUNS} runs after one uncounted warm-up.`,
          `The big file: git gives ${bigChange?.hunks.length} hunks (+${bigChange?.additions} -${bigChange?.deletions}), the in-process diff ${ownBig.hunks.length} hunks ` +
            `(+${ownBig.additions} -${ownBig.deletions}). listChanges and fileDiff include the untracked-file scan and the private index copy; ` +
            'git diff --stat sees no untracked files, so it does a little less.',
        ],
      };
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  },
};
