import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import { specSchemas } from '../specs/schemas';
import { workspaceSchemas } from '../workspace/schemas';
import type { CrewMethod } from './methods';
import { crewSchemas } from './schemas';

export const crewRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const { TaskId, RunId, CrewTaskRef, CrewRunInfo, CrewWorktree } = crewSchemas();
  const run = z.object({ runId: RunId }).strict();
  const workspace = z.object({ workspaceId: WorkspaceId }).strict();
  const runInWorkspace = z.object({ workspaceId: WorkspaceId, runId: RunId }).strict();
  return {
    /** Run the spec's tasks as a crew of subagents; each finished task waits for review; `crew.task` events follow. */
    'crew.start': {
      params: z
        .object({
          workspaceId: WorkspaceId,
          spec: specSchemas().SpecFolderName,
          /** Only these tasks (and what they need). */
          tasks: z.array(TaskId).max(10_000).optional(),
          maxParallel: z.number().int().min(1).max(32).optional(),
          includeOptional: z.boolean().optional(),
        })
        .strict(),
      value: z.object({ runId: z.string() }),
    },
    /** Stop starting tasks and interrupt the running subagents. */
    'crew.stop': { params: run, value: z.null() },
    'crew.pause': { params: run, value: z.null() },
    'crew.resume': { params: run, value: z.null() },
    /** Merge a reviewed task into the workspace's branch; a conflict leaves it in review with the files named. */
    'crew.approve': { params: CrewTaskRef.strict(), value: z.null() },
    /** Send a reviewed task back to todo; the comment goes to its next attempt. */
    'crew.reject': { params: CrewTaskRef.extend({ comment: z.string().max(20_000) }).strict(), value: z.null() },
    /** A task in merge conflict: merge the workspace's branch into its worktree, to resolve there by the person or a follow-up agent. */
    'crew.resolve': { params: CrewTaskRef.extend({ by: z.enum(['agent', 'person']) }).strict(), value: z.null() },
    /** Run a failed or rejected task again, in a fresh worktree, then what waited for it. */
    'crew.retry': { params: CrewTaskRef.strict(), value: z.object({ runId: z.string() }) },
    /** The workspace's crew runs: live ones, and interrupted ones that can be resumed. */
    'crew.runs': { params: workspace, value: z.array(CrewRunInfo) },
    /** Continue an interrupted run: reviews come back, unfinished tasks run again. */
    'crew.resumeRun': { params: runInWorkspace, value: z.object({ runId: z.string() }) },
    /** Forget an interrupted run (its worktrees stay until removed). */
    'crew.dismissRun': { params: runInWorkspace, value: z.null() },
    'crew.worktrees': { params: workspace, value: z.array(CrewWorktree) },
    /** Remove a task worktree Trellis made, and its branch; the person's own worktrees are refused. */
    'crew.removeWorktree': {
      params: z.object({ workspaceId: WorkspaceId, path: z.string().min(1).max(4096) }).strict(),
      value: z.null(),
    },
  } as const satisfies RequestTable<CrewMethod>;
});
export type CrewRequests = ReturnType<typeof crewRequests>;
