/** What `runSpec` is given and gives back: its options, the review verdicts, merge events, the result. */
import type { SessionEvent } from '../../contract';
import type { TaskNode } from '../../contract/specs';
import type { FlaggedFile } from './large-files';
import type { MergeResult } from './merge-task';
import type { CrewEvent, CrewHandle, CrewSummary } from './crew-types';
import type { TaskRecord } from './worktree-runner';

export interface RunSpecOptions {
  home: string;
  /** The spec folder (`.kiro/specs/<name>`). */
  specDir: string;
  /** Only these tasks (and what they need). */
  tasks?: string[];
  maxParallel?: number;
  includeOptional?: boolean;
  /** Leave each finished task's branch for review instead of merging it into the current branch. */
  noMerge?: boolean;
  /** Headless: merge a task even when it adds large or binary files (they are still reported). */
  allowLargeFiles?: boolean;
  profile?: string;
  overrides?: string[];
  signal?: AbortSignal;
  /** Progress: the scheduler's events, plus merges. */
  onEvent?: (event: CrewEvent | CrewMergeEvent) => void;
  /** The tasks of the run, once the spec is read. */
  onTasks?: (tasks: readonly TaskNode[]) => void;
  /** Every event of every subagent's session, with the task it works on. */
  onSessionEvent?: (taskId: string, event: SessionEvent) => void;
  /**
   * The person reviews each finished task before it merges (the window). Asked again after a merge
   * conflict, once they resolved it or handed it on. Without it, finished tasks merge at once (headless).
   */
  review?: (request: TaskReviewRequest) => Promise<TaskVerdict>;
  /** Throw away an earlier attempt's worktree and branch before a task runs (the window's Retry and re-runs). */
  replaceAttempts?: boolean;
  /** Per task: what the subagent should know from an earlier attempt (a reviewer's comment, a failure). */
  notes?: ReadonlyMap<string, string>;
  /** Tasks whose finished work waits on its branch (a recovered run): straight to review, not run again. */
  awaitingReview?: ReadonlySet<string>;
  /** Lines the person should read: keys of the repository's configuration ignored because it is not trusted. */
  onWarning?: (...lines: string[]) => void;
  /** The running crew, for pause, resume and retry. */
  onStart?: (crew: CrewHandle) => void;
  /** A task's worktree is ready (its change can be looked at from now on). */
  onWorktree?: (taskId: string, worktree: { path: string; branch: string }) => void;
}

export interface TaskReviewRequest {
  task: TaskNode;
  record: TaskRecord;
  /** Set when asked again: why the last approval did not merge. */
  mergeFailure?: MergeFailure;
}
/** Approve merges; reject returns the task to todo; resolve merges the workspace's branch into the task's worktree for a conflict to be resolved there, by the person or a follow-up subagent. */
export type TaskVerdict =
  { action: 'approve' } | { action: 'reject'; comment: string } | { action: 'resolve'; by: 'agent' | 'person' };

/** Why an approved task did not merge (a conflict, markers left, the branch moved). */
export type MergeFailure = Extract<MergeResult, { ok: false }>;

export type CrewMergeEvent =
  | { type: 'task.merged'; at: number; taskId: string; branch: string; kind: string }
  | { type: 'task.merge-failed'; at: number; taskId: string; branch: string; error: string; conflicts: string[] }
  | { type: 'task.rejected'; at: number; taskId: string; comment: string }
  /** The task's change adds large or binary files; `held`: not merged for it (headless, without allowLargeFiles). */
  | {
      type: 'task.flagged';
      at: number;
      taskId: string;
      branch: string;
      files: FlaggedFile[];
      maxBytes: number;
      held: boolean;
    };

export interface RunSpecResult {
  summary: CrewSummary;
  records: Map<string, TaskRecord>;
  /** Tasks whose work was merged into the current branch. */
  merged: string[];
  /** A line per task that did not end done (and merged, unless noMerge). */
  failures: string[];
}
