/**
 * git for the review core: like run-git.ts (no shell, no optional locks, C locale) plus what the
 * review needs and run-git does not offer: a private index (GIT_INDEX_FILE), a fixed identity for
 * checkpoint commits, stdin, and literal pathspecs (file names are data, never globs).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ExecOptions {
  /** A private index file: the person's .git/index is never the one read or written. */
  indexFile?: string;
  input?: Buffer | string;
  /** Exit codes that are not failures (git diff --no-index exits 1 on differences). */
  okCodes?: number[];
  /** Work nobody waits for (line counts of a long list): git runs at a low CPU priority, so a person's click goes first. */
  background?: boolean;
}

const IDENTITY = { GIT_AUTHOR_NAME: 'Trellis', GIT_AUTHOR_EMAIL: 'trellis@localhost', GIT_COMMITTER_NAME: 'Trellis', GIT_COMMITTER_EMAIL: 'trellis@localhost' };

export async function git(cwd: string, args: string[], options: ExecOptions = {}): Promise<Buffer> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_LITERAL_PATHSPECS: '1', ...IDENTITY };
  if (options.indexFile) env.GIT_INDEX_FILE = options.indexFile;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
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
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error('git is not installed or not on PATH') : e));
    child.on('close', (code) => {
      if (code === 0 || options.okCodes?.includes(code ?? -1)) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}`));
    });
    child.stdin.on('error', () => {}); // git may exit before reading all of stdin; its exit code says what happened
    child.stdin.end(options.input ?? '');
  });
}

export async function gitText(cwd: string, args: string[], options?: ExecOptions): Promise<string> {
  return (await git(cwd, args, options)).toString('utf8').trim();
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
  await git(repo, ['add', '--intent-to-add', '--pathspec-from-file=-', '--pathspec-file-nul'], { indexFile, input: paths.join('\0') });
}
