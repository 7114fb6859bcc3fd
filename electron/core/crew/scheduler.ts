/**
 * The crew scheduler: runs a task graph's ready tasks, at most `maxParallel` at once, through an injected
 * `runTask` (the lead plugs an agent session in a task worktree behind it; tests plug in fakes).
 *
 * - A task waits for its `dependsOn` ids and for its children (a parent is done after its subtasks).
 * - A parent with subtasks is a group: by default it is done once its subtasks are (no run of its own);
 *   `parents: 'run'` runs it too, after them.
 * - Optional tasks run only with `includeOptional` (or when selected by id); otherwise they are skipped and
 *   count as satisfied for whatever waits on them.
 * - Tasks already done in tasks.md are skipped and count as satisfied.
 * - `selected` narrows the run to those tasks plus everything they need (dependencies and subtasks, transitively).
 * - A failed task blocks its dependants (transitively; they never start); independent tasks carry on.
 * - Abort stops starting tasks and reaches the running ones through their `ctx.signal`; the run then
 *   waits for them to settle. Pause stops starting tasks; resume continues.
 * - Among ready tasks, file order (the order of `tasks`) decides.
 *
 * The scheduler writes nothing: ticking tasks.md, worktrees and merges belong to `runTask` / `onEvent`.
 * This file owns the run's lifecycle: the concurrency slots, pause, abort, the review gate and the end.
 * The graph and what settles before the run are crew-graph.ts; each task's state, task-board.ts.
 */

import { buildCrewGraph, initialStates } from './crew-graph';
import {
  DEFAULT_MAX_PARALLEL,
  type CrewEvent,
  type CrewHandle,
  type CrewOptions,
  type CrewSummary,
  type CrewTask,
  type TaskOutcome,
} from './crew-types';
import { TaskBoard } from './task-board';
import { outcomeOf } from './task-outcome';

export * from './crew-types';

/** Run the crew to the end; see startCrew for pause and resume. */
export function runCrew<T extends CrewTask>(options: CrewOptions<T>): Promise<CrewSummary> {
  return startCrew(options).result;
}

export function startCrew<T extends CrewTask>(options: CrewOptions<T>): CrewHandle {
  const run = new CrewRun(options);
  return {
    retry: (taskId) => run.retry(taskId),
    get finished() {
      return run.finished;
    },
    pause: () => run.pause(),
    resume: () => run.resume(),
    get paused() {
      return run.paused;
    },
    result: run.result,
  };
}

class CrewRun<T extends CrewTask> {
  readonly result: Promise<CrewSummary>;
  paused: boolean;
  finished = false;
  private readonly now: () => number;
  private readonly started: number;
  private readonly maxParallel: number;
  private readonly board: TaskBoard<T>;
  /** Reaches the running tasks and pending reviews through their ctx.signal. */
  private readonly controller = new AbortController();
  private running = 0;
  private reviewing = 0;
  private ordinal = 0;
  private aborted = false;
  private resolve!: (s: CrewSummary) => void;
  private readonly onAbort = () => {
    if (this.aborted) return;
    this.aborted = true;
    this.controller.abort(this.options.signal?.reason);
    this.pump();
  };

  constructor(private readonly options: CrewOptions<T>) {
    this.now = options.now ?? Date.now;
    this.maxParallel = Math.max(1, Math.floor(options.maxParallel ?? DEFAULT_MAX_PARALLEL));
    this.started = this.now();
    this.paused = options.paused ?? false;
    this.result = new Promise<CrewSummary>((r) => (this.resolve = r));
    const graph = buildCrewGraph(options.tasks);
    const initial = initialStates(options.tasks, graph, options);
    this.board = new TaskBoard(options.tasks, graph, initial, {
      parents: options.parents ?? 'group',
      emit: (e) => this.emit(e),
      now: this.now,
    });
    this.board.open();
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
    queueMicrotask(() => this.pump());
  }

  pause(): void {
    if (this.paused || this.finished) return;
    this.paused = true;
    this.emit({ type: 'crew.paused', at: this.now() });
  }

  resume(): void {
    if (!this.paused || this.finished) return;
    this.paused = false;
    this.emit({ type: 'crew.resumed', at: this.now() });
    this.pump();
  }

  retry(taskId: string): boolean {
    if (this.finished || !this.board.retry(taskId)) return false;
    queueMicrotask(() => this.pump());
    return true;
  }

  private emit(event: CrewEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the crew.
    }
  }

  /** Fills free slots from the ready tasks; ends the run once nothing runs, waits for review or can start. */
  private pump(): void {
    if (this.finished) return;
    while (!this.aborted && !this.paused && this.running < this.maxParallel && this.board.hasReady)
      this.start(this.board.takeReady()!);
    if (this.running > 0 || this.reviewing > 0) return;
    if (this.aborted) return this.finish();
    if (this.board.hasReady) return; // paused with work left: resume() or abort continues
    this.board.blockStranded();
    this.finish();
  }

  private start(i: number): void {
    const task = this.board.task(i);
    this.running++;
    const at = this.board.markRunning(i);
    const ctx = { signal: this.controller.signal, ordinal: ++this.ordinal };
    void outcomeOf(() => this.options.runTask(task, ctx)).then((r) => {
      this.running--;
      if (r.ok && this.options.review) return this.review(i, at);
      this.settle(i, at, r);
    });
  }

  /** The task's work is done; its slot is free while the review decides how it settles. */
  private review(i: number, at: number): void {
    const task = this.board.task(i);
    this.reviewing++;
    const since = this.board.markReviewing(i);
    queueMicrotask(() => this.pump());
    const ctx = { signal: this.controller.signal, ordinal: this.ordinal };
    void outcomeOf(() => this.options.review!(task, ctx)).then((r) => {
      this.reviewing--;
      this.board.reviewed(i, since);
      this.settle(i, at, r);
    });
  }

  private settle(i: number, at: number, r: TaskOutcome): void {
    this.board.settleRun(i, at, r);
    this.pump();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    // Pending tasks left after an abort were never started: they stay 'cancelled'.
    const counts = this.board.counts();
    const end = this.now();
    const ms = end - this.started;
    const ok = counts.failed + counts.blocked + counts.cancelled === 0;
    this.emit({ type: 'crew.finished', at: end, ms, aborted: this.aborted, counts });
    this.resolve({ tasks: this.board.summaries, aborted: this.aborted, ms, ok });
  }
}
