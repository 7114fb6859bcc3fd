import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServerDefinition, McpTransportConfig } from '../../mcp-types';
import { mcpAuthProvider, type McpOAuthStorage } from '../mcp-login';

type HttpTransport = Extract<McpTransportConfig, { kind: 'http' }>;

/** For tests only: an HTTP server's definition as the readers would produce it from `url = "…"`. */
export function httpDefinition(name: string, url: string, extra: Partial<HttpTransport> = {}): McpServerDefinition {
  return {
    name,
    source: { format: 'codex-toml', scope: 'user', file: '/home/me/.trellis/config.toml' },
    transport: { kind: 'http', url, headers: {}, envHeaders: {}, ...extra },
    enabled: true,
    required: false,
    startupTimeoutMs: 10_000,
    toolTimeoutMs: 10_000,
    disabledTools: [],
    defaultApprovalMode: 'auto',
    toolApprovalModes: {},
    parallelToolCalls: true,
    trustedOutsideSandbox: false,
  };
}

/**
 * Plays the person's browser: opens the authorization URL and follows its redirects, the last one to the loopback
 * listener. Returns each response's status, in order.
 */
export async function followInBrowser(url: string): Promise<number[]> {
  const statuses: number[] = [];
  let next: string | undefined = url;
  while (next && statuses.length < 5) {
    const res: Response = await fetch(next, { redirect: 'manual' });
    statuses.push(res.status);
    await res.text();
    const location = res.headers.get('location');
    next = location ? new URL(location, next).href : undefined;
  }
  return statuses;
}

/** A session's connection: the SDK client over Streamable HTTP with Trellis's stored-credentials provider. */
export async function connectWithStoredLogin(
  definition: McpServerDefinition,
  storage: McpOAuthStorage,
): Promise<Client> {
  if (definition.transport.kind !== 'http') throw new Error('an HTTP definition is needed');
  const client = new Client({ name: 'trellis-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(definition.transport.url), {
    authProvider: mcpAuthProvider(definition, storage),
  });
  await client.connect(transport);
  return client;
}
