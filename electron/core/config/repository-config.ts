import { parse } from 'smol-toml';
import { loadConfig } from './load-config';
import { projectTrust, type ProjectTrust } from './project-trust';
import { judgeRole, roleBaseline, type ConfigChange } from './role-allowance';
import { isTable } from './config-overrides';

/** One of the repository's configuration files and the keys in it that need trust. */
export interface FileChanges {
  file: string;
  changes: ConfigChange[];
}

export interface RepositoryConfigReview {
  trust: ProjectTrust;
  /** Only files with at least one key beyond the untrusted allowance. */
  files: FileChanges[];
  /** Files that could not be judged (unreadable, invalid TOML, a symlink), one sentence each. */
  problems: string[];
}

/**
 * What trusting the repository would change, file by file: the keys beyond what an untrusted repository
 * may set, measured against the person's config as a crew subagent runs with it (workspace-write).
 * What `trellis trust` and the window show before the person decides.
 */
export async function reviewRepositoryConfig(home: string, repo: string): Promise<RepositoryConfigReview> {
  const trust = await projectTrust(home, repo);
  const problems = [...trust.problems];
  if (!trust.files.length) return { trust, files: [], problems };
  const { config } = await loadConfig({ home, overrides: ['sandbox_mode="workspace-write"'] });
  const baseline = roleBaseline(config);
  const files: FileChanges[] = [];
  for (const { file, text } of trust.files) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (err) {
      problems.push(`${file}: invalid TOML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!isTable(doc)) continue;
    const { changes } = judgeRole(doc, file, baseline, false);
    if (changes.length) files.push({ file, changes });
  }
  return { trust, files, problems };
}

/** True when the person should be asked: something needs trust and it is not trusted as it is now. */
export function needsDecision(review: RepositoryConfigReview): boolean {
  return review.files.length > 0 && review.trust.state !== 'trusted';
}
