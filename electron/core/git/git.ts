/**
 * The one way Trellis runs git. Every repository Trellis touches holds content an agent wrote (a task's
 * worktree, the person's workspace after a turn), and git runs here outside the sandbox, as the person.
 * So hostile repository content is made harmless by construction, for every caller:
 *  - command-line configuration (HARDENING) beats every config file and reaches git's own subprocesses
 *    through GIT_CONFIG_PARAMETERS: no fsmonitor, no hooks, no submodule recursion, no transports, no
 *    credential helpers, askpass, editors, pagers or signing programs;
 *  - diff-like commands get `--no-ext-diff --no-textconv`, status and diff `--ignore-submodules=all`
 *    unless the caller asks otherwise (checking a submodule means running git inside it);
 *  - the repository is never discovered through an unchecked `.git` file: git-dir.ts finds and verifies
 *    the git dir itself and passes GIT_DIR/GIT_WORK_TREE, so a gitfile swapped by an agent (after the
 *    check, too) cannot point git at a folder with a config of the agent's;
 *  - the environment is scrubbed of every inherited GIT_* variable.
 * Why not only the sandbox: bind mounts make the `.git` folders that exist when a command starts
 * read-only, but a nested repository the agent creates during its turn is its own to write; this module
 * is what keeps git from obeying it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findGitDir, isKnownWorkTree } from './git-dir';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface ExecOptions {
  /** A private index file: the person's .git/index is never the one read or written. */
  indexFile?: string;
  input?: Buffer | string;
  /** Exit codes that are not failures (git diff --no-index exits 1 on differences). */
  okCodes?: number[];
  /** Work nobody waits for (line counts of a long list): git runs at a low CPU priority, so a person's click goes first. */
  background?: boolean;
  signal?: AbortSignal;
  /** Check submodules' work trees (runs git inside them, still hardened). Default: submodules are ignored. */
  submodules?: boolean;
  /** Where the git dir is, from Trellis's own records; otherwise it is found and verified (git-dir.ts). */
  gitDir?: string;
  /** More `-c key=value` for this call; HARDENING comes after them, so they cannot undo it. */
  config?: string[];
}

/**
 * Configuration that no repository may override. Filters are not switched off here (git-lfs lives in the
 * person's global config): a recorded repository's config is the person's (its .git is read-only in the
 * sandbox), and in any other repository runGit switches off the filters its own config defines.
 */
export const HARDENING: readonly string[] = [
  'core.fsmonitor=false',
  `core.hooksPath=${os.devNull}`,
  'core.sshCommand=false',
  'core.askPass=',
  'core.pager=cat',
  'core.editor=false',
  'sequence.editor=false',
  'credential.helper=',
  'submodule.recurse=false',
  'diff.ignoreSubmodules=all',
  'status.submoduleSummary=false',
  'protocol.allow=never',
  'safe.bareRepository=explicit',
  'commit.gpgSign=false',
  'tag.gpgSign=false',
  'log.showSignature=false',
  'gc.auto=0',
  'maintenance.auto=false',
];

const DIFF_LIKE = new Set([
  'diff',
  'log',
  'show',
  'diff-tree',
  'diff-index',
  'diff-files',
  'format-patch',
  'whatchanged',
]);
const SUBMODULE_AWARE = new Set(['diff', 'status', 'diff-index', 'diff-files', 'diff-tree']);
/** Commands that must not be pointed at an existing repository: they make one. */
const NO_DISCOVERY = new Set(['init', 'clone', 'version']);

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Trellis',
  GIT_AUTHOR_EMAIL: 'trellis@localhost',
  GIT_COMMITTER_NAME: 'Trellis',
  GIT_COMMITTER_EMAIL: 'trellis@localhost',
};

/** The environment git runs with: the person's, minus every GIT_* (they could redirect git), plus ours. */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!/^GIT_/i.test(key)) env[key] = value;
  return {
    ...env,
    GIT_OPTIONAL_LOCKS: '0', // read-only commands such as `git status` never rewrite the person's index
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_EDITOR: 'false',
    GIT_PAGER: 'cat',
    GIT_NO_LAZY_FETCH: '1',
    LC_ALL: 'C',
    GIT_LITERAL_PATHSPECS: '1', // file names are data, never globs
    ...IDENTITY,
  };
}

/** The full argument list: hardening first, then the subcommand with its safety flags. */
export function gitArgs(args: readonly string[], options: Pick<ExecOptions, 'submodules' | 'config'> = {}): string[] {
  const config = [
    ...(options.config ?? []),
    ...HARDENING,
    ...(options.submodules ? ['diff.ignoreSubmodules=none'] : []),
  ].flatMap((c) => ['-c', c]);
  const [sub, ...rest] = args;
  if (sub === undefined) return config;
  const flags: string[] = [];
  if (DIFF_LIKE.has(sub)) flags.push('--no-ext-diff', '--no-textconv');
  if (SUBMODULE_AWARE.has(sub) && !options.submodules && !rest.some((a) => a.startsWith('--ignore-submodules')))
    flags.push('--ignore-submodules=all');
  return [...config, sub, ...flags, ...rest];
}

