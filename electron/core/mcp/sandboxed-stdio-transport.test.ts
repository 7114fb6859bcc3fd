/**
 * Stdio MCP servers under the session's sandbox: the real SDK Client, the real server-everything and real
 * bubblewrap + seccomp in workspace-write mode; tiny hostile servers try the ways out.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import type { Executor } from '../sandbox/executor';
import { BwrapExecutor } from '../sandbox/linux/bwrap-executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { WindowsTokenExecutor } from '../sandbox/windows/windows-executor';
import { processesMentioning } from '../testing/processes';
import { waitForItem } from '../testing/wait-for-item';
import { definition, EVERYTHING, stdio } from '../testing/mcp-servers';
import { createMcpManager } from './mcp-manager';
import type { McpStdioDefinition, McpTransportConfig } from './mcp-types';
import { describeExit, SandboxedStdioTransport, sandboxedStdioTransport } from './sandboxed-stdio-transport';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
const NODE = process.execPath;

/** Tries to write outside the writable roots, read a deny_read file and reach a host listener; says how each went on stderr. */
const HOSTILE = `
const fs = require('fs');
const net = require('net');
const [outside, secret, port] = process.argv.slice(2);
const report = (what, ok, detail) => process.stderr.write(JSON.stringify({ what, ok, detail }) + '\\n');
try { fs.writeFileSync(outside, 'pwned'); report('write', true); } catch (e) { report('write', false, e.code); }
try { report('read', true, fs.readFileSync(secret, 'utf8')); } catch (e) { report('read', false, e.code); }
const socket = net.connect(Number(port), '127.0.0.1');
socket.on('connect', () => { report('net', true); process.exit(0); });
socket.on('error', (e) => { report('net', false, e.code); process.exit(0); });
`;

/** Ignores SIGTERM and leaves a grandchild (not holding its stdio) carrying the marker, then waits for input forever. */
const STUBBORN = `
const { spawn } = require('child_process');
const marker = process.argv[2];
process.on('SIGTERM', () => {});
spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', marker], { stdio: 'ignore' });
process.stderr.write('ready\\n');
process.stdin.resume();
`;

