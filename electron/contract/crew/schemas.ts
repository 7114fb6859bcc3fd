import { z } from 'zod';
import { lazy } from '../lazy';
import { specSchemas } from '../specs/schemas';
import { workspaceSchemas } from '../workspace/schemas';

/** Crew runs as the subagents pane shows them: one row per task. Built on first use. */
export const crewSchemas = lazy(() => {
  const TaskId = z.string().min(1).max(100);
  const RunId = z.string().min(1).max(100);

  /** One task of a spec in a workspace: what crew requests act on (a run's id is not needed: one run per spec). */
  const CrewTaskRef = z.object({
    workspaceId: workspaceSchemas().WorkspaceId,
    spec: specSchemas().SpecFolderName,
    taskId: TaskId,
  });

  /** A file of a task's change over `[crew] max_added_file_kb`, or a new binary file: flagged in review. */
  const FlaggedFile = z.object({
    path: z.string(),
    bytes: z.number().nonnegative(),
    large: z.boolean(),
    binary: z.boolean(),
  });

  /** One row of the subagents pane. */
  const CrewTaskRow = z.object({
    taskId: z.string(),
    title: z.string(),
    /**
     * queued: waits to start (its dependencies, or a free slot); running: its subagent works; reviewing: finished, its diff waits for the person (window runs);
     * done: finished (headless `--no-merge`); merged: approved and merged; conflict: approved but its branch
     * conflicts with the workspace's; rejected: the person sent it back to todo; failed; blocked: waits on a
     * failed task; interrupted: the app stopped mid-task (recovered from the run's journal); cancelled: never started.
     */
    state: z.enum([
      'queued',
      'running',
      'reviewing',
      'done',
      'merged',
      'conflict',
      'rejected',
      'failed',
      'blocked',
      'interrupted',
      'cancelled',
    ]),
    /** The last command or patch of its session. */
    step: z.string().optional(),
    startedAt: z.number().optional(),
    finishedAt: z.number().optional(),
    tokens: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
    sessionId: z.string().optional(),
    branch: z.string().optional(),
    /** The task's own checkout while it exists. */
    worktree: z.string().optional(),
    error: z.string().optional(),
    /** The person's comment when they rejected it: the next attempt is told. */
    comment: z.string().optional(),
    /** Files in conflict when merging failed. */
    conflicts: z.array(z.string()).optional(),
    /** Large or binary files its change adds: shown on the row and in review, so none merges unnoticed. */
    flagged: z.array(FlaggedFile).optional(),
  });

  /** A crew run as the subagents pane shows it: live in this process, or interrupted (recovered from its journal). */
  const CrewRunInfo = z.object({
    runId: z.string(),
    spec: z.string(),
    live: z.boolean(),
    paused: z.boolean(),
    startedAt: z.number(),
    finished: z.object({ ok: z.boolean(), failures: z.array(z.string()) }).nullable(),
    rows: z.array(CrewTaskRow),
  });

  /** A worktree Trellis made for a task, and whether anything still needs it. */
  const CrewWorktree = z.object({
    path: z.string(),
    branch: z.string(),
    spec: z.string(),
    taskId: z.string(),
    /** A live run works in it or waits for its review: it cannot be removed now. */
    inUse: z.boolean(),
    /** Its branch is contained in the workspace's branch: removing it loses nothing. */
    merged: z.boolean(),
  });

  return { TaskId, RunId, CrewTaskRef, FlaggedFile, CrewTaskRow, CrewRunInfo, CrewWorktree };
});

type Schemas = ReturnType<typeof crewSchemas>;
export type FlaggedFile = z.infer<Schemas['FlaggedFile']>;
export type CrewTaskRow = z.infer<Schemas['CrewTaskRow']>;
export type CrewRunInfo = z.infer<Schemas['CrewRunInfo']>;
export type CrewWorktreeInfo = z.infer<Schemas['CrewWorktree']>;
