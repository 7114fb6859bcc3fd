/**
 * allow-hosts for real: bubblewrap's empty network namespace, the proxy on a
 * Unix socket outside, and the bridge inside, which gets each connection to
 * the proxy as a descriptor over its IPC channel. The host's listeners
 * stand in for the internet: one allowed, one not.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxPolicy } from '../build-policy';
import { createExecutor } from '../create-executor';
import type { Executor, ExecResult } from '../executor';
import { waitForItem } from '../../testing/wait-for-item';
import { BwrapExecutor } from './bwrap-executor';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
if (skipReason) console.warn(`allow-hosts suite skipped: ${skipReason}`);
const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;

/** A plain-HTTP GET through $HTTP_PROXY, written as every proxy-aware client does it (absolute URL to the proxy). */
const FETCH_THROUGH_PROXY = `
const proxy = new URL(process.env.HTTP_PROXY);
require('http').get({ host: proxy.hostname, port: proxy.port, path: process.argv[1] }, (res) => {
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => { console.log(res.statusCode + ' ' + body); process.exit(res.statusCode === 200 ? 0 : 22); });
}).on('error', (e) => { console.log('error ' + e.code); process.exit(1); });
`;

/** A server's request/response loop: for each URL read on stdin, a GET through $HTTP_PROXY, answered on stdout. */
const FETCH_EACH_LINE = `
const proxy = new URL(process.env.HTTP_PROXY);
require('readline').createInterface({ input: process.stdin }).on('line', (url) => {
  require('http').get({ host: proxy.hostname, port: proxy.port, path: url }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => console.log(res.statusCode + ' ' + body));
  }).on('error', (e) => console.log('error ' + e.code));
});
`;

describe.skipIf(!!skipReason)(`allow-hosts under bubblewrap${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ws: string;
  let allowed: http.Server;
  let other: http.Server;
  let allowedUrl: string;
  let otherUrl: string;
  let executor: Executor;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', NO_PROXY: '*' };
  const run = (argv: string[]): Promise<ExecResult> => executor.run({ argv, cwd: ws, env, timeoutMs: 30_000 });

  const serve = async (name: string) => {
    const server = http.createServer((req, res) => res.end(`${name} answered ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return server;
  };

  beforeAll(async () => {
    ws = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-allow-hosts-'));
    allowed = await serve('allowed');
    other = await serve('other');
    allowedUrl = `http://127.0.0.1:${(allowed.address() as net.AddressInfo).port}`;
    otherUrl = `http://127.0.0.1:${(other.address() as net.AddressInfo).port}`;
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: ws,
      home: path.join(ws, '.trellis-home'),
      userHome: os.homedir(),
      allowHosts: [new URL(allowedUrl).host],
      tmpdir: '',
    });
    expect(policy.network).toEqual({ mode: 'allow-hosts', hosts: [new URL(allowedUrl).host] });
    executor = await createExecutor(policy, { userHome: os.homedir() });
  });
  afterAll(async () => {
    await executor?.dispose?.();
    allowed?.close();
    other?.close();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('reaches an allowed host through the proxy, with the proxy variables set and NO_PROXY gone', async () => {
    const result = await run(['node', '-e', FETCH_THROUGH_PROXY, `${allowedUrl}/index.json`]);
    expect(result.output).toContain('200 allowed answered /index.json');
    expect(result.exitCode).toBe(0);
    const vars = await run(['sh', '-c', 'echo "$HTTPS_PROXY $https_proxy ${NO_PROXY:-none}"']);
    expect(vars.output.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+ http:\/\/127\.0\.0\.1:\d+ none$/);
  });

  it('a host not on the list is refused by the proxy, and the result says so in plain words', async () => {
    const result = await run(['node', '-e', FETCH_THROUGH_PROXY, `${otherUrl}/`]);
    expect(result.exitCode).toBe(22);
    expect(result.output).toContain('403 Trellis sandbox: the network proxy refused 127.0.0.1:');
    expect(result.sandboxDenial).toMatch(
      /^The sandbox's network proxy refused 127\.0\.0\.1:\d+: not in the allowed hosts/,
    );
  });

  it('going around the proxy reaches nothing: the host is not routable from the sandbox', async () => {
    const direct = `require('http').get('${allowedUrl}/', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(3); })`;
    const result = await run(['node', '-e', direct]);
    expect(result.exitCode).toBe(3);
    expect(result.output).toMatch(/ECONNREFUSED|ENETUNREACH/);
  });

  it.skipIf(!hasCurl)('curl, git and npm style clients work unchanged (curl honours the variables)', async () => {
    const ok = await run(['curl', '-sS', '--max-time', '10', `${allowedUrl}/curl`]);
    expect(ok.output).toContain('allowed answered /curl');
    const refused = await run(['curl', '-sS', '-f', '--max-time', '10', `${otherUrl}/curl`]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.sandboxDenial).toContain('not in the allowed hosts');
  });

  it("no Unix socket at all: not a host daemon's, not the proxy's, not the bridge's channel", async () => {
    const daemon = path.join(ws, '..', `${path.basename(ws)}-daemon.sock`);
    let reached = 0;
    const server = (await import('node:net')).createServer((c) => {
      reached++;
      c.end('daemon\n');
    });
    await new Promise<void>((resolve) => server.listen(daemon, resolve));
    try {
      const result = await run([
        'python3',
        '-c',
        `import socket; s=socket.socket(socket.AF_UNIX); s.connect('${daemon}'); print(s.recv(9))`,
      ]);
      expect(result.exitCode).not.toBe(0);
      expect(result.output).toMatch(/Operation not permitted/);
      // The command holds nothing but stdin, stdout and stderr (the bridge's IPC channel stays with the bridge).
      const fds = await run(['sh', '-c', 'ls /proc/self/fd; echo "${NODE_CHANNEL_FD:-no channel}"']);
      expect(fds.output.trim().split('\n')).toEqual(['0', '1', '2', '3', 'no channel']); // 3: ls's own listing
      expect(reached).toBe(0);
    } finally {
      server.close();
    }
  });

  it('a long-lived process (an MCP server) reaches allowed hosts through the same bridge, its stdin and stdout piped through it', async () => {
    const child = await executor.spawn({ argv: ['node', '-e', FETCH_EACH_LINE], cwd: ws, env });
    const out: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(...String(d).split('\n').filter(Boolean)));
    child.stdin.write(`${allowedUrl}/first\n`);
    expect(await waitForItem(out, (line) => line.includes('first'))).toBe('200 allowed answered /first');
    child.stdin.write(`${otherUrl}/second\n`);
    expect(await waitForItem(out, (line) => line.startsWith('403'))).toContain('the network proxy refused');
    await child.kill();
  });

  it("passes the command's exit status and stdin-less runs through the bridge", async () => {
    expect((await run(['sh', '-c', 'exit 7'])).exitCode).toBe(7);
    expect((await run(['no-such-command-xyz'])).exitCode).toBe(127);
    const killed = await run(['sh', '-c', 'kill -TERM $$']);
    expect(killed.exitCode === 143 || killed.signal === 'SIGTERM').toBe(true);
  });
});
