import { z } from 'zod';
import { CrewRunInfoSchema } from './events';
import { ReviewFileDetailSchema, ReviewFileEntrySchema, ReviewFileSchema } from './review';
import { SessionIdSchema } from './sessions';
import { SpecFolderNameSchema } from './spec-requests';
import { WorkspaceIdSchema } from './workspace';

const TaskIdSchema = z.string().min(1).max(100);
const RunIdSchema = z.string().min(1).max(100);

/** One task of a spec in a workspace: what crew requests act on (a run's id is not needed: one run per spec). */
export const CrewTaskRefSchema = z.object({ workspaceId: WorkspaceIdSchema, spec: SpecFolderNameSchema, taskId: TaskIdSchema });

/**
 * A change to review after the fact: what a session's turn changed since its checkpoint, or what a crew
 * task changed in its worktree since the commit it started from.
 */
export const ChangeSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('turn'), sessionId: SessionIdSchema, turn: z.number().int().nonnegative() }).strict(),
  CrewTaskRefSchema.extend({ kind: z.literal('task') }).strict(),
]);
export type ChangeSource = z.infer<typeof ChangeSourceSchema>;

/** A worktree Trellis made for a task, and whether anything still needs it. */
export const CrewWorktreeSchema = z.object({
  path: z.string(),
  branch: z.string(),
  spec: z.string(),
  taskId: z.string(),
  /** A live run works in it or waits for its review: it cannot be removed now. */
  inUse: z.boolean(),
  /** Its branch is contained in the workspace's branch: removing it loses nothing. */
  merged: z.boolean(),
});
export type CrewWorktreeInfo = z.infer<typeof CrewWorktreeSchema>;

const FileRefSchema = { path: z.string().max(4096), oldPath: z.string().max(4096).optional(), kind: ReviewFileSchema.shape.kind };

export const CREW_REQUESTS = {
  /** The files a turn or a task changed; `counts` adds line counts and binary flags (slower on a big change). */
  'changes.list': { params: z.object({ source: ChangeSourceSchema, counts: z.boolean().optional() }).strict(), value: z.array(ReviewFileEntrySchema) },
  /** One changed file: hunks and both sides. */
  'changes.file': { params: z.object({ source: ChangeSourceSchema, ...FileRefSchema }).strict(), value: ReviewFileDetailSchema },
  /** Put back the start of the turn or task for everything, one file, or some hunks of it. */
  'changes.revert': {
    params: z.object({ source: ChangeSourceSchema, path: z.string().max(4096).optional(), hunks: z.array(z.number().int().nonnegative()).max(100_000).optional() }).strict(),
    value: z.null(),
  },
  /** Show a changed file in the system's file manager (binary and very large files are not displayed here). */
  'changes.reveal': { params: z.object({ source: ChangeSourceSchema, path: z.string().max(4096) }).strict(), value: z.null() },
  /** Run the spec's tasks as a crew of subagents; each finished task waits for review; `crew.task` events follow. */
  'crew.start': {
    params: z
      .object({
        workspaceId: WorkspaceIdSchema,
        spec: SpecFolderNameSchema,
        /** Only these tasks (and what they need). */
        tasks: z.array(TaskIdSchema).max(10_000).optional(),
        maxParallel: z.number().int().min(1).max(32).optional(),
        includeOptional: z.boolean().optional(),
      })
      .strict(),
    value: z.object({ runId: z.string() }),
  },
  /** Stop starting tasks and interrupt the running subagents. */
  'crew.stop': { params: z.object({ runId: RunIdSchema }).strict(), value: z.null() },
  'crew.pause': { params: z.object({ runId: RunIdSchema }).strict(), value: z.null() },
  'crew.resume': { params: z.object({ runId: RunIdSchema }).strict(), value: z.null() },
  /** Merge a reviewed task into the workspace's branch; a conflict leaves it in review with the files named. */
  'crew.approve': { params: CrewTaskRefSchema.strict(), value: z.null() },
  /** A task in merge conflict: merge the workspace's branch into its worktree, to resolve there by the person or a follow-up agent. */
  'crew.resolve': { params: CrewTaskRefSchema.extend({ by: z.enum(['agent', 'person']) }).strict(), value: z.null() },
  /** Send a reviewed task back to todo; the comment goes to its next attempt. */
  'crew.reject': { params: CrewTaskRefSchema.extend({ comment: z.string().max(20_000) }).strict(), value: z.null() },
  /** Run a failed or rejected task again, in a fresh worktree, then what waited for it. */
  'crew.retry': { params: CrewTaskRefSchema.strict(), value: z.object({ runId: z.string() }) },
  /** The workspace's crew runs: live ones, and interrupted ones that can be resumed. */
  'crew.runs': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: z.array(CrewRunInfoSchema) },
  /** Continue an interrupted run: reviews come back, unfinished tasks run again. */
  'crew.resumeRun': { params: z.object({ workspaceId: WorkspaceIdSchema, runId: RunIdSchema }).strict(), value: z.object({ runId: z.string() }) },
  /** Forget an interrupted run (its worktrees stay until removed). */
  'crew.dismissRun': { params: z.object({ workspaceId: WorkspaceIdSchema, runId: RunIdSchema }).strict(), value: z.null() },
  'crew.worktrees': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: z.array(CrewWorktreeSchema) },
  /** Remove a task worktree Trellis made, and its branch; the person's own worktrees are refused. */
  'crew.removeWorktree': { params: z.object({ workspaceId: WorkspaceIdSchema, path: z.string().min(1).max(4096) }).strict(), value: z.null() },
} as const;
