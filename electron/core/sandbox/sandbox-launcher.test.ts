import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { findBash, launcherArgv } from './sandbox-launcher';

const bash = findBash([], (p) => fs.existsSync(p));

/** Runs argv with extra descriptors at the given numbers (no close-on-exec in the child), returns stdout and the status. */
function runWithDescriptors(
  argv: string[],
  extra: Record<number, number>,
): Promise<{ out: string; code: number | null }> {
  const top = Math.max(2, ...Object.keys(extra).map(Number));
  const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'pipe', 'pipe'];
  for (let fd = 3; fd <= top; fd++) stdio.push(extra[fd] ?? 'ignore');
  const child = spawn(argv[0], argv.slice(1), { stdio });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, code })));
}

describe.skipIf(!bash)(`the sandbox launcher${bash ? '' : ' (skipped: no bash on this machine)'}`, () => {
  it('closes every descriptor but 0, 1 and 2 before the command starts, whatever its number', async () => {
    const dir = tempDir('trellis-launcher-');
    const secret = path.join(dir, 'secret');
    fs.writeFileSync(secret, 'launcher-secret\n');
    const rc = path.join(dir, 'bashrc');
    fs.writeFileSync(rc, '# rc\n');
    const read = fs.openSync(secret, 'r');
    const append = fs.openSync(rc, 'a');
    onTestFinished(() => [read, append].forEach((fd) => fs.closeSync(fd)));
    const script =
      'ls /proc/self/fd; cat /proc/self/fd/200 <&-; cat <&200; echo planted >&30; echo planted >> /proc/self/fd/30; true';
    // Without the launcher the descriptors are there: the test can tell.
    const bare = await runWithDescriptors(['bash', '-c', script], { 200: read, 30: append, 9: read });
    expect(bare.out).toContain('launcher-secret');
    fs.writeFileSync(rc, '# rc\n');
    const { out, code } = await runWithDescriptors(launcherArgv(['bash', '-c', script], bash!), {
      200: read,
      30: append,
      9: read,
    });
    expect(code).toBe(0);
    expect(out).not.toContain('launcher-secret');
    expect(
      out
        .split('\n')
        .filter((l) => /^\d+$/.test(l))
        .map(Number)
        .filter((fd) => fd > 3),
    ).toEqual([]); // 3 is ls's own folder
    expect(fs.readFileSync(rc, 'utf8')).toBe('# rc\n');
  });

  it("listing /dev/fd as on macOS (Seatbelt's launcher) closes them just the same", async () => {
    const dir = tempDir('trellis-launcher-');
    const secret = path.join(dir, 'secret');
    fs.writeFileSync(secret, 'devfd-secret\n');
    const read = fs.openSync(secret, 'r');
    onTestFinished(() => fs.closeSync(read));
    const { out } = await runWithDescriptors(
      launcherArgv(['bash', '-c', 'cat <&30; cat /dev/fd/40; ls /dev/fd/'], bash!, {}, [], '/dev/fd'),
      { 30: read, 40: read },
    );
    expect(out).not.toContain('devfd-secret');
    expect(
      out
        .split('\n')
        .filter((l) => /^\d+$/.test(l))
        .map(Number)
        .filter((fd) => fd > 3),
    ).toEqual([]);
  });

  it('passes arguments through untouched and exits as the command did', async () => {
    const { out, code } = await runWithDescriptors(
      launcherArgv(['sh', '-c', 'printf "%s|" "$@"; exit 7', 'sh', 'a b', '$HOME', '"q"', ''], bash!),
      {},
    );
    expect(out).toBe('a b|$HOME|"q"||');
    expect(code).toBe(7);
  });

  it('applies the process and memory limits, which the command cannot raise again', async () => {
    const { out } = await runWithDescriptors(
      launcherArgv(
        ['bash', '-c', 'ulimit -d; ulimit -Hd; ulimit -u; ulimit -d unlimited 2>&1 || echo refused'],
        bash!,
        { maxProcesses: 321, maxMemoryMb: 1234 },
      ),
      {},
    );
    expect(out.split('\n').slice(0, 3)).toEqual([String(1234 * 1024), String(1234 * 1024), '321']);
    expect(out).toMatch(/refused/);
  });

  it('reads no start-up file when its stdin is a socket, as a long-lived server’s piped stdin is', async () => {
    const home = tempDir('trellis-launcher-home-');
    fs.writeFileSync(path.join(home, '.bashrc'), 'echo bashrc-ran\n');
    const argv = launcherArgv(['echo', 'command-ran'], bash!);
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin', HOME: home },
    });
    child.stdin.end();
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toBe('command-ran\n');
  });

  it('a missing command exits 127 as in a shell', async () => {
    const { code } = await runWithDescriptors(launcherArgv(['/definitely/not/here'], bash!), {});
    expect(code).toBe(127);
  });
});

describe('findBash', () => {
  it('takes bash where it exists and the sandbox does not hide it', () => {
    expect(findBash([], (p) => p === '/usr/bin/bash')).toBe('/usr/bin/bash');
    expect(findBash(['/bin'], (p) => p === '/bin/bash')).toBeNull();
    expect(findBash([], () => false)).toBeNull();
  });
});
