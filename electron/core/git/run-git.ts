import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Run git without a shell. GIT_OPTIONAL_LOCKS=0 keeps read-only commands such as
 * `git status` from refreshing (and so rewriting) the user's index.
 */
export function runGit(cwd: string, args: string[], options: { signal?: AbortSignal } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new Error('git is not installed or not on PATH'));
      else reject(e);
    });
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim() });
    });
  });
}

/** Run git and return trimmed stdout, or null when git exits non-zero. */
export async function gitOutput(cwd: string, args: string[]): Promise<string | null> {
  const result = await runGit(cwd, args);
  return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
}
