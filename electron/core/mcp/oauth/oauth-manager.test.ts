import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-repo';
import { createMcpManager } from '../mcp-manager';
import type { McpManager } from '../mcp-types';
import { unconfinedStdioTransport } from '../unconfined-stdio-transport';
import { loginMcpServer, logoutMcpServer, mcpAuthProvider } from './mcp-login';
import { followInBrowser, httpDefinition } from './testing/oauth-fixtures';
import { startTestOAuthServer, type TestOAuthServer } from './testing/test-oauth-server';

let server: TestOAuthServer;
let home: string;
let mcp: McpManager;

beforeEach(async () => {
  server = await startTestOAuthServer();
  home = tempDir('trellis-oauth-');
  mcp = createMcpManager({
    servers: [httpDefinition('docs', server.mcpUrl)],
    env: {},
    stdioTransport: unconfinedStdioTransport,
    authProvider: (definition) => mcpAuthProvider(definition, { home }),
    clientInfo: { name: 'trellis-test', version: '0' },
  });
});
afterEach(async () => {
  await mcp.close();
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const text = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');
const status = () => mcp.states()[0];
const storedFile = () => {
  const dir = path.join(home, 'mcp-oauth');
  return path.join(dir, fs.readdirSync(dir)[0]);
};

describe('the client manager with OAuth', () => {
  it('shows needs-auth before a login (registering nothing), connected after it, and keeps working when the token lapses', async () => {
    await mcp.start();
    expect(status().status).toBe('needs-auth');
    expect(status().error).toContain('trellis mcp login docs');
    expect(server.provider.clients.size).toBe(0);

    await loginMcpServer(httpDefinition('docs', server.mcpUrl), { home, openBrowser: followInBrowser });
    await mcp.reconnect('docs');
    expect(status().status).toBe('connected');
    expect(status().tools.map((t) => t.qualifiedName)).toEqual(['mcp__docs__whoami']);

    // Mid-session the access token lapses: the call refreshes it and goes through.
    server.expireAccessTokens();
    expect(text(await mcp.callTool('docs', 'whoami', {}))).toMatch(/^authorized client /);
    expect(server.provider.tokenRequests).toEqual(['authorization_code', 'refresh_token']);
  });

  it('refreshes a token lapsed by the clock before sending it, once for all the calls that want it', async () => {
    await server.close();
    server = await startTestOAuthServer({ tokenLifetimeSeconds: 0 });
    mcp = createMcpManager({
      servers: [httpDefinition('docs', server.mcpUrl)],
      env: {},
      stdioTransport: unconfinedStdioTransport,
      authProvider: (definition) => mcpAuthProvider(definition, { home }),
      clientInfo: { name: 'trellis-test', version: '0' },
    });
    await loginMcpServer(httpDefinition('docs', server.mcpUrl), { home, openBrowser: followInBrowser });
    await mcp.start();
    expect(status().status).toBe('connected');
    const refreshes = () => server.provider.tokenRequests.filter((t) => t === 'refresh_token').length;
    const before = refreshes();
    expect(before).toBeGreaterThan(0);

    const results = await Promise.all([1, 2, 3].map(() => mcp.callTool('docs', 'whoami', {})));
    expect(results.map(text)).toEqual(Array(3).fill(expect.stringMatching(/^authorized client /)));
    expect(refreshes()).toBe(before + 1);
  });

  it('takes over the tokens another Trellis process refreshed meanwhile instead of losing the login', async () => {
    await loginMcpServer(httpDefinition('docs', server.mcpUrl), { home, openBrowser: followInBrowser });
    const other = createMcpManager({
      servers: [httpDefinition('docs', server.mcpUrl)],
      env: {},
      stdioTransport: unconfinedStdioTransport,
      authProvider: (definition) => mcpAuthProvider(definition, { home }),
      clientInfo: { name: 'other-process', version: '0' },
    });
    try {
      await Promise.all([mcp.start(), other.start()]);
      server.expireAccessTokens();
      // The other one refreshes first, spending the refresh token this one still holds.
      expect(text(await other.callTool('docs', 'whoami', {}))).toMatch(/^authorized client /);
      expect(text(await mcp.callTool('docs', 'whoami', {}))).toMatch(/^authorized client /);
      expect(status().status).toBe('connected');
      const stored = JSON.parse(fs.readFileSync(storedFile(), 'utf8')) as { tokens?: { access_token: string } };
      expect(stored.tokens).toBeDefined();
    } finally {
      await other.close();
    }
  });

  it('is needs-auth again after logout, or when the lapsed token cannot be refreshed', async () => {
    const definition = httpDefinition('docs', server.mcpUrl);
    await loginMcpServer(definition, { home, openBrowser: followInBrowser });
    await mcp.start();
    expect(status().status).toBe('connected');

    server.expireAccessTokens();
    server.revokeRefreshTokens();
    await mcp.reconnect('docs');
    expect(status().status).toBe('needs-auth');

    await loginMcpServer(definition, { home, openBrowser: followInBrowser });
    await mcp.reconnect('docs');
    expect(status().status).toBe('connected');
    // The server would still accept the old token; Trellis no longer has it.
    await logoutMcpServer(definition, { home });
    await mcp.reconnect('docs');
    expect(status().status).toBe('needs-auth');
  });
});
