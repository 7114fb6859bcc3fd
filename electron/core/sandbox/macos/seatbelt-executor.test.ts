import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../sandbox-policy';
import { waitForItem } from '../../testing/wait-for-item';
import {
  PROXY_VARIABLES,
  proxyEnvironmentUrl,
  realSeatbeltPolicy,
  SeatbeltExecutor,
  seatbeltCommand,
  seatbeltEnvironment,
} from './seatbelt-executor';
import { launcherArgv } from '../sandbox-launcher';
import { SANDBOX_EXEC, seatbeltProfile } from './seatbelt-profile';

const HAS_SANDBOX_EXEC = existsSync(SANDBOX_EXEC);

const policy = (over: Partial<SandboxPolicy>): SandboxPolicy => ({
  mode: 'workspace-write',
  writableRoots: ['/Users/ada/app'],
  readOnlySubpaths: ['/Users/ada/app/.git'],
  denyRead: ['/Users/ada/.ssh'],
  network: { mode: 'off' },
  ...over,
});

const scratch = mkdtempSync(path.join(os.tmpdir(), 'trellis-seatbelt-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('seatbeltCommand', () => {
  it('is /usr/bin/sandbox-exec -p PROFILE -DNAME=value… -- CMD…', () => {
    const p = policy({});
    const argv = seatbeltCommand(p, ['git', 'status', '--short'], { tempDir: '/private/tmp/t' });
    const { profile, params } = seatbeltProfile(p, { tempDir: '/private/tmp/t' });
    expect(argv[0]).toBe('/usr/bin/sandbox-exec');
    expect(argv[1]).toBe('-p');
    expect(argv[2]).toBe(profile);
    const defines = Object.entries(params).map(([k, v]) => `-D${k}=${v}`);
    expect(argv.slice(3, 3 + defines.length)).toEqual(defines);
    expect(argv.slice(3 + defines.length)).toEqual(['--', 'git', 'status', '--short']);
  });

  it('never takes sandbox-exec from PATH', () => {
    const saved = process.env.PATH;
    process.env.PATH = `${scratch}:${saved}`;
    writeFileSync(path.join(scratch, 'sandbox-exec'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    try {
      expect(seatbeltCommand(policy({}), ['true'])[0]).toBe('/usr/bin/sandbox-exec');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('keeps each path a single argument and the command verbatim after --', () => {
    const odd = '/Users/ada/My "App" (v2) ü\nx';
    const argv = seatbeltCommand(policy({ writableRoots: [odd], readOnlySubpaths: [] }), ['-Devil=1', '--', 'a b']);
    expect(argv).toContain(`-DWRITABLE_ROOT_0=${odd}`);
    expect(argv.slice(argv.indexOf('--'))).toEqual(['--', '-Devil=1', '--', 'a b']);
    expect(argv[2]).not.toContain(odd);
  });

  it('refuses an empty command', () => {
    expect(() => seatbeltCommand(policy({}), [])).toThrow(/empty argv/);
  });
});

describe('seatbeltEnvironment', () => {
  it('marks the sandbox, points TMPDIR at the private temp dir and says the network is off', () => {
    const env = { PATH: '/usr/bin', TMPDIR: '/var/folders/x/T/' };
    const out = seatbeltEnvironment(policy({}), env, { tempDir: '/private/tmp/t' });
    expect(out).toEqual({
      PATH: '/usr/bin',
      TMPDIR: '/private/tmp/t',
      TRELLIS_SANDBOX: 'workspace-write',
      TRELLIS_SANDBOX_MECHANISM: 'seatbelt',
      CODEX_SANDBOX: 'seatbelt',
      TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
    });
    expect(env.TMPDIR).toBe('/var/folders/x/T/'); // input untouched
    expect(
      seatbeltEnvironment(policy({ mode: 'read-only', network: { mode: 'on' } }), { TRELLIS_SANDBOX: 'forged' }),
    ).toEqual({
      TRELLIS_SANDBOX: 'read-only',
      TRELLIS_SANDBOX_MECHANISM: 'seatbelt',
      CODEX_SANDBOX: 'seatbelt',
    });
  });

  it('drops secret-looking variables whatever the caller built', () => {
    const out = seatbeltEnvironment(policy({}), {
      OPENAI_API_KEY: 'x',
      GH: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
      HOME: '/Users/ada',
    });
    expect(out.OPENAI_API_KEY).toBeUndefined();
    expect(out.GH).toBeUndefined();
    expect(out.HOME).toBe('/Users/ada');
  });

  it('allow-hosts: every proxy variable at the loopback proxy, by address, and no NO_PROXY', () => {
    const p = policy({ network: { mode: 'allow-hosts', hosts: ['github.com'], proxyUrl: 'http://localhost:3128' } });
    const out = seatbeltEnvironment(p, { NO_PROXY: '*', no_proxy: '*', HTTPS_PROXY: 'http://corp:8080' });
    for (const name of PROXY_VARIABLES) expect(out[name]).toBe('http://127.0.0.1:3128');
    expect(out.NO_PROXY).toBeUndefined();
    expect(out.no_proxy).toBeUndefined();
  });

  it('off and on add no proxy variables', () => {
    for (const network of [{ mode: 'off' as const }, { mode: 'on' as const }]) {
      const out = seatbeltEnvironment(policy({ network }), {});
      for (const name of PROXY_VARIABLES) expect(out[name]).toBeUndefined();
    }
  });

  it('proxyEnvironmentUrl keeps the scheme and port', () => {
    expect(proxyEnvironmentUrl('127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(proxyEnvironmentUrl('socks5h://localhost:1080')).toBe('socks5h://127.0.0.1:1080');
    expect(() => proxyEnvironmentUrl('http://example.com:80')).toThrow(/loopback/);
  });
});

describe('realSeatbeltPolicy (real files on this machine)', () => {
  const root = path.join(scratch, 'work');
  const target = path.join(scratch, 'real-secrets');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  mkdirSync(target);
  const link = path.join(scratch, 'secrets-link');
  symlinkSync(target, link);
  const rootLink = path.join(scratch, 'work-link');
  symlinkSync(root, rootLink);

  it('resolves roots to their real path and keeps both spellings of protected paths', () => {
    const p = realSeatbeltPolicy(
      policy({
        writableRoots: [rootLink],
        readOnlySubpaths: [path.join(rootLink, '.git'), path.join(rootLink, '.trellis')],
        denyRead: [link],
      }),
    );
    const real = realpathSync(root);
    expect(p.writableRoots).toEqual([real]);
    expect(p.readOnlySubpaths).toEqual([
      path.join(rootLink, '.git'),
      path.join(real, '.git'),
      path.join(rootLink, '.trellis'),
      path.join(real, '.trellis'), // does not exist: resolved through its parent
    ]);
    expect(p.denyRead).toEqual([link, realpathSync(target)]);
  });

  it('so every parameter names a real path (or a child of one, for paths not created yet)', () => {
    const argv = seatbeltCommand(
      realSeatbeltPolicy(
        policy({ writableRoots: [rootLink], readOnlySubpaths: [path.join(rootLink, '.git')], denyRead: [link] }),
      ),
      ['true'],
    );
    const values = argv
      .filter((a) => a.startsWith('-D') && !a.startsWith('-DSLASH_TMP='))
      .map((a) => a.slice(a.indexOf('=') + 1));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      if (value === link || value.startsWith(`${rootLink}/`)) continue; // the spelling given, kept on purpose
      expect(realpathSync(value)).toBe(value);
    }
  });

  it('leaves relative paths for the profile to refuse', () => {
    expect(realSeatbeltPolicy(policy({ denyRead: ['rel'] })).denyRead).toEqual(['rel']);
    expect(() => new SeatbeltExecutor(policy({ denyRead: ['rel'] }))).toThrow(/absolute/);
  });
});

describe('SeatbeltExecutor', () => {
  it('describes what confines the command', () => {
    expect(new SeatbeltExecutor(policy({})).description).toBe(
      'macOS Seatbelt (sandbox-exec): workspace-write, network off',
    );
  });

  it.skipIf(process.platform === 'darwin')('detect() says why Seatbelt is unavailable off macOS', async () => {
    expect(await SeatbeltExecutor.detect({ refresh: true })).toEqual({
      ok: false,
      reason: 'Seatbelt (sandbox-exec) exists only on macOS',
      fix: '',
    });
  });

  it.skipIf(HAS_SANDBOX_EXEC)(
    'refuses to run, never unconfined, when /usr/bin/sandbox-exec is missing (as on this Linux box)',
    async () => {
      const marker = path.join(scratch, 'ran');
      const run = new SeatbeltExecutor(policy({ writableRoots: [scratch] })).run({
        argv: ['sh', '-c', `touch '${marker}'`],
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeoutMs: 5000,
      });
      await expect(run).rejects.toThrow(/Seatbelt is unavailable: \/usr\/bin\/sandbox-exec does not exist/);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it.skipIf(HAS_SANDBOX_EXEC)(
    'spawn() refuses in the same words, never starting an MCP server unconfined',
    async () => {
      const marker = path.join(scratch, 'spawned');
      const spawned = new SeatbeltExecutor(policy({ writableRoots: [scratch] })).spawn({
        argv: ['sh', '-c', `touch '${marker}'`],
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      });
      await expect(spawned).rejects.toThrow(/Seatbelt is unavailable: \/usr\/bin\/sandbox-exec does not exist/);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it('plan(): what run and spawn start is the real-path profile, then the launcher listing /dev/fd, then the command', () => {
    const p = policy({ writableRoots: [scratch], readOnlySubpaths: [path.join(scratch, '.git')] });
    const { argv, env } = new SeatbeltExecutor(p).plan(
      {
        argv: ['node', 'server.js', '--stdio'],
        env: { PATH: '/usr/bin', OPENAI_API_KEY: 'sk-trellis-own-0123456789abcdef', GITHUB_TOKEN: 'ghp_asked' },
        keepSecrets: ['GITHUB_TOKEN'],
      },
      '/private/tmp/t',
    );
    const real = realSeatbeltPolicy(p);
    expect(argv).toEqual(
      seatbeltCommand(real, launcherArgv(['node', 'server.js', '--stdio'], '/bin/bash', {}, [], '/dev/fd'), {
        tempDir: '/private/tmp/t',
      }),
    );
    expect(env).toEqual({
      ...seatbeltEnvironment(real, { PATH: '/usr/bin' }, { tempDir: '/private/tmp/t' }),
      GITHUB_TOKEN: 'ghp_asked',
    });
  });
});

// Runs only on a Mac. Skipped here: /usr/bin/sandbox-exec is not present on Linux.
describe.skipIf(!HAS_SANDBOX_EXEC)('SeatbeltExecutor on macOS (skipped unless /usr/bin/sandbox-exec exists)', () => {
  let ws = '';
  let outside = '';
  let server: Server | undefined;
  let port = 0;
  let executor: SeatbeltExecutor;
  beforeAll(async () => {
    ws = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'trellis-sbx-ws-')));
    outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'trellis-sbx-out-')));
    mkdirSync(path.join(ws, '.git'));
    writeFileSync(path.join(outside, 'secret'), 'top secret\n');
    executor = new SeatbeltExecutor({
      mode: 'workspace-write',
      writableRoots: [ws],
      readOnlySubpaths: [path.join(ws, '.git'), path.join(ws, '.trellis')],
      denyRead: [path.join(outside, 'secret')],
      network: { mode: 'off' },
    });
    const listening = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    server = listening;
    port = (listening.address() as AddressInfo).port;
  });
  afterAll(() => {
    server?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
    if (outside) rmSync(outside, { recursive: true, force: true });
  });
  const sh = (script: string) =>
    executor.run({ argv: ['/bin/sh', '-c', script], cwd: ws, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });

  it('detect(): sandbox-exec accepts every network variant of the generated profile', async () => {
    expect(await SeatbeltExecutor.detect({ refresh: true })).toEqual({ ok: true });
  });

  it('writes, renames and deletes inside the root (the root itself is a protected ancestor), and TMPDIR is writable', async () => {
    const r = await sh(
      'echo x > a && mv a b && rm b && mkdir d && rmdir d && echo ok > inside && echo t > "$TMPDIR/t" && cat inside && echo "$TRELLIS_SANDBOX_MECHANISM"',
    );
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('ok\nseatbelt\n');
    expect(readFileSync(path.join(ws, 'inside'), 'utf8')).toBe('ok\n');
  });

  it('gives the command its stdin when asked (a hook reads its event there)', async () => {
    const r = await executor.run({
      argv: ['/bin/sh', '-c', 'cat'],
      cwd: ws,
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 10_000,
      stdin: '{"hook_event_name":"PreToolUse"}',
    });
    expect(r).toMatchObject({ exitCode: 0, output: '{"hook_event_name":"PreToolUse"}' });
  });

  it('refuses writes outside the roots, into .git, and the first creation of .trellis', async () => {
    expect((await sh(`echo x > '${outside}/new'`)).exitCode).not.toBe(0);
    expect((await sh('echo x > .git/config')).exitCode).not.toBe(0);
    expect((await sh('mkdir .trellis')).exitCode).not.toBe(0);
    expect((await sh('mv .git .git-moved')).exitCode).not.toBe(0);
    expect(existsSync(path.join(outside, 'new'))).toBe(false);
  });

  it('hides deny-read paths and passes the exit status through', async () => {
    expect((await sh(`cat '${outside}/secret'`)).output).not.toContain('top secret');
    expect((await sh('exit 7')).exitCode).toBe(7);
  });

  it('spawn(): a long-lived process talks over its pipes, cannot write outside the roots, and kill() ends it', async () => {
    const child = await executor.spawn({
      argv: ['/bin/sh', '-c', `echo x > '${outside}/spawned' 2>/dev/null || echo refused >&2; exec cat`],
      cwd: ws,
      env: { PATH: '/usr/bin:/bin' },
    });
    const out: string[] = [];
    const err: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(String(d)));
    child.stderr.on('data', (d: Buffer) => err.push(String(d)));
    child.stdin.write('ping\n');
    await waitForItem(out, (chunk) => chunk.includes('ping'));
    await waitForItem(err, (chunk) => chunk.includes('refused'));
    expect(existsSync(path.join(outside, 'spawned'))).toBe(false);
    expect((await child.kill()).signal).toBe('SIGTERM');
  });

  it('network off: a loopback listener that answers outside the sandbox is unreachable inside it', async () => {
    const r = await sh(`/usr/bin/nc -z -G 2 127.0.0.1 ${port}; echo "rc=$?"`);
    expect(r.output).toContain('rc=1');
  });
});
