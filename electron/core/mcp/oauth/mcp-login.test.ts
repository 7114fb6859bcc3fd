import fs from 'node:fs';
import path from 'node:path';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { everythingHttp } from '../../testing/mcp-servers';
import { tempDir } from '../../testing/temp-repo';
import { beginMcpLogin, loginMcpServer, logoutMcpServer } from './mcp-login';
import { connectWithStoredLogin, followInBrowser, httpDefinition } from './testing/oauth-fixtures';
import { startHostileAuthServer } from './testing/hostile-auth-server';
import { startTestOAuthServer, type TestOAuthServer } from './testing/test-oauth-server';

let server: TestOAuthServer;
let home: string;

beforeEach(async () => {
  server = await startTestOAuthServer();
  home = tempDir('trellis-oauth-');
});
afterEach(async () => {
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** `trellis mcp login` with the test playing the browser; returns the authorization URL it was shown. */
async function login(name = 'docs', url = server.mcpUrl) {
  const shown: string[] = [];
  const result = await loginMcpServer(httpDefinition(name, url, { oauth: { scopes: ['mcp'] } }), {
    home,
    onAuthorizationUrl: (u) => shown.push(u),
    openBrowser: followInBrowser,
  });
  return { result, authorizationUrl: new URL(shown[0]) };
}

function storedFiles(): string[] {
  return fs.readdirSync(path.join(home, 'mcp-oauth')).map((f) => path.join(home, 'mcp-oauth', f));
}

describe('trellis mcp login against a local authorization server', () => {
  it('registers, authorizes with PKCE and state, stores the token 0600, and a session connects and lists tools', async () => {
    const { result, authorizationUrl } = await login();

    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('scope')).toBe('mcp');
    expect(server.provider.clients.size).toBe(1);
    expect(server.provider.resources).toEqual([server.mcpUrl]);
    expect(server.provider.tokenRequests).toEqual(['authorization_code']);

    const [file] = storedFiles();
    expect(result).toEqual({ server: 'docs', storedIn: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const client = await connectWithStoredLogin(httpDefinition('docs', server.mcpUrl), { home });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['whoami']);
    await client.close();
  });

  it('reuses the stored token: a second session connects without another login or registration', async () => {
    await login();
    for (let i = 0; i < 2; i++) {
      const client = await connectWithStoredLogin(httpDefinition('docs', server.mcpUrl), { home });
      await client.listTools();
      await client.close();
    }
    expect(server.provider.clients.size).toBe(1);
    expect(server.provider.tokenRequests).toEqual(['authorization_code']);
  });

  it('refreshes a lapsed access token with the stored refresh token and keeps the new one', async () => {
    await login();
    const before = fs.readFileSync(storedFiles()[0], 'utf8');
    server.expireAccessTokens();

    const client = await connectWithStoredLogin(httpDefinition('docs', server.mcpUrl), { home });
    await client.listTools();
    await client.close();

    expect(server.provider.tokenRequests).toEqual(['authorization_code', 'refresh_token']);
    const after = fs.readFileSync(storedFiles()[0], 'utf8');
    expect(after).not.toBe(before);
    const stored = JSON.parse(after) as { tokens: { access_token: string } };
    expect(server.provider.accessTokens.has(stored.tokens.access_token)).toBe(true);
  });

  it('needs a login when the token lapsed and cannot be refreshed, and forgets the dead token', async () => {
    await login();
    server.expireAccessTokens();
    server.revokeRefreshTokens();

    const attempt = connectWithStoredLogin(httpDefinition('docs', server.mcpUrl), { home });
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toThrow('trellis mcp login docs');
    const stored = JSON.parse(fs.readFileSync(storedFiles()[0], 'utf8')) as {
      tokens?: unknown;
      clientInformation?: unknown;
    };
    expect(stored.tokens).toBeUndefined();
    expect(stored.clientInformation).toBeDefined();
  });

  it('logout removes the token; the next connection is refused as needing a login', async () => {
    await login();
    const definition = httpDefinition('docs', server.mcpUrl);

    expect(await logoutMcpServer(definition, { home })).toEqual({ server: 'docs', removed: true });
    expect(storedFiles()).toEqual([]);
    await expect(connectWithStoredLogin(definition, { home })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await logoutMcpServer(definition, { home })).toEqual({ server: 'docs', removed: false });
  });

  it('never sends a token to another URL, even under the same server name', async () => {
    await login();
    const other = await startTestOAuthServer();
    try {
      await expect(connectWithStoredLogin(httpDefinition('docs', other.mcpUrl), { home })).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      expect(other.bearerTokens).toEqual([]);
      expect(other.provider.clients.size).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('ignores a redirect carrying the wrong state and completes with the right one', async () => {
    const strayStatuses: number[] = [];
    const result = await loginMcpServer(httpDefinition('docs', server.mcpUrl), {
      home,
      openBrowser: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.search = new URLSearchParams({ code: 'forged', state: 'not-the-login' }).toString();
        strayStatuses.push((await fetch(redirect)).status);
        await followInBrowser(url);
      },
    });
    expect(strayStatuses).toEqual([400]);
    expect(result.server).toBe('docs');
    expect(server.provider.tokenRequests).toEqual(['authorization_code']);
  });

  it('uses the configured client id instead of registering, and the configured callback port', async () => {
    const registered = server.provider.clientsStore.registerClient({
      client_name: 'pre-registered',
      redirect_uris: ['http://127.0.0.1:45871/callback'],
      token_endpoint_auth_method: 'none',
    });
    const shown: string[] = [];
    await loginMcpServer(httpDefinition('docs', server.mcpUrl, { oauth: { clientId: registered.client_id } }), {
      home,
      callbackPort: 45871,
      onAuthorizationUrl: (u) => shown.push(u),
      openBrowser: followInBrowser,
    });
    const url = new URL(shown[0]);
    expect(url.searchParams.get('client_id')).toBe(registered.client_id);
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:45871/callback');
    expect(server.provider.clients.size).toBe(1);
  });

  it('Authenticate in the window answers the URL at once; the server connects once the browser came back', async () => {
    const opened: string[] = [];
    const definition = httpDefinition('docs', server.mcpUrl);
    const { url, finished } = await beginMcpLogin(definition, { home, openBrowser: (u) => opened.push(u) });
    expect(opened).toEqual([url]);
    expect(server.provider.tokenRequests).toEqual([]);

    await followInBrowser(url);
    expect(await finished).toMatchObject({ server: 'docs' });
    const client = await connectWithStoredLogin(definition, { home });
    expect((await client.listTools()).tools).toHaveLength(1);
    await client.close();
  });

  it('never opens an authorization address that is not a web page', async () => {
    const hostile = await startHostileAuthServer('file:///etc/passwd');
    try {
      const opened: string[] = [];
      const attempt = loginMcpServer(httpDefinition('evil', `${hostile.origin}/mcp`), {
        home,
        openBrowser: (u) => opened.push(u),
        onAuthorizationUrl: (u) => opened.push(u),
      });
      await expect(attempt).rejects.toMatchObject({ code: 'mcp-oauth-bad-url' });
      expect(opened).toEqual([]);
    } finally {
      await hostile.close();
    }
  });

  it('says which host could not be reached when the server is down', async () => {
    const url = server.mcpUrl;
    await server.close();
    server = await startTestOAuthServer();
    await expect(loginMcpServer(httpDefinition('docs', url), { home })).rejects.toThrow(
      `Logging in to the MCP server "docs" failed: ${new URL(url).host} could not be reached (`,
    );
  });

  it('says so in one sentence when a server offers no OAuth at all (server-everything over HTTP)', async () => {
    const everything = await everythingHttp('streamableHttp');
    try {
      const attempt = loginMcpServer(httpDefinition('ev', everything.url), { home, openBrowser: followInBrowser });
      await expect(attempt).rejects.toMatchObject({ code: 'mcp-oauth-unsupported' });
      await expect(attempt).rejects.toThrow(`The MCP server "ev" offers no OAuth login`);
    } finally {
      await everything.close();
    }
  });

  it('asks for the configured resource indicator (oauth_resource) instead of the advertised one', async () => {
    const resource = `${new URL(server.mcpUrl).origin}/`;
    await loginMcpServer(httpDefinition('docs', server.mcpUrl, { oauth: { resource } }), {
      home,
      openBrowser: followInBrowser,
    });
    expect(server.provider.resources).toEqual([resource]);
  });

  it('refuses stdio servers and servers with a bearer token variable, naming why', async () => {
    const stdio = {
      ...httpDefinition('local', 'http://x'),
      transport: { kind: 'stdio' as const, command: 'x', args: [], env: {}, envVars: [] },
    };
    await expect(loginMcpServer(stdio, { home })).rejects.toThrow('only HTTP servers log in');
    const bearer = httpDefinition('api', server.mcpUrl, { bearerTokenEnvVar: 'API_TOKEN' });
    await expect(loginMcpServer(bearer, { home })).rejects.toThrow('$API_TOKEN (bearer_token_env_var)');
  });

  it('gives up with a clear error when the browser never comes back, and frees the port', async () => {
    const attempt = loginMcpServer(httpDefinition('docs', server.mcpUrl), { home, timeoutMs: 1, callbackPort: 45872 });
    await expect(attempt).rejects.toMatchObject({ code: 'mcp-oauth-timeout' });
    await expect(attempt).rejects.toThrow('No answer came back from the browser');
    // The listener was closed: the same fixed port serves the next login.
    await loginMcpServer(httpDefinition('docs', server.mcpUrl), {
      home,
      callbackPort: 45872,
      openBrowser: followInBrowser,
    });
  });
});
