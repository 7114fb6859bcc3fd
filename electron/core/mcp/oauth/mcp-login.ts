import { randomBytes } from 'node:crypto';
import { auth, discoverOAuthServerInfo, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { SecretStore } from '../../config/secret-store';
import { ExpectedFailure } from '../../errors/expected-failure';
import type { McpServerDefinition, McpTransportConfig } from '../mcp-types';
import { listenForRedirect } from './loopback-redirect';
import { McpOAuthProvider } from './mcp-oauth-provider';
import { configuredCredentialStore } from './oauth-credential-store';

type HttpTransport = Extract<McpTransportConfig, { kind: 'http' }>;

/** Where OAuth credentials are kept: the Trellis home, and the desktop's keychain when the shell has one. */
export interface McpOAuthStorage {
  home: string;
  secrets?: SecretStore;
}

export interface McpLoginOptions extends McpOAuthStorage {
  /** Config `mcp_oauth_callback_port`; a free port when unset. */
  callbackPort?: number;
  /** How long to wait for the browser to come back (default 5 minutes). */
  timeoutMs?: number;
  /** Told the authorization URL as soon as it is known: the CLI prints it, `trellis serve` shows it as a link. */
  onAuthorizationUrl?: (url: string) => void;
  /** Opens the URL in a browser (Electron's shell.openExternal, xdg-open headless). Optional, and its failure is not
   *  the login's: the URL has been shown. */
  openBrowser?: (url: string) => unknown;
  signal?: AbortSignal;
  /** The fetch the SDK uses for discovery, registration and tokens. */
  fetch?: FetchLike;
}

export interface McpLoginResult {
  server: string;
  /** "the system keychain" or the credential file's path; never the token. */
  storedIn: string;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The HTTP transport of a server that logs in with OAuth, or a clear refusal naming why not. */
function oauthTransport(definition: McpServerDefinition): HttpTransport {
  const { transport, name } = definition;
  if (transport.kind !== 'http') {
    throw new ExpectedFailure(
      'mcp-oauth-not-http',
      `The MCP server "${name}" runs a command; only HTTP servers log in.`,
    );
  }
  if (transport.bearerTokenEnvVar) {
    throw new ExpectedFailure(
      'mcp-oauth-bearer',
      `The MCP server "${name}" takes its token from $${transport.bearerTokenEnvVar} (bearer_token_env_var), not from a login.`,
    );
  }
  return transport;
}

/**
 * The OAuth provider a session's connection to an HTTP server uses (slice B's `authProvider(definition)`): stored
 * tokens, refreshed by the SDK when the server answers 401; never a browser. Undefined for stdio servers and for
 * servers authenticated by a bearer token from the environment.
 */
export function mcpAuthProvider(
  definition: McpServerDefinition,
  storage: McpOAuthStorage,
): OAuthClientProvider | undefined {
  const { transport, name } = definition;
  if (transport.kind !== 'http' || transport.bearerTokenEnvVar) return undefined;
  return new McpOAuthProvider({
    server: name,
    url: transport.url,
    oauth: transport.oauth,
    store: configuredCredentialStore(storage.home, storage.secrets),
  });
}

/**
 * `trellis mcp login NAME`, and Authenticate in the window: discovery, registration (or the configured client id),
 * PKCE, the browser sent to the authorization URL, the code taken on a loopback listener, tokens stored. Always a
 * fresh login: tokens from an earlier one are replaced, the registration kept when it fits this redirect.
 */
export async function loginMcpServer(
  definition: McpServerDefinition,
  options: McpLoginOptions,
): Promise<McpLoginResult> {
  const transport = oauthTransport(definition);
  const state = randomBytes(32).toString('base64url');
  const listener = await listenForRedirect({
    port: options.callbackPort,
    state,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  });
  const provider = new McpOAuthProvider({
    server: definition.name,
    url: transport.url,
    oauth: transport.oauth,
    store: configuredCredentialStore(options.home, options.secrets),
    login: {
      redirectUrl: listener.redirectUrl,
      state,
      redirectToAuthorization: async (url) => {
        // The URL comes from the authorization server's metadata: never hand the browser (or xdg-open, or
        // shell.openExternal) a file:, smb: or app-specific URL a hostile server chose.
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
          throw new ExpectedFailure(
            'mcp-oauth-bad-url',
            `The MCP server "${definition.name}" sent an authorization address that is not a web page (${url.protocol}); it was not opened.`,
          );
        }
        options.onAuthorizationUrl?.(url.href);
        try {
          await options.openBrowser?.(url.href);
        } catch {
          // No browser here (headless, no display): the person opens the URL that was shown.
        }
      },
    },
  });
  const scope = transport.oauth?.scopes?.join(' ') || undefined;
  const failed = (err: unknown) =>
    err instanceof ExpectedFailure
      ? err
      : new ExpectedFailure(
          'mcp-oauth-failed',
          `Logging in to the MCP server "${definition.name}" failed: ${reason(err, transport.url)}`,
          { cause: err },
        );
  try {
    await provider.invalidateCredentials('tokens');
    // Discovered first, so a server with no OAuth gets a sentence rather than its 404 page; auth() reuses it.
    const info = await discoverOAuthServerInfo(transport.url, { fetchFn: options.fetch }).catch((err) => {
      throw failed(err);
    });
    if (!info.authorizationServerMetadata) {
      // Discovery takes an unreachable server for one without OAuth: the server itself tells which it is.
      const probe = await (options.fetch ?? fetch)(transport.url, { signal: AbortSignal.timeout(10_000) }).catch(
        (err: unknown) => {
          throw failed(err);
        },
      );
      await probe.body?.cancel();
      throw new ExpectedFailure(
        'mcp-oauth-unsupported',
        `The MCP server "${definition.name}" offers no OAuth login (no authorization server metadata at ${info.authorizationServerUrl}); it may need no login, or a token through bearer_token_env_var.`,
      );
    }
    provider.saveDiscoveryState(info);
    const started = await auth(provider, { serverUrl: transport.url, scope, fetchFn: options.fetch }).catch((err) => {
      throw failed(err);
    });
    if (started !== 'REDIRECT') throw failed(new Error('the authorization server issued no login'));
    const authorizationCode = await listener.code;
    await auth(provider, { serverUrl: transport.url, scope, authorizationCode, fetchFn: options.fetch }).catch(
      (err) => {
        throw failed(err);
      },
    );
    return { server: definition.name, storedIn: provider.savedIn ?? 'nowhere' };
  } finally {
    await listener.close();
  }
}

/** Why a login failed, in words: fetch's own "fetch failed" says nothing; its cause says what (refused, unknown host). */
function reason(err: unknown, url: string): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  const text =
    err.message === 'fetch failed' && cause ? `${new URL(url).host} could not be reached (${cause})` : err.message;
  // One line, and short: an authorization server's error can carry a whole HTML page.
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** `trellis mcp logout NAME`: forgets the server's registration and tokens. True when there was a login to forget. */
export async function logoutMcpServer(
  definition: McpServerDefinition,
  storage: McpOAuthStorage,
): Promise<{ server: string; removed: boolean }> {
  const transport = oauthTransport(definition);
  const removed = await configuredCredentialStore(storage.home, storage.secrets).remove(definition.name, transport.url);
  return { server: definition.name, removed };
}

/**
 * Authenticate in the window (`mcp.authenticate`): starts the login and answers with the authorization URL as soon
 * as it is known, for the pane to show as a link (`trellis serve`) next to the browser the desktop opened.
 * `finished` settles when the browser came back and the tokens are stored (then reconnect), or the login failed.
 */
export async function beginMcpLogin(
  definition: McpServerDefinition,
  options: McpLoginOptions,
): Promise<{ url: string; finished: Promise<McpLoginResult> }> {
  let announce!: (url: string) => void;
  const known = new Promise<string>((resolve) => (announce = resolve));
  const finished = loginMcpServer(definition, {
    ...options,
    onAuthorizationUrl: (url) => {
      options.onAuthorizationUrl?.(url);
      announce(url);
    },
  });
  // The caller may only look at `finished` later; a failure before then must not be an unhandled rejection.
  finished.catch(() => undefined);
  // A login fails before it has a URL (no such server, nothing to discover) or it gives one: never settles both ways.
  const url = await Promise.race([known, finished.then(() => known)]);
  return { url, finished };
}
