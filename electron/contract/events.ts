import { z } from 'zod';
import { SessionEventSchema, UsageSchema } from './session-events';
import { DirListingSchema, GitStatusSchema, WorkspaceIdSchema, WorkspaceSummarySchema } from './workspace';

/** One row of the subagents pane. */
/** A file of a task's change over `[crew] max_added_file_kb`, or a new binary file: flagged in review. */
export const FlaggedFileSchema = z.object({ path: z.string(), bytes: z.number().nonnegative(), large: z.boolean(), binary: z.boolean() });
export type FlaggedFile = z.infer<typeof FlaggedFileSchema>;

export const CrewTaskRowSchema = z.object({
  taskId: z.string(),
  title: z.string(),
  /**
   * queued: waits to start (its dependencies, or a free slot); running: its subagent works; reviewing: finished, its diff waits for the person (window runs);
   * done: finished (headless `--no-merge`); merged: approved and merged; conflict: approved but its branch
   * conflicts with the workspace's; rejected: the person sent it back to todo; failed; blocked: waits on a
   * failed task; interrupted: the app stopped mid-task (recovered from the run's journal); cancelled: never started.
   */
  state: z.enum(['queued', 'running', 'reviewing', 'done', 'merged', 'conflict', 'rejected', 'failed', 'blocked', 'interrupted', 'cancelled']),
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
  flagged: z.array(FlaggedFileSchema).optional(),
});
export type CrewTaskRow = z.infer<typeof CrewTaskRowSchema>;

/** A crew run as the subagents pane shows it: live in this process, or interrupted (recovered from its journal). */
export const CrewRunInfoSchema = z.object({
  runId: z.string(),
  spec: z.string(),
  live: z.boolean(),
  paused: z.boolean(),
  startedAt: z.number(),
  finished: z.object({ ok: z.boolean(), failures: z.array(z.string()) }).nullable(),
  rows: z.array(CrewTaskRowSchema),
});
export type CrewRunInfo = z.infer<typeof CrewRunInfoSchema>;

/** Events pushed from Node to every renderer that opened the workspace. */
export const WorkbenchEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('workspace.status'),
    workspaceId: WorkspaceIdSchema,
    status: GitStatusSchema.nullable(),
  }),
  z.object({
    type: z.literal('workspace.summary'),
    workspaceId: WorkspaceIdSchema,
    summary: WorkspaceSummarySchema,
  }),
  z.object({
    type: z.literal('workspace.dirChanged'),
    workspaceId: WorkspaceIdSchema,
    listing: DirListingSchema,
  }),
  z.object({
    type: z.literal('workspace.removed'),
    workspaceId: WorkspaceIdSchema,
    message: z.string(),
  }),
  z.object({
    type: z.literal('session.event'),
    workspaceId: WorkspaceIdSchema,
    sessionId: z.string(),
    event: SessionEventSchema,
  }),
  /** A subagent of a crew run (`specs.run`): its task, state, current step, time, tokens and cost. */
  z.object({
    type: z.literal('crew.task'),
    workspaceId: z.string(),
    runId: z.string(),
    spec: z.string(),
    task: CrewTaskRowSchema,
  }),
  /** A run's state changed as a whole (paused, resumed). */
  z.object({ type: z.literal('crew.run'), workspaceId: z.string(), run: CrewRunInfoSchema }),
  z.object({ type: z.literal('crew.finished'), workspaceId: z.string(), runId: z.string(), spec: z.string(), ok: z.boolean(), failures: z.array(z.string()) }),
  z.object({
    type: z.literal('session.state'),
    workspaceId: WorkspaceIdSchema,
    sessionId: z.string(),
    running: z.boolean(),
    usage: UsageSchema,
  }),
  z.object({
    /** A menu or shell asks the renderer to do something (e.g. "Open Folder…"). */
    type: z.literal('ui.command'),
    command: z.enum(['open-folder']),
  }),
]);
export type WorkbenchEvent = z.infer<typeof WorkbenchEventSchema>;
export type WorkbenchEventOf<T extends WorkbenchEvent['type']> = Extract<WorkbenchEvent, { type: T }>;