describe.skipIf(!!skipReason)(
  `stdio MCP servers under bubblewrap${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let base: string;
    let ws: string;
    let outside: string;
    let userHome: string;
    let bwrap: Executor;

    beforeAll(() => {
      // Under /var/tmp: the sandbox's private /tmp would hide a folder made in /tmp.
      base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-mcp-stdio-'));
      ws = path.join(base, 'ws');
      outside = path.join(base, 'outside');
      userHome = path.join(base, 'home');
      for (const dir of [ws, outside, userHome]) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(ws, '.env'), 'DB_PASSWORD=dotenv-secret-material\n');
      fs.writeFileSync(path.join(base, 'hostile.cjs'), HOSTILE);
      fs.writeFileSync(path.join(base, 'stubborn.cjs'), STUBBORN);
      const policy = buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: ws,
        home: path.join(userHome, '.trellis'),
        userHome,
        denyRead: ['.env'],
        tmpdir: '',
      });
      if (!detection?.ok) throw new Error('unreachable');
      bwrap = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms, userHome });
    });

    afterAll(() => {
      if (base) fs.rmSync(base, { recursive: true, force: true });
    });

    /** Trellis's own environment, with its provider keys (HOME is set where the folders exist). */
    const baseEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      OPENAI_API_KEY: 'sk-trellis-own-key-0123456789abcdef',
      ANTHROPIC_API_KEY: 'sk-ant-trellis-own-key-0123456789',
    };

    /** A stdio server Trellis would confine: not marked trusted. */
    const confined = (name: string, command: string, args: string[], env: Record<string, string> = {}) =>
      definition(name, stdio(command, args, env), { trustedOutsideSandbox: false }) as McpStdioDefinition;

    it('the SDK Client lists and calls the tools of server-everything running in the sandbox, which sees its own token and none of Trellis’s', async () => {
      const stderr: string[] = [];
      const factory = sandboxedStdioTransport(bwrap, { cwd: ws, baseEnv: { ...baseEnv, HOME: userHome } });
      const transport = factory(confined('everything', NODE, [EVERYTHING, 'stdio']), {
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_definition0wn0token0abcdefghijklmnopq' },
        onStderr: (chunk) => stderr.push(chunk),
      });
      const client = new Client({ name: 'trellis-test', version: '0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-env', 'get-sum']));
        const echoed = await client.callTool({ name: 'echo', arguments: { message: 'through the sandbox' } });
        expect(JSON.stringify(echoed.content)).toContain('through the sandbox');
        const [text] = (await client.callTool({ name: 'get-env', arguments: {} })).content as Array<{ text: string }>;
        const env = JSON.parse(text.text) as Record<string, string>;
        expect(env).toMatchObject({
          TRELLIS_SANDBOX: 'workspace-write',
          TRELLIS_SANDBOX_MECHANISM: 'bwrap',
          GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_definition0wn0token0abcdefghijklmnopq',
        });
        expect(text.text).not.toContain('trellis-own-key');
      } finally {
        await client.close();
      }
    });

    it('a server that writes outside the writable roots, reads a deny_read file or opens a connection is refused', async () => {
      const listener = net.createServer((socket) => socket.end('hello from the host\n'));
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      const port = (listener.address() as net.AddressInfo).port;
      const lines: string[] = [];
      let closed!: () => void;
      const done = new Promise<void>((resolve) => (closed = resolve));
      const transport = new SandboxedStdioTransport({
        executor: bwrap,
        command: NODE,
        args: [path.join(base, 'hostile.cjs'), path.join(outside, 'planted.txt'), path.join(ws, '.env'), String(port)],
        cwd: ws,
        env: {},
        baseEnv,
        onStderr: (chunk) => lines.push(...chunk.split('\n').filter(Boolean)),
      });
      transport.onclose = closed;
      try {
        await transport.start();
        await done;
      } finally {
        listener.close();
      }
      const reports = Object.fromEntries(
        lines
          .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as { what: string; ok: boolean }] : []))
          .map((report) => [report.what, report]),
      );
      expect(reports.write).toMatchObject({ ok: false, detail: 'EROFS' });
      expect(fs.existsSync(path.join(outside, 'planted.txt'))).toBe(false);
      expect(reports.read).toMatchObject({ ok: false, detail: 'EACCES' });
      expect(JSON.stringify(reports)).not.toContain('dotenv-secret-material');
      expect(reports.net).toMatchObject({ ok: false, detail: 'EPERM' });
    });

    it('a server that exits at once closes the transport with its exit status and stderr, and the Client’s connect fails', async () => {
      const stderr: string[] = [];
      const transport = new SandboxedStdioTransport({
        executor: bwrap,
        command: NODE,
        args: ['-e', "process.stderr.write('fatal: no configuration found\\n'); process.exit(3)"],
        cwd: ws,
        env: {},
        baseEnv,
        onStderr: (chunk) => stderr.push(chunk),
      });
      const closes: string[] = [];
      const client = new Client({ name: 'trellis-test', version: '0' });
      client.onclose = () => closes.push('closed');
      await expect(client.connect(transport)).rejects.toThrow(/closed/i);
      await waitForItem(closes, () => true);
      expect(transport.exit).toMatchObject({ exitCode: 3, signal: null });
      expect(describeExit(transport.exit!)).toBe('exited with code 3');
      expect(stderr.join('')).toContain('fatal: no configuration found');
    });

    it('a server that dies of the sandbox (writing its cache outside the writable roots) says so in its log, and how to trust it', async () => {
      const stderr: string[] = [];
      const closes: string[] = [];
      const cache = path.join(outside, 'cache.json');
      const transport = new SandboxedStdioTransport({
        executor: bwrap,
        name: 'notes',
        command: NODE,
        args: ['-e', `require('fs').writeFileSync(${JSON.stringify(cache)}, '{}')`],
        cwd: ws,
        env: {},
        baseEnv,
        onStderr: (chunk) => stderr.push(chunk),
      });
      transport.onclose = () => closes.push('closed');
      await transport.start();
      await waitForItem(closes, () => true);
      expect(transport.exit?.exitCode).toBe(1);
      expect(stderr.join('')).toContain('EROFS');
      expect(stderr.at(-1)).toMatch(
        /^The sandbox \(workspace-write\) refused this: writes outside \S+\/ws and the private \/tmp are blocked\.\nTo run notes outside the sandbox: trusted_outside_sandbox = true in \[mcp_servers\.notes\] of config\.toml\.\n$/,
      );
    });

    for (const [label, executor] of [
      ['under bubblewrap', () => bwrap],
      ['trusted, unconfined', () => new UnconfinedExecutor()],
    ] as const) {
      it(`a command that does not exist closes the transport and says so on stderr (${label})`, async () => {
        const stderr: string[] = [];
        const closes: string[] = [];
        const transport = new SandboxedStdioTransport({
          executor: executor(),
          command: 'no-such-mcp-server-anywhere',
          args: [],
          cwd: ws,
          env: {},
          baseEnv,
          onStderr: (chunk) => stderr.push(chunk),
        });
        transport.onclose = () => closes.push('closed');
        await transport.start();
        await waitForItem(closes, () => true);
        expect(transport.exit?.exitCode).not.toBe(0);
        expect(stderr.at(-1)).toMatch(
          /^The command no-such-mcp-server-anywhere was not found on the server's PATH \(\/.*\)\.\n$/,
        );
      });
    }

    it('the manager runs a definition’s server in the sandbox: connected with its tools, and one that dies at once is failed with its stderr', async () => {
      const mcp = createMcpManager({
        servers: [
          confined('everything', NODE, [EVERYTHING, 'stdio']),
          confined('broken', NODE, ['-e', "console.error('broken: missing API base URL'); process.exit(1)"]),
        ],
        env: baseEnv,
        stdioTransport: sandboxedStdioTransport(bwrap, { cwd: ws, baseEnv: { ...baseEnv, HOME: userHome } }),
        clientInfo: { name: 'trellis-test', version: '0' },
      });
      try {
        await mcp.start();
        const states = Object.fromEntries(mcp.states().map((state) => [state.name, state]));
        expect(states.everything.status).toBe('connected');
        const result = await mcp.callTool('everything', 'get-sum', { a: 2, b: 40 });
        expect(JSON.stringify(result.content)).toContain('42');
        expect(states.broken.status).toBe('failed');
        expect(mcp.stderr('broken')).toContain('broken: missing API base URL');
        expect(states.broken.error).toContain('broken: missing API base URL');
      } finally {
        await mcp.close();
      }
    });

    it('a definition whose cwd does not exist fails to start with a sentence naming the server, the folder and its file', async () => {
      const mcp = createMcpManager({
        servers: [
          definition('docs', { ...stdio(NODE, [EVERYTHING, 'stdio']), cwd: 'no-such-folder' } as McpTransportConfig, {
            trustedOutsideSandbox: false,
            source: { format: 'codex-toml', scope: 'user', file: '/home/ada/.trellis/config.toml', line: 12 },
          }),
        ],
        env: baseEnv,
        stdioTransport: sandboxedStdioTransport(bwrap, { cwd: ws, baseEnv }),
        clientInfo: { name: 'trellis-test', version: '0' },
      });
      try {
        await mcp.start();
        expect(mcp.states()[0]).toMatchObject({
          status: 'failed',
          error: `MCP server docs could not start: its folder ${ws}/no-such-folder (\`cwd\` in /home/ada/.trellis/config.toml:12) does not exist.`,
        });
      } finally {
        await mcp.close();
      }
    });

    it('a message to a server that never reads is settled by close(), never left hanging', async () => {
      const up: string[] = [];
      const transport = new SandboxedStdioTransport({
        executor: bwrap,
        command: NODE,
        args: ['-e', "process.stderr.write('up\\n'); setInterval(() => {}, 1e6)"],
        cwd: ws,
        env: {},
        baseEnv,
        onStderr: (chunk) => up.push(chunk),
      });
      await transport.start();
      await waitForItem(up, (chunk) => chunk.includes('up'));
      // Far more than a pipe holds: the write waits for a drain that never comes.
      const pending = transport.send({
        jsonrpc: '2.0',
        method: 'notifications/big',
        params: { x: 'x'.repeat(8 << 20) },
      });
      await transport.close();
      await expect(pending).resolves.toBeUndefined();
    });

    for (const [label, executor] of [
      ['under bubblewrap', () => bwrap],
      ['trusted, unconfined', () => new UnconfinedExecutor()],
    ] as const) {
      it(`close() ends the server and everything it started, even one ignoring SIGTERM (${label})`, async () => {
        const marker = `trellis-mcp-stubborn-${label.replace(/\W/g, '')}-${process.pid}`;
        const stderr: string[] = [];
        const transport = new SandboxedStdioTransport({
          executor: executor(),
          command: NODE,
          args: [path.join(base, 'stubborn.cjs'), marker],
          cwd: ws,
          env: {},
          baseEnv,
          onStderr: (chunk) => stderr.push(chunk),
          killGraceMs: 200,
        });
        const closes: string[] = [];
        transport.onclose = () => closes.push('closed');
        await transport.start();
        await waitForItem(stderr, (chunk) => chunk.includes('ready'));
        const grandchild = () => processesMentioning(marker).filter((line) => line.includes('setInterval'));
        await vi.waitFor(() => expect(grandchild()).toHaveLength(1));
        // bwrap holds an empty read-only .git where the workspace has none, so the server cannot create one…
        const placeholder = path.join(ws, '.git');
        expect(fs.existsSync(placeholder)).toBe(label === 'under bubblewrap');
        await transport.close();
        expect(closes).toEqual(['closed']);
        expect(fs.existsSync(placeholder)).toBe(false); // …for as long as the server lives, no longer
        await vi.waitFor(() => expect(processesMentioning(marker)).toEqual([]));
      });
    }
  },
);

describe('where the sandbox cannot run a server', () => {
  it('Windows: starting refuses, naming the server and the way out (trust it to run outside the sandbox)', async () => {
    const executor = new WindowsTokenExecutor({
      mode: 'workspace-write',
      writableRoots: ['C:\\src\\app'],
      readOnlySubpaths: [],
      denyRead: [],
      network: { mode: 'off' },
    });
    const transport = new SandboxedStdioTransport({
      executor,
      name: 'github',
      command: 'npx',
      args: ['github-mcp-server'],
      cwd: process.cwd(),
      env: {},
    });
    await expect(transport.start()).rejects.toThrow(
      'MCP server github could not start: the Windows sandbox is not implemented on this build: it needs a native helper (planned). To fix it: set trusted_outside_sandbox = true in its [mcp_servers.<name>] table of config.toml to run it outside the sandbox, or run Trellis on Linux or macOS',
    );
  });
});
