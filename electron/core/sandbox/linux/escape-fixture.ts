/**
 * The escape suite's shared setup (escape-*.test.ts): real commands under bubblewrap + seccomp in
 * workspace-write mode, each trying one way out, each checked both by the command's failure and by looking at the
 * host afterwards. This module owns whether the suite can run here (and why not), the sandbox every file attacks,
 * and the `refused` check.
 *
 * Everything lives under a fresh /var/tmp folder (a workspace, a folder outside it, a fake user home with
 * credentials, a Trellis home), so no real credentials are read and /tmp's private mount does not hide the targets.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { git } from '../../testing/temp-repo';
import { buildSandboxPolicy } from '../build-policy';
import type { ExecResult } from '../executor';
import { BwrapExecutor } from './bwrap-executor';

export const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
export const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
if (skipReason) console.warn(`escape suite skipped: ${skipReason}`);
/** Every escape file's outer describe: the suite's name, and why it was skipped when it was. */
export const suiteTitle = `bubblewrap escape suite${skipReason ? ` (skipped: ${skipReason})` : ''}`;
/** How long a host process is given to die of a signal that reached it, when checking that none did. */
export const KILL_GRACE_MS = 100;
export const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The command failed, the host shows no trace of it, and the output said why. */
export function refused(result: ExecResult, why: RegExp) {
  expect(result.exitCode, result.output).not.toBe(0);
  expect(result.output).toMatch(why);
}

/** The folders and the sandbox one escape file attacks; filled in by its beforeAll. */
export interface EscapeSandbox {
  base: string;
  ws: string;
  outside: string;
  userHome: string;
  home: string;
  executor: BwrapExecutor;
  env: Record<string, string>;
  /** Runs a bash script in the sandbox (in the workspace unless told otherwise). */
  run: (script: string, cwd?: string, extraEnv?: Record<string, string>) => Promise<ExecResult>;
}

/**
 * Sets up the sandbox before the calling describe's tests and removes its folders after them. Call it at the top
 * of the suite's describe; read the fields inside tests, once beforeAll has run.
 */
export function useEscapeSandbox(): EscapeSandbox {
  const sb = {
    run: (script: string, cwd = sb.ws, extraEnv: Record<string, string> = {}): Promise<ExecResult> =>
      sb.executor.run({ argv: ['bash', '-c', script], cwd, env: { ...sb.env, ...extraEnv }, timeoutMs: 30_000 }),
  } as EscapeSandbox;

  beforeAll(() => {
    const base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-escape-'));
    const ws = path.join(base, 'ws');
    const outside = path.join(base, 'outside');
    const userHome = path.join(base, 'home');
    const home = path.join(userHome, '.trellis');
    sb.base = base;
    for (const dir of [ws, outside, path.join(userHome, '.ssh'), path.join(userHome, '.aws'), home])
      fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(userHome, '.ssh/id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n');
    fs.writeFileSync(
      path.join(userHome, '.aws/credentials'),
      '[default]\naws_secret_access_key = aws-secret-material\n',
    );
    fs.writeFileSync(path.join(userHome, '.netrc'), 'machine example.com login u password netrc-secret-material\n');
    fs.writeFileSync(path.join(home, 'secrets.json'), '{"OPENAI_API_KEY":"trellis-secret-material"}\n');
    fs.writeFileSync(path.join(outside, 'victim.txt'), 'original\n');
    git(ws, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(ws, 'a.txt'), 'one\n');
    fs.writeFileSync(path.join(ws, '.env'), 'DB_PASSWORD=dotenv-secret-material\n');
    git(ws, 'add', 'a.txt');
    git(ws, 'commit', '-q', '-m', 'initial');
    fs.symlinkSync(outside, path.join(ws, 'link-out'));

    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: ws,
      home,
      userHome,
      denyRead: ['.env'],
      tmpdir: '',
    });
    if (!detection?.ok) throw new Error('unreachable');
    Object.assign(sb, {
      ws,
      outside,
      userHome,
      home,
      executor: new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms, userHome }),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: userHome,
        LANG: 'C.UTF-8',
        MY_API_KEY: 'api-key-material',
        GITHUB_TOKEN: 'token-material',
        OPENAI_API_KEY: 'sk-openai-material-0123456789abcdef',
        DB_PASSWORD: 'password-material',
        INNOCENT_LOOKING: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
        SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      },
    });
  });

  afterAll(() => {
    if (sb.base) fs.rmSync(sb.base, { recursive: true, force: true });
  });

  return sb;
}
