import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { repoRoot } from '../git/git';
import { isTable } from './config-overrides';
import { writeConfigTable } from './config-writer';
import { ConfinedFs, ConfinedFsError } from '../security/confined-fs';

/**
 * Repository trust, recorded the way Codex records it: `[projects."<absolute path>"] trust_level =
 * "trusted"` in the person's own config.toml (the Trellis home's), plus `trust_hash`, a digest of the
 * repository's configuration files as they were when trusted. A file added, changed or removed since
 * means the trust no longer covers it. Only the person's config can grant trust: nothing a repository
 * ships is read for it.
 */

/**
 * A repository's configuration files that can change what Trellis does in it: roles, and hooks (Kiro's legacy
 * `.kiro.hook` and v1 `.json` files, and the `hooks` of Kiro CLI agent files), commands a repository would have run.
 */
export const TRUST_RELEVANT_DIRS = [
  { dir: '.trellis/agents', ext: '.toml' },
  { dir: '.kiro/hooks', ext: '.kiro.hook' },
  { dir: '.kiro/hooks', ext: '.json' },
  { dir: '.kiro/agents', ext: '.json' },
] as const;

/** Single files of the same weight: Kiro's MCP servers (programs the repository would have Trellis start), Codex's hooks. */
export const KIRO_MCP_JSON = '.kiro/settings/mcp.json';
export const CODEX_HOOKS_JSON = '.codex/hooks.json';
export const TRUST_RELEVANT_FILES = [KIRO_MCP_JSON, CODEX_HOOKS_JSON] as const;

/** A role file larger than this is not configuration; it is refused. */
const MAX_CONFIG_FILE_BYTES = 256 * 1024;

export interface RepositoryConfigFile {
  /** Relative to the repository, with forward slashes: `.trellis/agents/default.toml`. */
  file: string;
  text: string;
}

export interface RepositoryConfigFiles {
  files: RepositoryConfigFile[];
  /** Files refused (a symlink, outside the repository, too large, unreadable), one sentence each. */
  problems: string[];
}

/** `trusted`: recorded and unchanged; `changed`: trusted once, but the files differ now; `untrusted`: never trusted (or revoked). */
export type TrustState = 'trusted' | 'changed' | 'untrusted';

export interface ProjectTrust {
  /** The repository's real path: the key of its `[projects]` entry. */
  repo: string;
  state: TrustState;
  /** The digest of the files as they are now. */
  hash: string;
  files: RepositoryConfigFile[];
  problems: string[];
  /**
   * A crew task's worktree: the real path of the repository it was made from, whose per-hook decisions
   * (`[hooks.state]`, keyed by the repository's file paths) apply to the worktree's hooks at the same place.
   */
  origin?: string;
}

/** The repository's trust-relevant files, read without following symlinks and never from outside the repository. */
export async function readRepositoryConfigFiles(repo: string): Promise<RepositoryConfigFiles> {
  const root = await fs.realpath(repo);
  const files: RepositoryConfigFile[] = [];
  const problems: string[] = [];
  for (const { dir, ext } of TRUST_RELEVANT_DIRS) {
    const abs = path.join(root, dir);
    let real: string;
    let names: string[];
    try {
      real = await fs.realpath(abs);
      names = (await fs.readdir(real)).filter((n) => n.endsWith(ext)).sort();
    } catch {
      continue; // no such folder
    }
    if (real !== abs) {
      problems.push(`${dir}: a symlink; its files are ignored`);
      continue;
    }
    for (const name of names) {
      const rel = `${dir}/${name}`;
      const text = await readNoFollow(path.join(real, name)).catch((err: Error) => {
        problems.push(`${rel}: ${err.message}; ignored`);
        return null;
      });
      if (text !== null) files.push({ file: rel, text });
    }
  }
  const confined = await ConfinedFs.create({ roots: [root], protectedNames: [] });
  for (const rel of TRUST_RELEVANT_FILES) {
    const text = await readConfined(confined, path.join(root, rel)).catch((err: Error) => {
      problems.push(`${rel}: ${err.message}; ignored`);
      return null;
    });
    if (text !== null) files.push({ file: rel, text });
  }
  return { files, problems };
}

/** The file's text, or null when it is absent; a symlink anywhere on its path (a planted `.kiro`) is refused, never followed. */
async function readConfined(confined: ConfinedFs, file: string): Promise<string | null> {
  try {
    const { bytes, size } = await confined.readHead(file, MAX_CONFIG_FILE_BYTES);
    if (size > MAX_CONFIG_FILE_BYTES) throw new Error(`larger than ${MAX_CONFIG_FILE_BYTES / 1024} KB`);
    return bytes.toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (err instanceof ConfinedFsError) throw new Error(code === 'ELOOP' ? 'a symlink' : `cannot read (${code})`);
    throw err;
  }
}

