import { randomUUID } from 'node:crypto';
import type { CrewRunInfo, CrewTaskRow, CrewWorktreeInfo, SessionEvent, WorkbenchEvent } from '../../contract';
import {
  CrewRunJournal,
  interruptedRuns,
  listCrewRuns,
  pruneCrewRuns,
  settleInterruptedRun,
  type RecoveredRun,
} from '../crew/run-journal';
import { runSpec, type TaskVerdict } from '../crew/run-spec';
import type { CrewHandle } from '../crew/scheduler';
import {
  isAncestor,
  listTrellisWorktrees,
  removeTaskWorktree,
  taskBase,
  taskBranch,
  taskWorktreePath,
} from '../crew/worktrees';
import { ExpectedFailure } from '../errors/expected-failure';
import { gitText, repoRoot } from '../git/git';

/** A refusal the person should read (a busy run, a task in the wrong state), returned as `{ ok: false }`. */
export interface CrewStartOptions {
  tasks?: string[];
  maxParallel?: number;
  includeOptional?: boolean;
}

interface Run {
  runId: string;
  workspaceId: string;
  spec: string;
  specDir: string;
  startedAt: number;
  options: CrewStartOptions;
  controller: AbortController;
  crew: CrewHandle | null;
  rows: Map<string, CrewTaskRow>;
  /** Finished tasks waiting for the person's verdict. */
  reviews: Map<string, (verdict: TaskVerdict) => void>;
  /** What the next attempt of a task should know (a reviewer's comment, a failure). */
  notes: Map<string, string>;
  /** Per task, per session: tokens and cost so far. */
  usage: Map<string, Map<string, { tokens: number; costUsd: number }>>;
  journal: CrewRunJournal | null;
  finished: { ok: boolean; failures: string[] } | null;
}

/**
 * Crew runs started from the window: `trellis spec run` in the background, each finished task held for
 * the person's review before it merges. Progress becomes one row per subagent (state, current step, time,
 * tokens, cost), broadcast as `crew.task` events and written to the run's journal, so a run the app did
 * not see to its end comes back on reopening.
 */
