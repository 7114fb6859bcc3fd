import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import { workspaceSchemas } from '../workspace/schemas';
import type { HooksMethod } from './methods';
import { hooksSchemas } from './schemas';

export const hooksRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const { HookId, HookList, HookRunResult } = hooksSchemas();
  return {
    /** Every hook the workspace's sessions see (the Trellis home's and the repository's, four formats), and the files that could not be read. */
    'hooks.list': { params: z.object({ workspaceId: WorkspaceId }).strict(), value: HookList },
    /** Trust repository hooks as they are now (`[hooks.state."<id>"] trusted_hash`, as `trellis hooks trust`); an edit asks again. */
    'hooks.trust': {
      params: z.object({ workspaceId: WorkspaceId, ids: z.array(HookId).min(1).max(500) }).strict(),
      value: HookList,
    },
    /** Switch a hook off or on: `[hooks.state."<id>"] enabled` in the person's config.toml. */
    'hooks.setEnabled': {
      params: z.object({ workspaceId: WorkspaceId, id: HookId, enabled: z.boolean() }).strict(),
      value: HookList,
    },
    /** Run a Manual / userTriggered hook now (trusted and enabled only). */
    'hooks.run': { params: z.object({ workspaceId: WorkspaceId, id: HookId }).strict(), value: HookRunResult },
  } as const satisfies RequestTable<HooksMethod>;
});
export type HooksRequests = ReturnType<typeof hooksRequests>;
