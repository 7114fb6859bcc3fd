import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCrew, type CrewTask } from '../electron/core/crew/scheduler';
import { prepareTaskWorktree, removeTaskWorktree, worktreesRoot } from '../electron/core/crew/worktrees';
import { ensureRepo, type RepoShape } from './support/generate-repo';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';

const SCHEDULING_TASKS = 1_000;
const SCHEDULING_RUNS = 10;
const GOAL_OVERHEAD_MS = 50;
const WORKTREE_RUNS = 5;
const GOAL_WORKTREE_RATIO = 1.2;
const SLEEP_TASKS = 8;
const SLEEP_MS = 200;
const PARALLEL_RUNS = 3;
const GOAL_SPEEDUP = 3;
/** 50,000 committed files, nothing modified: the worktree checks out all of them. */
const WORKTREE_REPO: RepoShape = { folders: 500, filesPerFolder: 100, modified: 0, untracked: 0 };

const task = (id: string, dependsOn: string[] = []): CrewTask => ({
  id,
  title: id,
  status: 'todo',
  optional: false,
  parent: null,
  dependsOn,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function scheduling(tasks: CrewTask[]): Promise<number[]> {
  const runs: number[] = [];
  for (let run = -1; run < SCHEDULING_RUNS; run++) {
    let events = 0;
    const ms = await timed(async () => {
      const summary = await runCrew({
        tasks,
        maxParallel: 4,
        runTask: async () => ({ ok: true }),
        onEvent: () => events++,
      });
      if (!summary.ok) throw new Error('scheduling bench: a no-op task did not finish');
    });
    if (run >= 0) runs.push(ms / tasks.length);
  }
  return runs;
}

export const crewBench: Benchmark = {
  name: 'Crew: scheduling overhead, a task worktree on 50,000 files beside `git worktree add`, 8 tasks 4-wide vs 1-wide',
  async run(): Promise<BenchResult> {
    const figures: Figure[] = [];
    const notes: string[] = [];

    // (a) Scheduling overhead: no-op tasks, so all the time is the scheduler's (and the event listener's).
    const independent = Array.from({ length: SCHEDULING_TASKS }, (_, i) => task(`t${i}`));
    const chain = Array.from({ length: SCHEDULING_TASKS }, (_, i) => task(`t${i}`, i ? [`t${i - 1}`] : []));
    const fanIn = [
      ...independent,
      task(
        'join',
        independent.map((t) => t.id),
      ),
    ];
    for (const [label, tasks] of [
      ['independent', independent],
      ['chain', chain],
      ['independent + one task waiting for all', fanIn],
    ] as const) {
      const runs = await scheduling([...tasks]);
      const per = median(runs);
      figures.push({
        label: `scheduling overhead per task, ${SCHEDULING_TASKS.toLocaleString('en')} ${label}`,
        ms: per,
        runs,
        goal: `< ${GOAL_OVERHEAD_MS} ms`,
        pass: per < GOAL_OVERHEAD_MS,
      });
    }

    // (b) A task's worktree (validate names, resolve base, `git worktree add -b`) vs `git worktree add -b` alone.
    const repo = ensureRepo(WORKTREE_REPO);
    const root = await worktreesRoot(repo);
    const baselineRoot = path.join(path.dirname(root), 'bench-baseline-worktrees');
    fs.mkdirSync(baselineRoot, { recursive: true });
    const gitRuns: number[] = [];
    const crewRuns: number[] = [];
    try {
      for (let run = -1; run < WORKTREE_RUNS; run++) {
        const wt = path.join(baselineRoot, `w${run + 1}`);
        const gitMs = await timed(async () =>
          git(repo, 'worktree', 'add', '--quiet', '-b', `bench-baseline/${run + 1}`, wt, 'main'),
        );
        git(repo, 'worktree', 'remove', '--force', wt);
        git(repo, 'branch', '-D', `bench-baseline/${run + 1}`);

        let made = '';
        const crewMs = await timed(async () => {
          const result = await prepareTaskWorktree(repo, { spec: 'bench', taskId: `${run + 1}.1`, baseRef: 'main' });
          if (!result.ok) throw new Error(`prepareTaskWorktree: ${result.error}`);
          made = result.path;
        });
        const removed = await removeTaskWorktree(repo, made, { force: true, deleteBranch: true });
        if (!removed.ok) throw new Error(removed.error);
        if (run >= 0) {
          gitRuns.push(gitMs);
          crewRuns.push(crewMs);
        }
      }
    } finally {
      fs.rmSync(baselineRoot, { recursive: true, force: true });
      git(repo, 'worktree', 'prune');
    }
    const worktreeRatio = median(crewRuns) / median(gitRuns);
    figures.push(
      { label: 'git worktree add -b (baseline), 50,000 files', ms: median(gitRuns), runs: gitRuns, goal: '' },
      {
        label: 'prepareTaskWorktree, 50,000 files',
        ms: median(crewRuns),
        runs: crewRuns,
        goal: `<= ${GOAL_WORKTREE_RATIO}x git`,
        ratio: worktreeRatio,
        pass: worktreeRatio <= GOAL_WORKTREE_RATIO,
      },
    );

    // (c) 8 independent tasks that each take 200 ms: 4 at once against one at a time.
    const sleepers = Array.from({ length: SLEEP_TASKS }, (_, i) => task(`s${i}`));
    const wall = async (maxParallel: number) => {
      const runs: number[] = [];
      for (let run = 0; run < PARALLEL_RUNS; run++) {
        runs.push(
          await timed(() =>
            runCrew({ tasks: sleepers, maxParallel, runTask: async () => (await sleep(SLEEP_MS), { ok: true }) }),
          ),
        );
      }
      return runs;
    };
    const serial = await wall(1);
    const parallel = await wall(4);
    const speedup = median(serial) / median(parallel);
    figures.push(
      {
        label: `${SLEEP_TASKS} tasks x ${SLEEP_MS} ms, maxParallel 1 (baseline)`,
        ms: median(serial),
        runs: serial,
        goal: '',
      },
      {
        label: `${SLEEP_TASKS} tasks x ${SLEEP_MS} ms, maxParallel 4`,
        ms: median(parallel),
        runs: parallel,
        goal: `>= ${GOAL_SPEEDUP}x faster`,
        ratio: median(parallel) / median(serial),
        pass: speedup >= GOAL_SPEEDUP,
      },
    );

    notes.push(
      `Scheduling: median of ${SCHEDULING_RUNS} runs (after one warm-up) of wall time / task count, maxParallel 4, no-op runTask, a counting event listener.`,
      `Worktrees: ${WORKTREE_RUNS} runs each, taking turns, on a generated repository of ${(WORKTREE_REPO.folders * WORKTREE_REPO.filesPerFolder).toLocaleString('en')} files (bench/.cache); both check out into the same .git folder's filesystem and are removed after each run. prepareTaskWorktree adds name checks, base resolution and a branch-exists check to \`git worktree add -b\`.`,
      `Parallelism: speed-up ${speedup.toFixed(2)}x (ideal ${Math.min(4, SLEEP_TASKS)}x); the ratio column is parallel / serial wall time.`,
    );
    return { figures, notes };
  },
};
