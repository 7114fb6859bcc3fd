import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * For tests only: an OAuth authorization server and an MCP server it protects, on one loopback origin, built from
 * the SDK's own server-side auth (mcpAuthRouter, requireBearerAuth) over express. Its authorization endpoint approves
 * at once, so a test plays the browser by following redirects with fetch. Access tokens can be made to lapse on
 * demand, so refresh is tested without waiting for a clock.
 */

// express ships no types and @types/express is not installed; these are the few calls made here.
type Handler = (req: http.IncomingMessage & { auth?: AuthInfo }, res: http.ServerResponse, next: () => void) => void;
interface ExpressApp {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(handler: unknown): void;
  all(path: string, ...handlers: unknown[]): void;
}
const express = createRequire(import.meta.url)('express') as () => ExpressApp;

interface IssuedCode {
  client: OAuthClientInformationFull;
  params: AuthorizationParams;
}

interface Grant {
  clientId: string;
  scopes: string[];
  resource?: URL;
}

class ApprovingProvider implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly codes = new Map<string, IssuedCode>();
  readonly accessTokens = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, Grant>();
  /** Grant types in the order the token endpoint saw them: 'authorization_code' | 'refresh_token'. */
  readonly tokenRequests: string[] = [];
  /** The `resource` each authorization asked for. */
  readonly resources: (string | undefined)[] = [];

  /** `expires_in` of the tokens issued; the server itself accepts them until they are made to lapse. */
  constructor(private readonly tokenLifetimeSeconds: number) {}

  readonly clientsStore = {
    getClient: (id: string) => this.clients.get(id),
    registerClient: (client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>) => {
      const full = { ...client, client_id: randomUUID(), client_id_issued_at: Math.floor(Date.now() / 1000) };
      this.clients.set(full.client_id, full);
      return full;
    },
  };

  async authorize(
    client: OAuthClientInformationFull,
    params: AuthorizationParams,
    res: { redirect(url: string): void },
  ): Promise<void> {
    const code = randomUUID();
    this.codes.set(code, { client, params });
    this.resources.push(params.resource?.href);
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(target.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const issued = this.codes.get(code);
    if (!issued) throw new InvalidGrantError('unknown authorization code');
    return issued.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const issued = this.codes.get(code);
    if (!issued || issued.client.client_id !== client.client_id)
      throw new InvalidGrantError('unknown authorization code');
    this.codes.delete(code);
    this.tokenRequests.push('authorization_code');
    return this.issue({
      clientId: client.client_id,
      scopes: issued.params.scopes ?? [],
      resource: issued.params.resource,
    });
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('unknown refresh token');
    this.refreshTokens.delete(refreshToken);
    this.tokenRequests.push('refresh_token');
    return this.issue(grant);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const grant = this.accessTokens.get(token);
    if (!grant) throw new InvalidTokenError('unknown or lapsed access token');
    return { token, ...grant, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
  }

  private issue(grant: Grant): OAuthTokens {
    const access = randomUUID();
    const refresh = randomUUID();
    this.accessTokens.set(access, grant);
    this.refreshTokens.set(refresh, grant);
    return {
      access_token: access,
      token_type: 'bearer',
      expires_in: this.tokenLifetimeSeconds,
      refresh_token: refresh,
    };
  }
}

export interface TestOAuthServer {
  /** The protected MCP endpoint. */
  mcpUrl: string;
  provider: ApprovingProvider;
  /** Every Authorization header the MCP endpoint received. */
  bearerTokens: string[];
  /** Makes every access token lapse, as a clock would: the next request answers 401. */
  expireAccessTokens(): void;
  /** Makes refresh impossible too: the next connection needs a person to log in. */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'protected-test-server', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Says the call was authorized' }, async (extra) => ({
    content: [{ type: 'text', text: `authorized client ${extra.authInfo?.clientId ?? 'none'}` }],
  }));
  return server;
}

/**
 * Starts the authorization server and the protected MCP server on 127.0.0.1 and a free port. `tokenLifetimeSeconds`
 * is what the tokens say of themselves (0: lapsed by the clock at once, so the client refreshes before each use).
 */
export async function startTestOAuthServer({ tokenLifetimeSeconds = 3600 } = {}): Promise<TestOAuthServer> {
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL('/mcp', origin);
  const provider = new ApprovingProvider(tokenLifetimeSeconds);
  const bearerTokens: string[] = [];

  app.use(mcpAuthRouter({ provider, issuerUrl: new URL(origin), resourceServerUrl: mcpUrl, scopesSupported: ['mcp'] }));
  const record: Handler = (req, _res, next) => {
    if (req.headers.authorization) bearerTokens.push(req.headers.authorization.replace(/^Bearer /i, ''));
    next();
  };
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
    expectedResource: mcpUrl,
  });
  // Stateless: one server and transport per request, so no session outlives a lapsed token.
  const serve: Handler = (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const mcp = mcpServer();
    res.on('close', () => void mcp.close());
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  };
  app.all('/mcp', record, bearer, serve);

  return {
    mcpUrl: mcpUrl.href,
    provider,
    bearerTokens,
    expireAccessTokens: () => provider.accessTokens.clear(),
    revokeRefreshTokens: () => provider.refreshTokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
