import { z } from 'zod';
import { lazy } from '../lazy';

/** What trusting a repository would change, as the trust dialog shows it. Built on first use. */
export const trustSchemas = lazy(() => {
  /** A key of the repository's configuration that takes effect only if the person trusts the repository. */
  const TrustChange = z.object({
    key: z.string(),
    /** The value as TOML text, shortened for display. */
    value: z.string(),
    /** Why it needs trust, in words: "looser than workspace-write". */
    reason: z.string(),
  });

  /** What trusting the repository would change, file by file, and where its trust stands. */
  const RepositoryTrust = z.object({
    /** The repository's real path: what the trust is recorded under. */
    repo: z.string(),
    state: z.enum(['trusted', 'changed', 'untrusted']),
    /** The digest of the files as shown; trust.decide names it so the decision covers exactly what was read. */
    hash: z.string(),
    /** Something needs trust and it is not trusted as it is now: the window asks. */
    needsDecision: z.boolean(),
    files: z.array(z.object({ file: z.string(), changes: z.array(TrustChange) })),
    problems: z.array(z.string()),
  });

  return { TrustChange, RepositoryTrust };
});

export type RepositoryTrust = z.infer<ReturnType<typeof trustSchemas>['RepositoryTrust']>;