/** Run git without a shell; resolves with the exit code, whatever it is. */
export async function runGit(cwd: string, args: string[], options: ExecOptions = {}): Promise<GitResult> {
  const env = gitEnv();
  if (options.indexFile) env.GIT_INDEX_FILE = options.indexFile;
  if (!NO_DISCOVERY.has(args[0])) {
    const found = options.gitDir ? { gitDir: options.gitDir, workTree: cwd } : await findGitDir(cwd);
    if (found) {
      env.GIT_DIR = found.gitDir;
      if (found.workTree) env.GIT_WORK_TREE = found.workTree;
      // A repository Trellis has no record of may be one the agent made (a nested `git init`): its own
      // config must not name the filter programs git runs on add, checkout or diff.
      if (!options.gitDir && !isKnownWorkTree(found.workTree))
        options = { ...options, config: [...(options.config ?? []), ...(await repositoryFilterOverrides(env))] };
    } else {
      // Nothing found by our rules: git must not find something else by its own (e.g. a bare repository).
      env.GIT_CEILING_DIRECTORIES = path.dirname(path.resolve(cwd));
    }
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs(args, options), {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
    });
    if (options.background && child.pid) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not permitted here: it runs at normal priority
      }
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error('git is not installed or not on PATH') : e),
    );
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim() }),
    );
    child.stdin.on('error', () => {}); // git may exit before reading all of stdin; its exit code says what happened
    child.stdin.end(options.input ?? '');
  });
}

/**
 * `-c` settings that switch off every filter driver (clean, smudge, process) defined in the repository's
 * own config (local or worktree scope, includes too); the person's global and system filters (git-lfs) stay.
 */
async function repositoryFilterOverrides(env: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn(
      'git',
      [...HARDENING.flatMap((c) => ['-c', c]), 'config', '--show-scope', '--get-regexp', '^filter\\.'],
      { env, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(text));
  });
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /^(\w+)\tfilter\.(\S+)\.[^.\s]+ /.exec(line + ' ');
    if (m && m[1] !== 'global' && m[1] !== 'system' && m[1] !== 'command') names.add(m[2]);
  }
  return [...names].flatMap((n) => [
    `filter.${n}.clean=`,
    `filter.${n}.smudge=`,
    `filter.${n}.process=`,
    `filter.${n}.required=false`,
  ]);
}

/** Run git; stdout, or an error naming the command when it exits with a code not in okCodes. */
export async function git(cwd: string, args: string[], options: ExecOptions = {}): Promise<Buffer> {
  const result = await runGit(cwd, args, options);
  if (result.code === 0 || options.okCodes?.includes(result.code)) return result.stdout;
  throw new Error(`git ${args[0]} failed: ${result.stderr || `exit ${result.code}`}`);
}

export async function gitText(cwd: string, args: string[], options?: ExecOptions): Promise<string> {
  return (await git(cwd, args, options)).toString('utf8').trim();
}

/** Run git and return trimmed stdout, or null when git fails. */
export async function gitOutput(cwd: string, args: string[]): Promise<string | null> {
  const result = await runGit(cwd, args).catch(() => null);
  return result && result.code === 0 ? result.stdout.toString('utf8').trim() : null;
}

/** The repository's top level, so paths are always relative to it. */
export async function repoRoot(cwd: string): Promise<string> {
  return gitText(cwd, ['rev-parse', '--show-toplevel']);
}

/**
 * Run `fn` with a private copy of the person's index. Copying (rather than `read-tree HEAD`) keeps
 * the cached stat data, so git only re-reads files that really changed. The copy is deleted after.
 */
export async function withPrivateIndex<T>(repo: string, fn: (indexFile: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-index-'));
  const indexFile = path.join(dir, 'index');
  try {
    const real = path.resolve(repo, await gitText(repo, ['rev-parse', '--git-path', 'index']));
    try {
      await fs.copyFile(real, indexFile);
      // Keep the original's mtime: git trusts cached stat data only for files older than the index
      // ("racy git"); a fresh mtime on the copy would hide same-size edits made just before it.
      const { atime, mtime } = await fs.stat(real);
      await fs.utimes(indexFile, atime, mtime);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // no index yet: git starts from an empty one
    }
    return await fn(indexFile);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Untracked, not ignored files (all, or among `paths`). */
export async function untrackedFiles(repo: string, paths?: string[]): Promise<string[]> {
  const args = ['ls-files', '--others', '--exclude-standard', '-z'];
  if (paths) args.push('--', ...paths);
  const out = await git(repo, args);
  return out.toString('utf8').split('\0').filter(Boolean);
}

/** Mark untracked files intent-to-add in a private index, so `git diff <base>` shows them as added (and can pair renames). */
export async function addIntentToAdd(repo: string, indexFile: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  await git(repo, ['add', '--intent-to-add', '--pathspec-from-file=-', '--pathspec-file-nul'], {
    indexFile,
    input: paths.join('\0'),
  });
}
