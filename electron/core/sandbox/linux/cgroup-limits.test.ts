import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandCgroups } from './cgroup-limits';

const probe = process.platform === 'linux' && process.getuid?.() === 0 ? commandCgroups({ maxProcesses: 5 }) : null;
void probe?.remove();
const skip = !probe ? 'needs root and a writable cgroup hierarchy with the pids controller' : '';

function run(argv: string[]): Promise<string> {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe.skipIf(!!skip)(`cgroup limits for root${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('holds a command and everything it starts to pids.max, then removes the cgroup', async () => {
    const cgroups = commandCgroups({ maxProcesses: 12 })!;
    const forker =
      'import os, time\nprint(open("/proc/self/cgroup").read())\nn = 0\nfor i in range(40):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep(2); os._exit(0)\n    n += 1\nprint(n, flush=True)\n';
    const out = await run(cgroups.wrap(['python3', '-c', forker]));
    await cgroups.remove();
    expect(out).toContain(cgroups.dirs[0].split('/').pop()!);
    const started = Number(out.trim().split('\n').pop());
    expect(started).toBeLessThan(12);
    expect(cgroups.dirs.every((d) => !fs.existsSync(d))).toBe(true);
  });

  it('asks for nothing when no limit is set', () => {
    expect(commandCgroups({})).toBeNull();
  });
});
