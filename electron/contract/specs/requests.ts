import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import { sessionSchemas } from '../sessions/schemas';
import { workspaceSchemas } from '../workspace/schemas';
import type { SpecMethod } from './methods';
import { specSchemas } from './schemas';

export const specRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const { SessionId } = sessionSchemas();
  const { SpecFolderName, SpecLayout, SpecSummary, SpecDetail, SpecKind, SpecWorkflow, TaskStatus } = specSchemas();
  const specRef = {
    workspaceId: WorkspaceId,
    spec: SpecFolderName,
    /** Default `specs`. */
    layout: SpecLayout.optional(),
  };
  return {
    /** Every spec of the workspace's repository (`.kiro/specs`, `.kiro/plans`); folders are then watched. */
    'specs.list': { params: z.object({ workspaceId: WorkspaceId }).strict(), value: z.array(SpecSummary) },
    /** One spec's documents, requirements, task graph and diagnostics. */
    'specs.load': { params: z.object(specRef).strict(), value: SpecDetail },
    /** Flip one task's state character in tasks.md (one byte changes); returns the spec as it now is. */
    'specs.setTaskStatus': {
      params: z.object({ ...specRef, taskId: z.string().min(1).max(64), status: TaskStatus }).strict(),
      value: SpecDetail,
    },
    /** A new spec folder under `.kiro/specs` with `.config.kiro` and the workflow's first document. */
    'specs.create': {
      params: z
        .object({ workspaceId: WorkspaceId, name: SpecFolderName, kind: SpecKind, workflow: SpecWorkflow })
        .strict(),
      value: z.object({ name: z.string(), layout: SpecLayout, path: z.string(), files: z.array(z.string()) }),
    },
    /** Create a spec and have the agent write its documents, stage by stage (gated unless quick); events follow. */
    'specs.startWorkflow': {
      params: z
        .object({
          workspaceId: WorkspaceId,
          name: z.string().min(1).max(100),
          kind: SpecKind,
          workflow: SpecWorkflow,
          description: z.string().min(1).max(50_000),
        })
        .strict(),
      value: z.object({ sessionId: z.string() }),
    },
    /** The person's decision on the stage waiting for approval. */
    'specs.decide': {
      params: z
        .object({
          sessionId: SessionId,
          decision: z.enum(['approve', 'request-changes', 'regenerate']),
          comments: z.string().max(50_000).optional(),
        })
        .strict(),
      value: z.null(),
    },
  } as const satisfies RequestTable<SpecMethod>;
});
export type SpecRequests = ReturnType<typeof specRequests>;
