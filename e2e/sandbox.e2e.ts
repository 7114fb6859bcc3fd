import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { trellis } from './support/exec-harness';

/**
 * `trellis sandbox [flags] -- CMD ARGS...` as a person runs it: the built CLI, a temp Trellis
 * home, real bubblewrap. Targets live under /var/tmp because the sandbox's /tmp is private.
 */
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'needs Linux with a working bubblewrap');

const scratchDirs: string[] = [];
test.afterAll(() => {
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(configToml = ''): { home: string; ws: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-sandbox-e2e-'));
  scratchDirs.push(base);
  const home = path.join(base, 'home');
  const ws = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  for (const dir of [home, ws, outside]) fs.mkdirSync(dir);
  if (configToml) fs.writeFileSync(path.join(home, 'config.toml'), configToml);
  return { home, ws, outside };
}

const sandbox = (args: string[], options: { home: string; cwd: string; input?: string }) =>
  trellis(['sandbox', ...args], options).done;

test('passes the exit status through, and 128+N for a signal', async () => {
  const { home, ws } = scratch();
  expect((await sandbox(['--', 'sh', '-c', 'exit 7'], { home, cwd: ws })).code).toBe(7);
  expect((await sandbox(['--', 'sh', '-c', 'kill -9 $$'], { home, cwd: ws })).code).toBe(128 + 9);
  expect((await sandbox(['--', 'true'], { home, cwd: ws })).code).toBe(0);
  const missing = await sandbox(['--', 'no-such-command-xyz'], { home, cwd: ws });
  expect(missing.code).toBe(127);
  expect(missing.stderr).toBe('trellis sandbox: command not found: no-such-command-xyz\n');
});

test('passes stdin, stdout and stderr through', async () => {
  const { home, ws } = scratch();
  const result = await sandbox(['--', 'sh', '-c', 'tr a-z A-Z; echo to-stderr >&2'], {
    home,
    cwd: ws,
    input: 'hello from stdin\n',
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toBe('HELLO FROM STDIN\n');
  expect(result.stderr).toBe('to-stderr\n');
});

test('refuses a write outside the workspace; --writable-root allows it', async () => {
  const { home, ws, outside } = scratch();
  const target = path.join(outside, 'f.txt');
  const refused = await sandbox(['--sandbox', 'workspace-write', '--', 'sh', '-c', `echo x > ${target}`], {
    home,
    cwd: ws,
  });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('Read-only file system');
  expect(fs.existsSync(target)).toBe(false);

  const inside = await sandbox(['--sandbox', 'workspace-write', '--', 'sh', '-c', 'echo x > in-ws.txt'], {
    home,
    cwd: ws,
  });
  expect(inside.code).toBe(0);
  expect(fs.readFileSync(path.join(ws, 'in-ws.txt'), 'utf8')).toBe('x\n');

  const allowed = await sandbox(
    ['--sandbox', 'workspace-write', '--writable-root', outside, '--', 'sh', '-c', `echo x > ${target}`],
    { home, cwd: ws },
  );
  expect(allowed.code).toBe(0);
  expect(fs.readFileSync(target, 'utf8')).toBe('x\n');
});

test('takes the mode from config.toml, -C as the working folder, and --deny-read', async () => {
  const { home, ws, outside } = scratch('sandbox_mode = "workspace-write"\n');
  fs.writeFileSync(path.join(ws, 'secret.txt'), 'do not read\n');
  const written = await sandbox(['-C', ws, '--', 'sh', '-c', 'pwd; echo y > from-config.txt'], { home, cwd: outside });
  expect(written.code).toBe(0);
  expect(written.stdout).toBe(`${ws}\n`);
  expect(fs.existsSync(path.join(ws, 'from-config.txt'))).toBe(true);
  const hidden = await sandbox(['--deny-read', 'secret.txt', '--', 'cat', 'secret.txt'], { home, cwd: ws });
  expect(hidden.stdout).not.toContain('do not read');
});

test('the network is off by default, loopback included; --network on allows a loopback connection', async () => {
  const { home, ws } = scratch();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.end('pong\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const client = `require('net').connect(${port}, '127.0.0.1').on('data', (d) => process.stdout.write(d)).on('error', (e) => { console.error(e.message); process.exit(1); })`;
  try {
    const off = await sandbox(['--sandbox', 'workspace-write', '--', process.execPath, '-e', client], {
      home,
      cwd: ws,
    });
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('EPERM');
    expect(connections).toBe(0);

    const on = await sandbox(
      ['--sandbox', 'workspace-write', '--network', 'on', '--', process.execPath, '-e', client],
      { home, cwd: ws },
    );
    expect(on.stderr).toBe('');
    expect(on.code).toBe(0);
    expect(on.stdout).toBe('pong\n');
    expect(connections).toBe(1);
  } finally {
    server.close();
  }
});

test('--allow-host (and [sandbox] allow_hosts in config.toml): only those hosts, through the proxy', async () => {
  const serve = async (name: string) => {
    const server = http.createServer((req, res) => res.end(`${name}: ${req.url}\n`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, host: `127.0.0.1:${(server.address() as net.AddressInfo).port}` };
  };
  const allowed = await serve('allowed');
  const other = await serve('other');
  // What any proxy-aware client does: the absolute URL, sent to the proxy named in HTTP_PROXY.
  const get = (host: string) =>
    `const p = new URL(process.env.HTTP_PROXY); require('http').get({ host: p.hostname, port: p.port, path: 'http://${host}/x' }, (r) => { r.pipe(process.stdout); r.on('end', () => process.exit(r.statusCode === 200 ? 0 : 22)); })`;
  try {
    const { home, ws } = scratch();
    const ok = await sandbox(['--allow-host', allowed.host, '--', process.execPath, '-e', get(allowed.host)], {
      home,
      cwd: ws,
    });
    expect(ok.stdout).toBe('allowed: /x\n');
    expect(ok.code).toBe(0);
    const refused = await sandbox(['--allow-host', allowed.host, '--', process.execPath, '-e', get(other.host)], {
      home,
      cwd: ws,
    });
    expect(refused.code).toBe(22);
    expect(refused.stdout).toBe(
      `Trellis sandbox: the network proxy refused ${other.host}: not in the allowed hosts (${allowed.host}).\n`,
    );

    const configured = scratch(`[sandbox]\nallow_hosts = ["${other.host}"]\n`);
    const fromConfig = await sandbox(['--', process.execPath, '-e', get(other.host)], {
      home: configured.home,
      cwd: configured.ws,
    });
    expect(fromConfig.stdout).toBe('other: /x\n');

    const badConfig = scratch('[sandbox]\nallow_hosts = ["a.*.com"]\n');
    const bad = await sandbox(['--', 'true'], { home: badConfig.home, cwd: badConfig.ws });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('config.toml:2: sandbox.allow_hosts[0]');
    const badFlag = await sandbox(['--allow-host', 'exa mple.com', '--', 'true'], { home, cwd: ws });
    expect(badFlag.stderr).toBe('trellis sandbox: --allow-host "exa mple.com" is not a host name or IP address\n');
  } finally {
    allowed.server.close();
    other.server.close();
  }
});

test('usage errors exit 2 with one line', async () => {
  const { home, ws } = scratch();
  const readOnlyRoot = await sandbox(['--writable-root', ws, '--', 'true'], { home, cwd: ws });
  expect(readOnlyRoot.code).toBe(2);
  expect(readOnlyRoot.stderr).toBe(
    'trellis sandbox: --writable-root needs --sandbox workspace-write (the sandbox is read-only)\n',
  );
  const badMode = await sandbox(['--sandbox', 'bogus', '--', 'true'], { home, cwd: ws });
  expect(badMode.code).toBe(2);
  expect(badMode.stderr).toMatch(
    /^trellis sandbox: --sandbox must be one of read-only, workspace-write, danger-full-access/,
  );
  const both = await sandbox(['--network', 'on', '--allow-host', 'example.com', '--', 'true'], { home, cwd: ws });
  expect(both.code).toBe(2);
  const noCommand = await sandbox([], { home, cwd: ws });
  expect(noCommand.code).toBe(2);
});
