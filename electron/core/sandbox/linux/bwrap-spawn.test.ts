/**
 * BwrapExecutor.spawn: a long-lived process gets what a command gets from run(), no more: only stdin, stdout and
 * stderr, the limits, the secret filter (but for what the caller named), and the sandbox's markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForItem } from '../../testing/wait-for-item';
import { buildSandboxPolicy } from '../build-policy';
import type { SpawnedProcess } from '../executor';
import { BwrapExecutor } from './bwrap-executor';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';

/** Everything the process writes to stdout, and how it ended. */
async function outputOf(child: SpawnedProcess): Promise<{ out: string; exitCode: number | null }> {
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  const { exitCode } = await child.exited;
  return { out, exitCode };
}

describe.skipIf(!!skipReason)(`BwrapExecutor.spawn${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ws: string;
  let executor: BwrapExecutor;

  beforeAll(() => {
    ws = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-bwrap-spawn-'));
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: ws,
      home: path.join(ws, 'home/.trellis'),
      userHome: path.join(ws, 'home'),
      tmpdir: '',
      limits: { maxProcesses: 77, maxMemoryMb: 512 },
    });
    if (!detection?.ok) throw new Error('unreachable');
    executor = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms });
  });
  afterAll(() => {
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    OPENAI_API_KEY: 'sk-trellis-own-0123456789abcdef',
    SERVER_API_TOKEN: 'the-servers-own-token',
  };

  it('holds only stdin, stdout and stderr (no seccomp pipe, nothing of Trellis) and runs under the limits', async () => {
    const child = await executor.spawn({
      argv: ['bash', '-c', 'ls /proc/self/fd; ulimit -u; ulimit -d'],
      cwd: ws,
      env,
    });
    const { out, exitCode } = await outputOf(child);
    expect(exitCode).toBe(0);
    expect(out.trim().split('\n')).toEqual(['0', '1', '2', '3', '77', String(512 * 1024)]); // 3: ls's own listing
  });

  it('drops secret-looking variables but those the caller named, and marks the sandbox', async () => {
    const child = await executor.spawn({
      argv: ['sh', '-c', 'echo "${OPENAI_API_KEY:-none} $SERVER_API_TOKEN $TRELLIS_SANDBOX"'],
      cwd: ws,
      env,
      keepSecrets: ['SERVER_API_TOKEN'],
    });
    expect((await outputOf(child)).out).toBe('none the-servers-own-token workspace-write\n');
  });

  it('answers over its pipes for as long as it lives, and kill() ends it', async () => {
    const child = await executor.spawn({ argv: ['cat'], cwd: ws, env });
    const out: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(String(d)));
    child.stdin.write('first\n');
    await waitForItem(out, (chunk) => chunk.includes('first'));
    child.stdin.write('second\n');
    await waitForItem(out, (chunk) => chunk.includes('second'));
    const exit = await child.kill();
    expect(exit.exitCode !== 0 || exit.signal !== null).toBe(true);
  });
});
