/**
 * Diff review on a big turn: 2,000 changed files, 100,000 changed lines, in a temporary repository.
 * What the review pane needs first is the file list (`listChanges`, goal < 500 ms; without counts,
 * since git must diff every file's content to count lines), then the counts, then one file's
 * hunks on demand (`fileDiff` of a 10,000-line file, goal < 300 ms). Both stand beside `git diff
 * --stat` of the same change, timed the same way (a process spawned from Node), as the baseline.
 */
import fs from 'node:fs';
import { diffAgainst, diffContents, fileDiff, listChanges } from '../electron/core/review';
import { median, type Benchmark, type BenchResult } from './support/report';
import {
  BIG,
  BIG_LINES,
  FILES,
  generate,
  GIT_ENV,
  LINES_PER_FILE,
  REPLACED_PER_FILE,
  UNTRACKED,
} from './support/review-change';
import { timeProcess } from './support/time-process';

const RUNS = 7;
const LIST_GOAL_MS = 500;
const FILE_GOAL_MS = 300;

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
          {
            label: 'listChanges({ counts: false }): the file list',
            ms: fastMs,
            runs: fastRuns,
            goal: `< ${LIST_GOAL_MS} ms`,
            ratio: fastMs / stat,
            pass: fastMs < LIST_GOAL_MS,
          },
          {
            label: 'listChanges: the file list with +/- counts',
            ms: listMs,
            runs: listRuns,
            goal: '',
            ratio: listMs / stat,
          },
          {
            label: `fileDiff: hunks of one ${BIG_LINES.toLocaleString('en')}-line file (git)`,
            ms: fileMs,
            runs: fileRuns,
            goal: `< ${FILE_GOAL_MS} ms`,
            ratio: fileMs / stat,
            pass: fileMs < FILE_GOAL_MS,
          },
          {
            label: 'diffContents: the same file in process (Myers)',
            ms: inProcessMs,
            runs: inProcessRuns,
            goal: `< ${FILE_GOAL_MS} ms`,
            ratio: inProcessMs / stat,
            pass: inProcessMs < FILE_GOAL_MS,
          },
          {
            label: 'diffAgainst: every file with its hunks',
            ms: fullMs,
            runs: fullRuns,
            goal: '',
            ratio: fullMs / stat,
          },
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
