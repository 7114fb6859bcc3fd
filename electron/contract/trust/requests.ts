import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import { workspaceSchemas } from '../workspace/schemas';
import type { TrustMethod } from './methods';
import { trustSchemas } from './schemas';

export const trustRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const { RepositoryTrust } = trustSchemas();
  return {
    /** The open repository's trust and what its configuration would change. */
    'trust.get': { params: z.object({ workspaceId: WorkspaceId }).strict(), value: RepositoryTrust },
    /**
     * Trust the configuration exactly as shown (`hash` from trust.get: a file changed since is refused), or
     * forget the trust (`trust: false`).
     */
    'trust.decide': {
      params: z
        .object({ workspaceId: WorkspaceId, trust: z.boolean(), hash: z.string().regex(/^sha256:[0-9a-f]{64}$/) })
        .strict(),
      value: RepositoryTrust,
    },
  } as const satisfies RequestTable<TrustMethod>;
});
export type TrustRequests = ReturnType<typeof trustRequests>;
