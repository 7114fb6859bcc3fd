import os from 'node:os';
import type { TrellisConfig } from '../config/config-types';
import type { SecretStore } from '../config/secret-store';
import type { Executor } from '../sandbox/executor';
import type { ProjectTrust } from '../config/project-trust';
import { loadMcpDefinitions } from './mcp-definitions';
import { McpSessionServers } from './mcp-session-servers';

export interface SessionMcpOptions {
  home: string;
  cwd: string;
  config: TrellisConfig;
  env: NodeJS.ProcessEnv;
  /** The session's sandbox: stdio servers run under it unless the person marked one trusted. */
  executor: Executor;
  secrets?: SecretStore;
  appVersion?: string;
  /** `trellis exec --ignore-user-config`: nor is `~/.kiro/settings/mcp.json` read. */
  ignoreUserConfig?: boolean;
  /** The session's trust (sessionTrust: read once for its hooks and MCP servers; null: no repository). */
  trust?: ProjectTrust | null;
  /** The definitions' diagnostics (a broken mcp.json, a name defined twice), one line each. */
  onWarning(warning: string): void;
}

/**
 * The MCP servers of a session that brings its own (exec, crew): the definitions read, the manager created, and
 * the servers started at once, in parallel with the rest of the session's preparation. A repository's servers
 * stay untrusted (not started) until the person trusts it; each says so in the log.
 */
export async function startSessionMcp(options: SessionMcpOptions): Promise<McpSessionServers | undefined> {
  const definitions = await loadMcpDefinitions({
    home: options.home,
    cwd: options.cwd,
    userHome: os.homedir(),
    config: options.config,
    env: options.env,
    ignoreUserConfig: options.ignoreUserConfig,
    trust: options.trust,
  });
  // The untrusted servers are said once each by the session's mcp.server events.
  for (const line of definitions.diagnostics) if (line !== definitions.untrustedNotice) options.onWarning(line);
  if (!definitions.servers.length) return undefined;
  // The SDK's client is loaded only by sessions that have servers to run.
  const [{ createMcpManager }, { sandboxedStdioTransport }, { mcpAuthProvider }] = await Promise.all([
    import('./mcp-manager'),
    import('./sandboxed-stdio-transport'),
    import('./oauth/mcp-login'),
  ]);
  const manager = createMcpManager({
    servers: definitions.servers,
    env: options.env,
    stdioTransport: sandboxedStdioTransport(options.executor, { cwd: options.cwd, baseEnv: options.env }),
    authProvider: (definition) => mcpAuthProvider(definition, { home: options.home, secrets: options.secrets }),
    clientInfo: { name: 'trellis', version: options.appVersion ?? '0' },
    repositoryTrusted: definitions.repositoryTrusted,
  });
  return new McpSessionServers(manager, true);
}
