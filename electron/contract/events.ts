import { z } from 'zod';
import { SessionEventSchema, UsageSchema } from './session-events';
import { DirListingSchema, GitStatusSchema, WorkspaceIdSchema, WorkspaceSummarySchema } from './workspace';

/** One row of the subagents pane. */
export const CrewTaskRowSchema = z.object({
  taskId: z.string(),
  title: z.string(),
  state: z.enum(['running', 'done', 'merged', 'failed', 'blocked']),
  /** The last command or patch of its session. */
  step: z.string().optional(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  tokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  sessionId: z.string().optional(),
  branch: z.string().optional(),
  error: z.string().optional(),
});
export type CrewTaskRow = z.infer<typeof CrewTaskRowSchema>;

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