export class CrewRuns {
  /** By spec folder: one run of a spec at a time; a finished run stays until the next one starts. */
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly home: string,
    private readonly broadcast: (event: WorkbenchEvent) => void,
    private readonly log: (message: string) => void,
  ) {}

  async start(
    workspaceId: string,
    specDir: string,
    spec: string,
    options: CrewStartOptions,
    carry: { notes?: Map<string, string>; awaitingReview?: Set<string> } = {},
  ): Promise<string> {
    const previous = this.runs.get(specDir);
    if (previous && !previous.finished) throw new ExpectedFailure('busy', `${spec} is already running`);
    const repo = await repoRoot(specDir);
    const runId = randomUUID();
    const run: Run = {
      runId,
      workspaceId,
      spec,
      specDir,
      startedAt: Date.now(),
      options,
      controller: new AbortController(),
      crew: null,
      rows: new Map(),
      reviews: new Map(),
      notes: carry.notes ?? new Map(),
      usage: new Map(),
      journal: null,
      finished: null,
    };
    this.runs.set(specDir, run);
    try {
      await pruneCrewRuns(this.home);
      const branch = (await gitText(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')) || null;
      run.journal = await CrewRunJournal.create(this.home, {
        runId,
        spec,
        specDir,
        repo,
        branch,
        startedAt: run.startedAt,
        pid: process.pid,
        options,
      });
    } catch (err) {
      // A run without a journal still runs; it just cannot come back after a crash.
      this.log(`crew run of ${spec}: no journal: ${(err as Error).message}`);
    }
    void runSpec({
      home: this.home,
      specDir,
      tasks: options.tasks,
      maxParallel: options.maxParallel,
      includeOptional: options.includeOptional,
      signal: run.controller.signal,
      replaceAttempts: true,
      notes: run.notes,
      awaitingReview: carry.awaitingReview,
      onStart: (crew) => (run.crew = crew),
      // The window asked about trust when the repository opened and again at Run tasks; the log keeps what was ignored.
      onWarning: (...lines) => lines.forEach((line) => this.log(`crew run of ${spec}: ${line}`)),
      onWorktree: (taskId, worktree) => this.update(run, taskId, { worktree: worktree.path, branch: worktree.branch }),
      onTasks: (tasks) => {
        // A row per task that will run (its dependencies outside a selection get theirs when they start).
        const groups = new Set(tasks.map((t) => t.parent).filter((p) => p !== null));
        const chosen = (t: (typeof tasks)[number]) =>
          options.tasks ? options.tasks.includes(t.id) : !t.optional || options.includeOptional;
        for (const t of tasks)
          if (t.status !== 'done' && !groups.has(t.id) && chosen(t))
            this.update(run, t.id, { title: t.title, state: 'queued' });
      },
      review: ({ task, record, mergeFailure }) =>
        new Promise<TaskVerdict>((resolve) => {
          run.reviews.set(task.id, (verdict) => {
            run.reviews.delete(task.id);
            resolve(verdict);
          });
          this.update(run, task.id, {
            state: mergeFailure?.reason === 'conflict' ? 'conflict' : 'reviewing',
            branch: record.branch,
            worktree: record.worktree,
            conflicts: mergeFailure?.conflicts,
            error: mergeFailure?.error,
            flagged: record.flagged?.length ? record.flagged : undefined,
          });
        }),
      onEvent: (event) => {
        const at = event.at;
        const row = run.rows.get('taskId' in event ? event.taskId : '');
        if (event.type === 'task.started')
          this.update(run, event.taskId, {
            state: 'running',
            startedAt: at,
            finishedAt: undefined,
            error: undefined,
            conflicts: undefined,
            step: undefined,
          });
        else if (event.type === 'task.reviewing') this.update(run, event.taskId, { finishedAt: at });
        else if (event.type === 'task.finished' && event.ran)
          this.update(run, event.taskId, {
            state: row?.state === 'merged' ? 'merged' : 'done',
            finishedAt: row?.finishedAt ?? at,
            conflicts: undefined,
            error: undefined,
          });
        else if (event.type === 'task.rejected')
          this.update(run, event.taskId, {
            state: 'rejected',
            comment: event.comment,
            worktree: undefined,
            branch: undefined,
          });
        else if (event.type === 'task.failed' && row?.state !== 'rejected')
          this.update(run, event.taskId, { state: 'failed', finishedAt: at, error: event.error });
        else if (event.type === 'task.blocked')
          this.update(run, event.taskId, { state: 'blocked', error: event.reason }); // the scheduler's sentence names what it waits for and why
        else if (event.type === 'task.merged')
          this.update(run, event.taskId, {
            state: 'merged',
            branch: event.branch,
            conflicts: undefined,
            error: undefined,
          });
        else if (event.type === 'task.retried')
          this.update(run, event.taskId, { state: 'queued', error: undefined, flagged: undefined });
        else if (event.type === 'task.flagged') this.update(run, event.taskId, { flagged: event.files });
      },
      onSessionEvent: (taskId, event) => {
        const step = stepOf(event);
        if (event.type === 'session.started') this.update(run, taskId, { sessionId: event.session });
        if (step) this.update(run, taskId, { step });
        if (event.type === 'turn.completed') {
          // A task may have several sessions (its run, a follow-up that resolves a conflict): the row shows their sum.
          const sessions = run.usage.get(taskId) ?? new Map<string, { tokens: number; costUsd: number }>();
          sessions.set(event.session, {
            tokens: event.sessionUsage.inputTokens + event.sessionUsage.outputTokens,
            costUsd: event.sessionUsage.costUsd,
          });
          run.usage.set(taskId, sessions);
          const all = [...sessions.values()];
          this.update(run, taskId, {
            tokens: all.reduce((n, u) => n + u.tokens, 0),
            costUsd: all.reduce((n, u) => n + u.costUsd, 0),
          });
        }
      },
    })
      .then((result) =>
        this.finish(run, {
          ok: result.summary.ok && !result.failures.length,
          aborted: result.summary.aborted,
          failures: result.failures,
        }),
      )
      .catch((err) => {
        this.log(`crew run of ${spec} failed: ${(err as Error).stack ?? err}`);
        this.finish(run, { ok: false, aborted: false, failures: [(err as Error).message] });
      });
    return runId;
  }

  /** Stop starting tasks and interrupt the running subagents; what waits for review can still be reviewed. */
  stop(runId: string): void {
    this.live(runId).controller.abort();
  }

  pause(runId: string): void {
    const crew = this.live(runId).crew;
    if (!crew) throw new ExpectedFailure('not-started', 'The run is still starting; try again in a moment.');
    crew.pause();
    this.broadcastRun(this.live(runId));
  }

  resume(runId: string): void {
    this.live(runId).crew?.resume();
    this.broadcastRun(this.live(runId));
  }

  approve(specDir: string, taskId: string): void {
    this.verdict(specDir, taskId, { action: 'approve' });
  }

  /** A conflicted task: the workspace's branch is merged into its worktree, for the person or a follow-up subagent to resolve. */
  resolve(specDir: string, taskId: string, by: 'agent' | 'person'): void {
    const row = this.runs.get(specDir)?.rows.get(taskId);
    if (row && row.state !== 'conflict')
      throw new ExpectedFailure('no-conflict', `Task ${taskId} has no merge conflict to resolve.`);
    this.verdict(specDir, taskId, { action: 'resolve', by });
    if (row)
      this.update(this.runs.get(specDir)!, taskId, {
        state: by === 'agent' ? 'running' : 'conflict',
        step: by === 'agent' ? 'resolving the merge conflict' : row.step,
      });
  }

  reject(specDir: string, taskId: string, comment: string): void {
    const run = this.runs.get(specDir);
    if (comment.trim()) run?.notes.set(taskId, `The reviewer rejected it: ${comment.trim()}`);
    this.verdict(specDir, taskId, { action: 'reject', comment: comment.trim() });
  }

  /** A failed or rejected task runs again in a fresh worktree, then whatever waited for it. */
  async retry(workspaceId: string, specDir: string, spec: string, taskId: string): Promise<string> {
    const run = this.runs.get(specDir);
    const row = run?.rows.get(taskId);
    if (row && row.state !== 'failed' && row.state !== 'rejected')
      throw new ExpectedFailure(
        'not-failed',
        `Task ${taskId} is ${row.state}; only a failed or rejected task is retried.`,
      );
    if (run && row?.state === 'failed' && row.error) run.notes.set(taskId, `It failed: ${row.error}`);
    if (run && !run.finished && run.crew?.retry(taskId)) return run.runId;
    // The run is over (or this task was not in it): a new run of the task and what was waiting for it.
    const waiting = run
      ? [...run.rows.values()]
          .filter((r) => r.state === 'blocked' || r.state === 'cancelled' || r.state === 'queued')
          .map((r) => r.taskId)
      : [];
    return this.start(
      workspaceId,
      specDir,
      spec,
      { ...run?.options, tasks: [taskId, ...waiting] },
      { notes: run?.notes },
    );
  }

  /** The workspace's runs: those of this window's process (live or finished), and interrupted ones from journals. */
  async list(workspaceId: string, root: string): Promise<CrewRunInfo[]> {
    const mine = [...this.runs.values()].filter((r) => r.workspaceId === workspaceId).map((r) => this.info(r));
    const repo = await repoRoot(root).catch(() => null);
    if (!repo) return mine;
    const live = new Set([...this.runs.values()].map((r) => r.runId));
    // One read of the journals; a live run of a spec supersedes that spec's interrupted ones.
    const interrupted = (await interruptedRuns(this.home, live, { repo })).filter(
      (r) => this.runs.get(r.header.specDir)?.finished !== null,
    );
    return [...mine, ...interrupted.map(recoveredInfo)];
  }

  /** Continue an interrupted run: finished work goes back to review, unfinished tasks run again. */
  async resumeRun(workspaceId: string, root: string, runId: string): Promise<string> {
    const run = await this.interrupted(root, runId);
    const awaitingReview = new Set(
      run.rows.filter((r) => r.state === 'reviewing' || r.state === 'conflict').map((r) => r.taskId),
    );
    const notes = new Map(
      run.rows.filter((r) => r.comment).map((r) => [r.taskId, `The reviewer rejected it: ${r.comment}`]),
    );
    const started = await this.start(workspaceId, run.header.specDir, run.header.spec, run.header.options, {
      notes,
      awaitingReview,
    });
    await settleInterruptedRun(run, 'resumed');
    return started;
  }

  async dismissRun(root: string, runId: string): Promise<void> {
    await settleInterruptedRun(await this.interrupted(root, runId), 'dismissed');
  }

  /** Where a task's change is, for review: its worktree and the commit it started from. */
  async taskChange(
    root: string,
    spec: string,
    taskId: string,
  ): Promise<{ worktree: string; base: string; running: boolean }> {
    const repo = await repoRoot(root);
    const worktree = await taskWorktreePath(repo, spec, taskId);
    const base = await taskBase(repo, taskBranch(spec, taskId));
    const ours = (await listTrellisWorktrees(repo)).some((w) => w.path === worktree);
    if (!base || !ours)
      throw new ExpectedFailure(
        'not-found',
        `Task ${taskId} of ${spec} has no worktree to review (it has not run, or its worktree was removed).`,
      );
    const row = [...this.runs.values()].find((r) => r.spec === spec && !r.finished)?.rows.get(taskId);
    return { worktree, base, running: row?.state === 'running' };
  }

  async worktrees(root: string): Promise<CrewWorktreeInfo[]> {
    const repo = await repoRoot(root);
    const branch = await gitText(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
    const inUse = this.worktreesInUse();
    return Promise.all(
      (await listTrellisWorktrees(repo)).map(async (w) => ({
        path: w.path,
        branch: w.branch,
        spec: w.spec,
        taskId: w.taskId,
        inUse: inUse.has(w.path),
        merged: !!branch && (await isAncestor(repo, w.head, branch)),
      })),
    );
  }

  async removeWorktree(root: string, worktree: string): Promise<void> {
    if (this.worktreesInUse().has(worktree))
      throw new ExpectedFailure(
        'busy',
        'A subagent works in that worktree or its change waits for review; stop the run or decide the review first.',
      );
    const removed = await removeTaskWorktree(await repoRoot(root), worktree, { force: true, deleteBranch: true });
    if (!removed.ok) throw new ExpectedFailure('refused', removed.error);
  }

  stopAll(): void {
    for (const run of this.runs.values()) run.controller.abort();
  }

  private worktreesInUse(): Set<string> {
    const paths = new Set<string>();
    for (const run of this.runs.values()) {
      if (run.finished) continue;
      for (const row of run.rows.values())
        if (row.worktree && (row.state === 'running' || row.state === 'reviewing' || row.state === 'conflict'))
          paths.add(row.worktree);
    }
    return paths;
  }

  private verdict(specDir: string, taskId: string, verdict: TaskVerdict): void {
    const decide = this.runs.get(specDir)?.reviews.get(taskId);
    if (!decide)
      throw new ExpectedFailure(
        'not-reviewing',
        `Task ${taskId} is not waiting for review${this.runs.get(specDir)?.finished ? ' (its run has ended; resume it first)' : ''}.`,
      );
    decide(verdict);
  }

  private live(runId: string): Run {
    const run = [...this.runs.values()].find((r) => r.runId === runId);
    if (!run || run.finished) throw new ExpectedFailure('not-running', 'That run has finished.');
    return run;
  }

  private async interrupted(root: string, runId: string): Promise<RecoveredRun> {
    const repo = await repoRoot(root);
    const run = (await listCrewRuns(this.home)).find(
      (r) => r.header.runId === runId && r.header.repo === repo && !r.finished,
    );
    if (!run) throw new ExpectedFailure('not-found', 'That run is not waiting to be resumed.');
    if (this.runs.get(run.header.specDir)?.finished === null)
      throw new ExpectedFailure('busy', `${run.header.spec} is running; stop it first.`);
    return run;
  }

  private update(run: Run, taskId: string, change: Partial<CrewTaskRow>): void {
    const row: CrewTaskRow = {
      taskId,
      title: taskId,
      state: 'queued',
      tokens: 0,
      costUsd: 0,
      ...run.rows.get(taskId),
      ...change,
    };
    for (const key of Object.keys(row) as (keyof CrewTaskRow)[]) if (row[key] === undefined) delete row[key];
    run.rows.set(taskId, row);
    this.broadcast({ type: 'crew.task', workspaceId: run.workspaceId, runId: run.runId, spec: run.spec, task: row });
    run.journal?.task(row).catch((err) => this.log(`crew journal of ${run.spec}: ${(err as Error).message}`));
  }

  private broadcastRun(run: Run): void {
    this.broadcast({ type: 'crew.run', workspaceId: run.workspaceId, run: this.info(run) });
  }

  private finish(run: Run, result: { ok: boolean; aborted: boolean; failures: string[] }): void {
    for (const row of run.rows.values())
      if (row.state === 'queued') this.update(run, row.taskId, { state: 'cancelled' });
    run.finished = { ok: result.ok, failures: result.failures };
    this.broadcast({
      type: 'crew.finished',
      workspaceId: run.workspaceId,
      runId: run.runId,
      spec: run.spec,
      ok: result.ok,
      failures: result.failures,
    });
    void run.journal
      ?.finish(result)
      .then(() => run.journal?.close())
      .catch((err) => this.log(`crew journal of ${run.spec}: ${(err as Error).message}`));
  }

  private info(run: Run): CrewRunInfo {
    return {
      runId: run.runId,
      spec: run.spec,
      live: !run.finished,
      paused: run.crew?.paused ?? false,
      startedAt: run.startedAt,
      finished: run.finished,
      rows: [...run.rows.values()],
    };
  }
}

function recoveredInfo(run: RecoveredRun): CrewRunInfo {
  return {
    runId: run.header.runId,
    spec: run.header.spec,
    live: false,
    paused: false,
    startedAt: run.header.startedAt,
    finished: null,
    rows: run.rows,
  };
}

/** What a subagent is doing now, in a few words: its last command or patch. */
function stepOf(event: SessionEvent): string | null {
  if (event.type === 'exec.started') return `$ ${event.command}`;
  if (event.type === 'patch.applied' && event.success) return `patched ${event.changes.map((c) => c.path).join(', ')}`;
  if (event.type === 'turn.started') return 'thinking';
  return null;
}
