import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { McpServerDefinition, McpTransportConfig } from '../mcp/mcp-types';
import { tempDir } from './temp-repo';

/**
 * Test helpers: real MCP servers for the client's tests. `@modelcontextprotocol/server-everything` over stdio and
 * Streamable HTTP, and tiny script servers for what it does not do (never answering, changing its tool list).
 */

export const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const SDK_SERVER = pathToFileURL(path.resolve('node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js')).href;
const SDK_STDIO = pathToFileURL(path.resolve('node_modules/@modelcontextprotocol/sdk/dist/esm/server/stdio.js')).href;

export function definition(
  name: string,
  transport: McpTransportConfig,
  overrides: Partial<McpServerDefinition> = {},
): McpServerDefinition {
  return {
    name,
    source: { format: 'codex-toml', scope: 'user', file: '/home/test/.trellis/config.toml' },
    transport,
    enabled: true,
    required: false,
    startupTimeoutMs: 15_000,
    toolTimeoutMs: 15_000,
    disabledTools: [],
    defaultApprovalMode: 'auto',
    toolApprovalModes: {},
    parallelToolCalls: true,
    trustedOutsideSandbox: true,
    ...overrides,
  };
}

export function stdio(command: string, args: string[], env: Record<string, string> = {}): McpTransportConfig {
  return { kind: 'stdio', command, args, env, envVars: [] };
}

/**
 * server-everything over stdio, started through a launcher in a fresh folder, so the test can find its process by
 * that folder's path (to kill it, or to prove it ended).
 */
export function everythingStdio(): { transport: McpTransportConfig; marker: string } {
  const marker = tempDir('trellis-mcp-everything-');
  const launcher = path.join(marker, 'everything.mjs');
  fs.writeFileSync(launcher, `import ${JSON.stringify(pathToFileURL(EVERYTHING).href)};\n`);
  return { transport: stdio(process.execPath, [launcher, 'stdio']), marker };
}

/** A script server: `source` runs with `McpServer` and `StdioServerTransport` in scope. */
export function scriptServer(source: string): { transport: McpTransportConfig; marker: string } {
  const marker = tempDir('trellis-mcp-script-');
  const file = path.join(marker, 'server.mjs');
  fs.writeFileSync(
    file,
    `import { McpServer } from ${JSON.stringify(SDK_SERVER)};\n` +
      `import { StdioServerTransport } from ${JSON.stringify(SDK_STDIO)};\n${source}\n`,
  );
  return { transport: stdio(process.execPath, [file]), marker };
}

/** A process that reads stdin and never answers: a server stuck before initialize. */
export function silentServer(): { transport: McpTransportConfig; marker: string } {
  const marker = tempDir('trellis-mcp-silent-');
  const file = path.join(marker, 'silent.mjs');
  fs.writeFileSync(file, "process.stdin.on('data', () => {});\nprocess.stderr.write('silent server waiting\\n');\n");
  return { transport: stdio(process.execPath, [file]), marker };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** server-everything over HTTP (`streamableHttp`, or the legacy `sse`) on a free port (or `port`); resolves once it listens. */
export async function everythingHttp(
  mode: 'streamableHttp' | 'sse' = 'streamableHttp',
  port?: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  port ??= await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (/(listening|running) on port/i.test(output)) resolve();
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => reject(new Error(`server-everything ${mode} exited (${code}): ${output}`)));
  });
  const endpoint = mode === 'sse' ? 'sse' : 'mcp';
  return {
    url: `http://127.0.0.1:${port}/${endpoint}`,
    port,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
