/**
 * The crew's vocabulary: what a task must offer the scheduler, what `runTask` returns, the events a run
 * emits, and the summary it settles with. Data only; scheduler.ts re-exports it for callers.
 */

/** What the scheduler needs of a task: a TaskNode from task-graph.ts, or a SpecTask from load-spec.ts, fits. */
export interface CrewTask {
  id: string;
  title: string;
  status: 'todo' | 'in_progress' | 'done' | 'queued';
  optional: boolean;
  parent: string | null;
  dependsOn: string[];
}

export interface TaskContext {
  /** Aborted when the crew is aborted. */
  signal: AbortSignal;
  /** 1-based position among the tasks started in this run. */
  ordinal: number;
}

export type TaskOutcome = { ok: true } | { ok: false; error: string };
export type RunTask<T extends CrewTask = CrewTask> = (task: T, ctx: TaskContext) => Promise<TaskOutcome>;

export type CrewEvent =
  | { type: 'task.started'; at: number; taskId: string }
  | { type: 'task.finished'; at: number; taskId: string; ms: number; ran: boolean }
  | { type: 'task.failed'; at: number; taskId: string; ms: number; error: string }
  | { type: 'task.blocked'; at: number; taskId: string; blockedBy: string[]; reason: string }
  | { type: 'task.reviewing'; at: number; taskId: string }
  /** Pending again: the retried task, and each task that had been blocked only because of it. */
  | { type: 'task.retried'; at: number; taskId: string }
  | { type: 'crew.paused'; at: number }
  | { type: 'crew.resumed'; at: number }
  | { type: 'crew.finished'; at: number; ms: number; aborted: boolean; counts: Record<TaskRunState, number> };

/**
 * Final state of each task in the run:
 * done (ran, or a group whose subtasks are done), failed, blocked (a dependency failed or can never finish),
 * already-done (done in tasks.md), skipped (optional, excluded), not-selected, cancelled (never started: abort).
 */
export type TaskRunState = 'done' | 'failed' | 'blocked' | 'already-done' | 'skipped' | 'not-selected' | 'cancelled';

export interface TaskSummary {
  id: string;
  state: TaskRunState;
  /** Whether runTask ran for it. */
  ran: boolean;
  startedAt?: number;
  finishedAt?: number;
  ms?: number;
  /** Time the finished task waited for review (included in ms). */
  reviewMs?: number;
  error?: string;
  /** For blocked tasks: the failed or unreachable tasks in the way. */
  blockedBy?: string[];
}

export interface CrewSummary {
  tasks: TaskSummary[];
  aborted: boolean;
  ms: number;
  /** True when every task in the run ended done, already-done, skipped or not-selected. */
  ok: boolean;
}

export interface CrewOptions<T extends CrewTask = CrewTask> {
  tasks: readonly T[];
  /** At most this many tasks run at once; default 4. */
  maxParallel?: number;
  includeOptional?: boolean;
  /** Run only these tasks (and what they need). */
  selected?: readonly string[];
  /** 'group' (default): a parent completes when its subtasks do; 'run': it runs after them. */
  parents?: 'group' | 'run';
  runTask: RunTask<T>;
  /**
   * A gate after a task's work (the person's review): the task frees its slot at once, and settles done or
   * failed when this does. The crew does not finish while a review is pending, not even after abort.
   */
  review?: RunTask<T>;
  onEvent?: (event: CrewEvent) => void;
  signal?: AbortSignal;
  /** Start paused. */
  paused?: boolean;
  /** Clock for events (tests). */
  now?: () => number;
}

export interface CrewHandle {
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  readonly finished: boolean;
  /**
   * Run a failed task again, and then whatever was blocked because of it. Only before the crew finished
   * (it finishes once nothing runs, is ready or is in review): from a task.failed listener, or while other
   * tasks run or wait for review. False, and nothing changes, for a task that is not failed.
   */
  retry(taskId: string): boolean;
  /** Settles when no task runs and none can start (or after abort, when the running ones settled). Never rejects for a task's failure. */
  readonly result: Promise<CrewSummary>;
}

export const DEFAULT_MAX_PARALLEL = 4;
