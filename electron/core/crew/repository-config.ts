import { loadConfig } from '../config/load-config';
import type { ProjectTrust } from '../config/project-trust';
import { roleBaseline, type ConfigChange } from '../config/role-allowance';
import { loadRoles } from './roles';
import { repositoryMcpChanges } from '../mcp/repository-mcp-changes';
import { repositoryHookChanges } from '../hooks/repository-hook-changes';

/** One of the repository's configuration files and the keys in it that need trust. */
export interface FileChanges {
  file: string;
  changes: ConfigChange[];
}

export interface RepositoryConfigReview {
  trust: ProjectTrust;
  /** Only files with at least one key beyond the untrusted allowance. */
  files: FileChanges[];
  /** Files that could not be read (a symlink, outside the repository, too large), one sentence each. */
  problems: string[];
}

/**
 * What trusting the repository would change, file by file: the keys beyond what an untrusted repository
 * may set, judged exactly as a crew run judges them (against the person's config as a subagent runs with
 * it, and against the built-in or personal role a repository role of the same name builds on). What
 * `trellis trust` and the window show before the person decides. The MCP servers of `.kiro/settings/mcp.json` are
 * listed whole (command line or URL), and so are the repository's hooks: any of them needs trust.
 */
export async function reviewRepositoryConfig(home: string, repo: string): Promise<RepositoryConfigReview> {
  const { config } = await loadConfig({ home, overrides: ['sandbox_mode="workspace-write"'] });
  const { trust, ignored } = await loadRoles(home, repo, roleBaseline(config), { judgeUntrusted: true });
  const files = new Map<string, ConfigChange[]>();
  for (const change of [...ignored, ...repositoryMcpChanges(trust), ...repositoryHookChanges(trust)])
    files.set(change.file, [...(files.get(change.file) ?? []), change]);
  return { trust, files: [...files].map(([file, changes]) => ({ file, changes })), problems: trust.problems };
}

/** True when the person should be asked: something needs trust and it is not trusted as it is now. */
export function needsDecision(review: RepositoryConfigReview): boolean {
  return review.files.length > 0 && review.trust.state !== 'trusted';
}
