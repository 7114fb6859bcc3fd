import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import type { WorkspaceMethod } from './methods';
import { workspaceSchemas } from './schemas';

export const workspaceRequests = lazy(() => {
  const { WorkspaceId, RelativePath, WorkspaceSummary, DirListing, GitStatus, FileContent } = workspaceSchemas();
  const workspace = z.object({ workspaceId: WorkspaceId }).strict();
  return {
    'workspace.open': { params: z.object({ path: z.string().min(1).max(4096) }).strict(), value: WorkspaceSummary },
    'workspace.close': { params: workspace, value: z.null() },
    'workspace.listDir': {
      params: z.object({ workspaceId: WorkspaceId, dir: RelativePath }).strict(),
      value: DirListing,
    },
    /** Every file of the workspace (git's tracked and untracked ones, ignored left out), for `@` mentions. */
    'workspace.listFiles': {
      params: workspace,
      value: z.object({ files: z.array(z.string()), truncated: z.boolean() }),
    },
    'workspace.status': { params: workspace, value: GitStatus.nullable() },
    'workspace.readFile': {
      params: z.object({ workspaceId: WorkspaceId, path: RelativePath.refine((p) => p !== '') }).strict(),
      value: FileContent,
    },
    'workspace.initGit': { params: workspace, value: WorkspaceSummary },
    /** A native folder dialog where the shell has one; `path` is null when the person cancelled. */
    'workspace.pickFolder': { params: z.object({}).strict(), value: z.object({ path: z.string().nullable() }) },
  } as const satisfies RequestTable<WorkspaceMethod>;
});
export type WorkspaceRequests = ReturnType<typeof workspaceRequests>;
