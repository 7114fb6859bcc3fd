import type { RepositoryTrust, RequestValue } from '../../contract';
import { recordTrust, revokeTrust } from '../config/project-trust';
import { needsDecision, reviewRepositoryConfig } from '../crew/repository-config';
import { shownValue } from '../config/trust-notice';
import { repoRoot } from '../git/git';
import { ExpectedFailure } from '../errors/expected-failure';

/** What the window shows: the repository's trust and, file by file, the keys trusting it would let through. */
async function describe(home: string, root: string): Promise<RepositoryTrust> {
  const repo = await repoRoot(root).catch(() => root);
  const review = await reviewRepositoryConfig(home, repo);
  return {
    repo: review.trust.repo,
    state: review.trust.state,
    hash: review.trust.hash,
    needsDecision: needsDecision(review),
    files: review.files.map(({ file, changes }) => ({
      file,
      changes: changes.map((c) => ({ key: c.key, value: shownValue(c.value), reason: c.reason })),
    })),
    problems: review.problems,
  };
}

/**
 * trust.get and trust.decide. A decision names the digest of what the person was shown: if a file
 * changed while the dialog was open, nothing is recorded and the dialog must be read again.
 */
export function trustHandlers<C>(
  home: string,
  rootFor: (workspaceId: string, client: C) => string,
  onDecided: (workspaceId: string) => Promise<void> = async () => {},
) {
  return {
    'trust.get': async ({ workspaceId }: { workspaceId: string }, client: C): Promise<RequestValue<'trust.get'>> =>
      describe(home, rootFor(workspaceId, client)),
    'trust.decide': async (
      { workspaceId, trust, hash }: { workspaceId: string; trust: boolean; hash: string },
      client: C,
    ): Promise<RequestValue<'trust.decide'>> => {
      const now = await describe(home, rootFor(workspaceId, client));
      if (!trust) {
        await revokeTrust(home, now.repo);
        await onDecided(workspaceId);
        return describe(home, now.repo);
      }
      if (now.hash !== hash)
        throw new ExpectedFailure(
          'conflict',
          "The repository's configuration changed while you read it; look at it again before trusting it.",
        );
      await recordTrust(home, now.repo, hash);
      await onDecided(workspaceId);
      return describe(home, now.repo);
    },
  };
}