async function readNoFollow(file: string): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ELOOP' ? 'a symlink' : `cannot read (${code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_CONFIG_FILE_BYTES) throw new Error(`larger than ${MAX_CONFIG_FILE_BYTES / 1024} KB`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** `sha256:<hex>` over every file's path and bytes, in order: a rename, an edit, an added or removed file changes it. */
export function trustHash(files: readonly RepositoryConfigFile[]): string {
  const hash = createHash('sha256');
  for (const { file, text } of files) hash.update(`${file}\0${Buffer.byteLength(text)}\0${text}\0`);
  return `sha256:${hash.digest('hex')}`;
}

/** Where the person's trust decisions live. */
export function trustConfigFile(home: string): string {
  return path.join(home, 'config.toml');
}

/** What the person's config.toml records for this repository; nothing when the config sits inside the repository itself. */
async function recordedTrust(home: string, repo: string): Promise<{ level?: unknown; hash?: unknown }> {
  const file = trustConfigFile(home);
  let text: string;
  try {
    const real = await fs.realpath(file);
    if (real === repo || real.startsWith(repo + path.sep)) return {}; // a repository cannot vouch for itself
    text = await fs.readFile(real, 'utf8');
  } catch {
    return {};
  }
  try {
    const doc = parse(text.replace(/^\ufeff/, ''));
    const projects = isTable(doc.projects) ? doc.projects : {};
    const entry = Object.hasOwn(projects, repo) ? projects[repo] : undefined;
    return isTable(entry) ? { level: entry.trust_level, hash: entry.trust_hash } : {};
  } catch {
    return {}; // a broken config trusts nothing; loading it reports the error
  }
}

/** The repository's trust as it stands now. */
export async function projectTrust(home: string, repo: string): Promise<ProjectTrust> {
  const real = await fs.realpath(repo);
  // A home folder kept in git (dotfiles) holds the Trellis home as its .trellis: those files are the person's own, read as such.
  const isHome = (await fs.realpath(home).catch(() => path.resolve(home))) === path.join(real, '.trellis');
  const { files, problems } = isHome ? { files: [], problems: [] } : await readRepositoryConfigFiles(real);
  const hash = trustHash(files);
  const recorded = await recordedTrust(home, real);
  const state: TrustState = recorded.level !== 'trusted' ? 'untrusted' : recorded.hash === hash ? 'trusted' : 'changed';
  return { repo: real, state, hash, files, problems };
}

/**
 * A crew task's worktree: trusted when its configuration files are the very bytes trusted in the repository it was
 * made from (trust is recorded per path, and a worktree has its own). An edit in the worktree is not trusted.
 */
export async function worktreeTrust(home: string, worktree: string, repository: string): Promise<ProjectTrust> {
  const [own, origin] = await Promise.all([projectTrust(home, worktree), projectTrust(home, repository)]);
  const mine = { ...own, origin: origin.repo };
  return origin.state === 'trusted' && own.hash === origin.hash ? { ...mine, state: 'trusted' } : mine;
}

/**
 * The repository whose configuration a session in `cwd` reads: its git top level, or `cwd` outside git; null when
 * that is the person's home (dotfiles kept in git): then its files are the person's own, not a repository's.
 */
export async function configRepository(cwd: string, userHome: string): Promise<string | null> {
  const root = await repoRoot(cwd).catch(() => cwd);
  const [real, home] = await Promise.all([root, userHome].map((p) => fs.realpath(p).catch(() => path.resolve(p))));
  return real === home ? null : real;
}

/**
 * The trust a session in `cwd` works under, read once for everything it loads (roles, hooks, MCP servers); null
 * when there is no repository. `trustedRepository`: a crew task's worktree, trusted as worktreeTrust says.
 */
export async function sessionTrust(
  home: string,
  cwd: string,
  userHome: string,
  trustedRepository?: string,
): Promise<ProjectTrust | null> {
  const root = await configRepository(cwd, userHome);
  if (root === null) return null;
  return trustedRepository ? worktreeTrust(home, cwd, trustedRepository) : projectTrust(home, root);
}

/** Record the person's trust in the repository's configuration as `hash` covers it. */
export async function recordTrust(home: string, repo: string, hash: string): Promise<void> {
  const real = await fs.realpath(repo);
  await writeConfigTable(trustConfigFile(home), ['projects', real], { trust_level: 'trusted', trust_hash: hash });
}

/** Forget the repository's trust: its `[projects."<path>"]` table goes, every other line stays. */
export async function revokeTrust(home: string, repo: string): Promise<void> {
  const real = await fs.realpath(repo);
  await writeConfigTable(trustConfigFile(home), ['projects', real], null);
}
