import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ExpectedFailure } from '../errors/expected-failure';
import type { McpTransportConfig } from './mcp-types';

type HttpConfig = Extract<McpTransportConfig, { kind: 'http' }>;

/** A server that needs OAuth (or a token) before it answers: the state `needs-auth`, not a failure. */
export class McpNeedsAuth extends ExpectedFailure {
  constructor(server: string, options?: ErrorOptions) {
    super('mcp-needs-auth', `MCP server ${server} needs authentication: run \`trellis mcp login ${server}\`.`, options);
  }
}

/**
 * The headers every request carries: the fixed ones, those read from the environment (`env_http_headers`) and
 * `Authorization: Bearer $bearer_token_env_var`. A variable that is not set is an error naming it, never an empty
 * header. The values are secrets: they go to the server and nowhere else (no log, no error message).
 */
export function httpHeaders(server: string, config: HttpConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = { ...config.headers };
  const read = (variable: string, what: string) => {
    const value = env[variable];
    if (!value)
      throw new ExpectedFailure(
        'mcp-missing-env',
        `MCP server ${server}: the environment variable ${variable} (${what}) is not set.`,
      );
    return value;
  };
  for (const [header, variable] of Object.entries(config.envHeaders)) {
    headers[header] = read(variable, `env_http_headers.${header}`);
  }
  if (config.bearerTokenEnvVar)
    headers.Authorization = `Bearer ${read(config.bearerTokenEnvVar, 'bearer_token_env_var')}`;
  return headers;
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof StreamableHTTPError || err instanceof SseError) return err.code;
  return undefined;
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof UnauthorizedError || statusOf(err) === 401;
}

/** fetch's own failure (refused, reset, no route): the HTTP server is gone, not refusing one request. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'fetch failed';
}

/** `fetch failed` says nothing; its cause (ECONNREFUSED 127.0.0.1:3001) says what happened. */
export function unreachableReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

export interface HttpConnectOptions {
  server: string;
  config: HttpConfig;
  env: NodeJS.ProcessEnv;
  authProvider?: OAuthClientProvider;
  /** A fresh client per attempt: a client whose connect failed is closed by the SDK. */
  newClient(): Client;
  /** For the initialize request (the manager also bounds the whole start). */
  timeoutMs: number;
}

/**
 * Connects over Streamable HTTP; a server that answers it with a 4xx other than 401 is tried once more over the
 * legacy SSE transport (servers written before 2025-03-26 serve only that). A 401, from either, is `McpNeedsAuth`.
 */
export async function connectHttp(options: HttpConnectOptions): Promise<{ client: Client; transport: Transport }> {
  const { server, config, authProvider, timeoutMs } = options;
  const url = new URL(config.url);
  const requestInit = { headers: httpHeaders(server, config, options.env) };
  const attempt = async (transport: Transport) => {
    const client = options.newClient();
    try {
      await client.connect(transport, { timeout: timeoutMs });
      return { client, transport };
    } catch (err) {
      if (isUnauthorized(err)) throw new McpNeedsAuth(server, { cause: err });
      throw err;
    }
  };
  try {
    return await attempt(new StreamableHTTPClientTransport(url, { requestInit, authProvider }));
  } catch (err) {
    const status = statusOf(err);
    if (status === undefined || status < 400 || status >= 500) throw err;
  }
  return attempt(new SSEClientTransport(url, { requestInit, authProvider }));
}
