import { z } from 'zod';
import { crewSchemas } from './crew/schemas';
import { hooksSchemas } from './hooks/schemas';
import { lazy } from './lazy';
import { mcpSchemas } from './mcp/schemas';
import { sessionEventSchema, sessionEventSchemas } from './sessions/events';
import { workspaceSchemas } from './workspace/schemas';

/** Events pushed from Node to every renderer that opened the workspace. Built on first use. */
export const workbenchEventSchema = lazy(() => {
  const { WorkspaceId, GitStatus, WorkspaceSummary, DirListing } = workspaceSchemas();
  const { CrewTaskRow, CrewRunInfo } = crewSchemas();
  const { Usage, SessionEventBody } = sessionEventSchemas();
  return z.discriminatedUnion('type', [
    z.object({
      type: z.literal('workspace.status'),
      workspaceId: WorkspaceId,
      status: GitStatus.nullable(),
    }),
    z.object({
      type: z.literal('workspace.summary'),
      workspaceId: WorkspaceId,
      summary: WorkspaceSummary,
    }),
    z.object({
      type: z.literal('workspace.dirChanged'),
      workspaceId: WorkspaceId,
      listing: DirListing,
    }),
    z.object({
      type: z.literal('workspace.removed'),
      workspaceId: WorkspaceId,
      message: z.string(),
    }),
    z.object({
      type: z.literal('session.event'),
      workspaceId: WorkspaceId,
      sessionId: z.string(),
      event: sessionEventSchema(),
    }),
    /** A subagent of a crew run (`specs.run`): its task, state, current step, time, tokens and cost. */
    z.object({
      type: z.literal('crew.task'),
      workspaceId: z.string(),
      runId: z.string(),
      spec: z.string(),
      task: CrewTaskRow,
    }),
    /** A run's state changed as a whole (paused, resumed). */
    z.object({ type: z.literal('crew.run'), workspaceId: z.string(), run: CrewRunInfo }),
    z.object({
      type: z.literal('crew.finished'),
      workspaceId: z.string(),
      runId: z.string(),
      spec: z.string(),
      ok: z.boolean(),
      failures: z.array(z.string()),
    }),
    z.object({
      type: z.literal('session.state'),
      workspaceId: WorkspaceId,
      sessionId: z.string(),
      running: z.boolean(),
      usage: Usage,
    }),
    /** One MCP server of the workspace changed (state, tools, prompts, resources, a switch): its whole entry. */
    z.object({ type: z.literal('mcp.server.changed'), workspaceId: WorkspaceId, server: mcpSchemas().McpServerInfo }),
    /** The workspace's servers were read again (a trust decision): the whole list, replacing the one shown. */
    z.object({
      type: z.literal('mcp.servers'),
      workspaceId: WorkspaceId,
      servers: z.array(mcpSchemas().McpServerInfo),
    }),
    /** The workspace's hooks were read again (a hook file changed, a trust or switch): the whole list, replacing the one shown. */
    z.object({ type: z.literal('hooks.changed'), workspaceId: WorkspaceId, list: hooksSchemas().HookList }),
    /**
     * A file or manual hook ran while the workspace had no open session to log it in: its hook.started and
     * hook.completed, as a session's log would hold them.
     */
    z.object({ type: z.literal('hooks.run'), workspaceId: WorkspaceId, event: SessionEventBody }),
    z.object({
      /** A menu or shell asks the renderer to do something (e.g. "Open Folder…"). */
      type: z.literal('ui.command'),
      command: z.enum(['open-folder']),
    }),
  ]);
});
export type WorkbenchEvent = z.infer<ReturnType<typeof workbenchEventSchema>>;
export type WorkbenchEventOf<T extends WorkbenchEvent['type']> = Extract<WorkbenchEvent, { type: T }>;
