import { z } from 'zod';
import { SessionEventSchema, UsageSchema } from './session-events';
import { DirListingSchema, GitStatusSchema, WorkspaceIdSchema, WorkspaceSummarySchema } from './workspace';

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
