import { z } from 'zod';
import { WorkspaceIdSchema } from './workspace';

/** A key of the repository's configuration that takes effect only if the person trusts the repository. */
export const TrustChangeSchema = z.object({
  key: z.string(),
  /** The value as TOML text, shortened for display. */
  value: z.string(),
  /** Why it needs trust, in words: "looser than workspace-write". */
  reason: z.string(),
});

/** What trusting the repository would change, file by file, and where its trust stands. */
export const RepositoryTrustSchema = z.object({
  /** The repository's real path: what the trust is recorded under. */
  repo: z.string(),
  state: z.enum(['trusted', 'changed', 'untrusted']),
  /** The digest of the files as shown; trust.decide names it so the decision covers exactly what was read. */
  hash: z.string(),
  /** Something needs trust and it is not trusted as it is now: the window asks. */
  needsDecision: z.boolean(),
  files: z.array(z.object({ file: z.string(), changes: z.array(TrustChangeSchema) })),
  problems: z.array(z.string()),
});
export type RepositoryTrust = z.infer<typeof RepositoryTrustSchema>;

export const TRUST_REQUESTS = {
  /** The open repository's trust and what its configuration would change. */
  'trust.get': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: RepositoryTrustSchema },
  /**
   * Trust the configuration exactly as shown (`hash` from trust.get: a file changed since is refused), or
   * forget the trust (`trust: false`).
   */
  'trust.decide': {
    params: z.object({ workspaceId: WorkspaceIdSchema, trust: z.boolean(), hash: z.string().regex(/^sha256:[0-9a-f]{64}$/) }).strict(),
    value: RepositoryTrustSchema,
  },
} as const;
