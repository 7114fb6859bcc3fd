import { randomBytes } from 'node:crypto';
import {
  auth,
  UnauthorizedError,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { McpTransportConfig } from '../mcp-types';
import type { OAuthCredentials, OAuthCredentialStore } from './oauth-credential-store';

type HttpOAuth = Extract<McpTransportConfig, { kind: 'http' }>['oauth'];

/** A login in progress (`trellis mcp login`, Authenticate): where the browser comes back, and what to show it. */
export interface InteractiveLogin {
  redirectUrl: string;
  /** The OAuth `state` the loopback listener will insist on. */
  state: string;
  redirectToAuthorization(url: URL): void | Promise<void>;
}

export interface McpOAuthProviderOptions {
  server: string;
  url: string;
  oauth?: HttpOAuth;
  store: OAuthCredentialStore;
  /** Absent for the connections a session makes: they use stored credentials and never open a browser. */
  login?: InteractiveLogin;
}

/**
 * Thrown (as the SDK's UnauthorizedError, which the transports pass through) when a connection needs a person to
 * log in: nothing stored, or the stored token lapsed and could not be refreshed. The manager shows `needs-auth`.
 */
export class McpNeedsLoginError extends UnauthorizedError {
  constructor(readonly server: string) {
    super(`The MCP server "${server}" needs you to log in: run \`trellis mcp login ${server}\` or press Authenticate.`);
    this.name = 'McpNeedsLoginError';
  }
}

/** Where a session's connections say they would be redirected to; never listened on, as they never redirect. */
const NO_REDIRECT = 'http://127.0.0.1/callback';

/** When to refresh a token lasting `lifetimeMs`: 30 s early, or halfway through a shorter life. */
function refreshTime(lifetimeMs: number): number {
  return Date.now() + lifetimeMs - Math.min(30_000, lifetimeMs / 2);
}

/**
 * The SDK's OAuthClientProvider for one HTTP MCP server. The SDK's `auth()` does discovery, dynamic registration,
 * PKCE and refresh; this keeps what it hands over in the credential store, bound to the server's name and URL, and
 * decides when a person is needed. The PKCE verifier stays in memory: it only lives as long as one login.
 *
 * A token near its expiry is refreshed before it is sent, once for all the requests that want it: the SDK alone
 * refreshes only after a 401, separately for each request that got one, and with a rotating refresh token all but
 * the first of those fail and take the fresh token down with them.
 */
export class McpOAuthProvider implements OAuthClientProvider {
  private credentials?: Promise<OAuthCredentials>;
  private verifier?: string;
  private discovery?: OAuthDiscoveryState;
  private refreshing?: Promise<void>;
  /** Where the last save went, for "the token is stored in …". */
  savedIn?: string;
  validateResourceURL?: (serverUrl: string | URL, resource?: string) => Promise<URL | undefined>;

  constructor(private readonly options: McpOAuthProviderOptions) {
    const resource = options.oauth?.resource;
    // Only when configured (Codex `oauth_resource`): otherwise the SDK checks the server's advertised resource.
    if (resource) this.validateResourceURL = async () => new URL(resource);
  }

  get redirectUrl(): string {
    return this.options.login?.redirectUrl ?? NO_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    const scopes = this.options.oauth?.scopes;
    return {
      client_name: 'Trellis',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // A desktop app keeps no client secret worth the name; PKCE protects the code instead.
      token_endpoint_auth_method: 'none',
      ...(scopes?.length ? { scope: scopes.join(' ') } : {}),
    };
  }

  state(): string {
    return this.options.login?.state ?? randomBytes(32).toString('base64url');
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const stored = (await this.load()).clientInformation;
    const clientId = this.options.oauth?.clientId;
    if (clientId) return stored?.client_id === clientId ? stored : { client_id: clientId };
    if (!this.options.login) {
      // Registering needs a redirect a person can follow: a session's connection leaves that to the login.
      if (!stored) throw new McpNeedsLoginError(this.options.server);
      return stored;
    }
    // Registered for another callback port (the config's port changed, or a free one was picked): register again.
    const registeredFor =
      'redirect_uris' in (stored ?? {}) ? (stored as { redirect_uris: string[] }).redirect_uris : [];
    return stored && registeredFor.includes(this.redirectUrl) ? stored : undefined;
  }

  async saveClientInformation(clientInformation: OAuthClientInformationMixed): Promise<void> {
    await this.update({ clientInformation });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const { tokens, refreshAt } = await this.load();
    if (this.options.login || !tokens?.refresh_token || refreshAt === undefined || Date.now() < refreshAt)
      return tokens;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return (await this.load()).tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const refreshAt = tokens.expires_in === undefined ? undefined : refreshTime(tokens.expires_in * 1000);
    await this.update({ tokens, refreshAt });
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.options.login) throw new McpNeedsLoginError(this.options.server);
    await this.options.login.redirectToAuthorization(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new McpNeedsLoginError(this.options.server);
    return this.verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier' || scope === 'all') this.verifier = undefined;
    if (scope === 'discovery' || scope === 'all') this.discovery = undefined;
    if (scope === 'all') await this.update({ clientInformation: undefined, tokens: undefined, refreshAt: undefined });
    if (scope === 'client') await this.update({ clientInformation: undefined });
    if (scope === 'tokens' && !(await this.adoptNewerTokens()))
      await this.update({ tokens: undefined, refreshAt: undefined });
  }

  /**
   * Another Trellis process (the desktop, a `trellis exec`) may have refreshed the same login meanwhile: a rotating
   * refresh token then fails here because it was spent there. Its new tokens are taken instead of deleted.
   */
  private async adoptNewerTokens(): Promise<boolean> {
    const { server, url, store } = this.options;
    const mine = (await this.load()).tokens;
    const stored = await store.load(server, url);
    if (!mine || !stored?.tokens || stored.tokens.refresh_token === mine.refresh_token) return false;
    this.credentials = Promise.resolve(stored);
    return true;
  }

  /**
   * The SDK's own refresh (auth() with a stored refresh token), run through a view of this provider whose tokens()
   * hands the stored ones over as they are. Failing, it leaves what auth() decided: no tokens, and needs-auth.
   */
  private async refresh(): Promise<void> {
    const view: OAuthClientProvider = {
      redirectUrl: this.redirectUrl,
      clientMetadata: this.clientMetadata,
      state: () => this.state(),
      clientInformation: () => this.clientInformation(),
      saveClientInformation: (info) => this.saveClientInformation(info),
      tokens: async () => (await this.load()).tokens,
      saveTokens: (tokens) => this.saveTokens(tokens),
      redirectToAuthorization: (url) => this.redirectToAuthorization(url),
      saveCodeVerifier: (verifier) => this.saveCodeVerifier(verifier),
      codeVerifier: () => this.codeVerifier(),
      invalidateCredentials: (scope) => this.invalidateCredentials(scope),
      discoveryState: () => this.discoveryState(),
      saveDiscoveryState: (state) => this.saveDiscoveryState(state),
      ...(this.validateResourceURL ? { validateResourceURL: this.validateResourceURL } : {}),
    };
    await auth(view, { serverUrl: this.options.url });
  }

  private load(): Promise<OAuthCredentials> {
    const { server, url, store } = this.options;
    this.credentials ??= store.load(server, url).then((found) => found ?? { server, url });
    return this.credentials;
  }

  private async update(change: Partial<OAuthCredentials>): Promise<void> {
    const next = { ...(await this.load()), ...change };
    this.credentials = Promise.resolve(next);
    this.savedIn = await this.options.store.save(next);
  }
}
