import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { definition, everythingHttp } from '../testing/mcp-servers';
import { waitForItem } from '../testing/wait-for-item';
import { httpHeaders } from './http-transport';
import { createMcpManager } from './mcp-manager';
import type { McpManager, McpServerDefinition, McpServerState, McpTransportConfig } from './mcp-types';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function manager(servers: McpServerDefinition[], env: NodeJS.ProcessEnv = {}): McpManager {
  const created = createMcpManager({
    servers,
    env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: { name: 'trellis-test', version: '0' },
  });
  cleanups.push(() => created.close());
  return created;
}

function httpConfig(url: string, more: Partial<Extract<McpTransportConfig, { kind: 'http' }>> = {}) {
  return { kind: 'http' as const, url, headers: {}, envHeaders: {}, ...more };
}

const text = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');

/** A plain HTTP server answering every request with `status`, recording the requests' headers. */
async function answering(status: number): Promise<{ url: string; headers: http.IncomingHttpHeaders[] }> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(status, { 'content-type': 'text/plain' }).end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, headers };
}

describe('the MCP manager over HTTP', () => {
  it('speaks Streamable HTTP to server-everything: lists, calls with progress, prompts, resources', async () => {
    const server = await everythingHttp('streamableHttp');
    cleanups.push(server.close);
    const mcp = manager([definition('remote', httpConfig(server.url))]);
    await mcp.start();
    const [state] = mcp.states();
    expect(state.error).toBeUndefined();
    expect(state.status).toBe('connected');
    expect(state.tools.map((t) => t.qualifiedName)).toContain('mcp__remote__get-sum');
    expect(state.prompts.map((p) => p.name)).toContain('simple-prompt');
    expect(state.resourceTemplates.length).toBeGreaterThan(0);

    expect(text(await mcp.callTool('remote', 'get-sum', { a: 1, b: 2 }))).toContain('3');
    const progress: number[] = [];
    const long = await mcp.callTool(
      'remote',
      'trigger-long-running-operation',
      { duration: 1, steps: 2 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    expect(long.isError).toBeFalsy();
    expect(progress[0]).toBe(1);
    const prompt = await mcp.getPrompt('remote', 'args-prompt', { city: 'Oslo' });
    expect(JSON.stringify(prompt.messages)).toContain('Oslo');
    const resource = await mcp.readResource('remote', 'demo://resource/dynamic/text/1');
    expect(resource.contents).toHaveLength(1);
  });

  it('ends a call in flight when the HTTP server dies, shows it failed, answers at once, and reconnects when it is back', async () => {
    const first = await everythingHttp('streamableHttp');
    const mcp = manager([definition('remote', httpConfig(first.url))]);
    const states: McpServerState[] = [];
    mcp.onChange((state) => states.push(state));
    await mcp.start();

    const progress: number[] = [];
    const call = mcp.callTool(
      'remote',
      'trigger-long-running-operation',
      { duration: 30, steps: 30 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    await waitForItem(progress, () => true);
    await first.close();
    // Not the 15 s tool timeout: the cut stream is noticed and the client closed.
    const result = await call;
    expect(result.isError).toBe(true);
    const gone = 'MCP server remote is unavailable: MCP server remote could not be reached: ECONNREFUSED.';
    expect(text(result)).toBe(gone);
    expect(states.map((s) => s.status)).toContain('failed');
    // Until it is back (failed, or trying again), a call answers at once with the reason.
    expect(text(await mcp.callTool('remote', 'echo', { message: 'anyone?' }))).toBe(gone);

    const second = await everythingHttp('streamableHttp', first.port);
    cleanups.push(second.close);
    await waitForItem(states, (s) => s.status === 'connected' && s.restarts > 0);
    expect(text(await mcp.callTool('remote', 'echo', { message: 'back' }))).toContain('back');
  });

  it('falls back to the legacy SSE transport when Streamable HTTP answers a 4xx', async () => {
    const server = await everythingHttp('sse');
    cleanups.push(server.close);
    const mcp = manager([definition('legacy', httpConfig(server.url))]);
    await mcp.start();
    expect(mcp.states()[0]).toMatchObject({ status: 'connected', error: undefined });
    expect(text(await mcp.callTool('legacy', 'echo', { message: 'over sse' }))).toContain('over sse');
  });

  it('shows needs-auth for a 401, and sends the bearer token and headers from the environment', async () => {
    const server = await answering(401);
    const mcp = manager(
      [
        definition(
          'locked',
          httpConfig(server.url, {
            headers: { 'X-Fixed': 'one' },
            envHeaders: { 'X-From-Env': 'HEADER_VALUE' },
            bearerTokenEnvVar: 'LOCKED_TOKEN',
          }),
        ),
      ],
      { LOCKED_TOKEN: 'secret-token', HEADER_VALUE: 'two' },
    );
    await mcp.start();
    const [state] = mcp.states();
    expect(state.status).toBe('needs-auth');
    expect(state.error).toBe('MCP server locked needs authentication: run `trellis mcp login locked`.');
    expect(server.headers[0]).toMatchObject({
      authorization: 'Bearer secret-token',
      'x-fixed': 'one',
      'x-from-env': 'two',
    });
  });

  it('fails with a sentence naming a missing variable, and never sends an empty token', () => {
    expect(() =>
      httpHeaders('locked', httpConfig('http://127.0.0.1:1/mcp', { bearerTokenEnvVar: 'NOT_SET_ANYWHERE' }), {}),
    ).toThrow('MCP server locked: the environment variable NOT_SET_ANYWHERE (bearer_token_env_var) is not set.');
  });

  it('reports a server that answers neither transport as failed with its status', async () => {
    const server = await answering(404);
    const mcp = manager([definition('gone', httpConfig(server.url))]);
    await mcp.start();
    const [state] = mcp.states();
    expect(state.status).toBe('failed');
    expect(state.error).toMatch(/^MCP server gone could not start: .*404/);
    // Tried Streamable HTTP (POST) first, then the legacy transport (GET) once.
    expect(server.headers.length).toBeGreaterThanOrEqual(2);
  });
});
