import type { McpServerConfig } from '../config/config-types';
import type { McpServerDefinition, McpServerSource } from './mcp-types';

/** One `[mcp_servers.<name>]` table of the loaded config (defaults filled in) as a server definition. */
export function codexServerDefinition(
  name: string,
  server: McpServerConfig,
  source: McpServerSource,
): McpServerDefinition {
  const oauth = server.transport === 'streamable_http' ? oauthOf(server) : undefined;
  return {
    name,
    source,
    transport:
      server.transport === 'stdio'
        ? {
            kind: 'stdio',
            command: server.command,
            args: server.args,
            env: server.env,
            envVars: server.env_vars,
            ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
          }
        : {
            kind: 'http',
            url: server.url,
            headers: server.http_headers,
            envHeaders: server.env_http_headers,
            ...(server.bearer_token_env_var !== undefined ? { bearerTokenEnvVar: server.bearer_token_env_var } : {}),
            ...(oauth ? { oauth } : {}),
          },
    enabled: server.enabled,
    required: server.required,
    startupTimeoutMs: Math.round(server.startup_timeout_sec * 1000),
    toolTimeoutMs: Math.round(server.tool_timeout_sec * 1000),
    ...(server.enabled_tools !== undefined ? { enabledTools: server.enabled_tools } : {}),
    disabledTools: server.disabled_tools,
    defaultApprovalMode: server.default_tools_approval_mode ?? 'auto',
    toolApprovalModes: Object.fromEntries(
      Object.entries(server.tools).flatMap(([tool, t]) => (t.approval_mode ? [[tool, t.approval_mode]] : [])),
    ),
    parallelToolCalls: server.supports_parallel_tool_calls,
    // Only the person's config.toml can say so: a repository's or Kiro's file never takes a server out of the sandbox.
    trustedOutsideSandbox: server.transport === 'stdio' && server.trusted_outside_sandbox,
  };
}

function oauthOf(
  server: Extract<McpServerConfig, { transport: 'streamable_http' }>,
): { scopes?: string[]; clientId?: string; resource?: string } | undefined {
  const oauth = {
    ...(server.scopes !== undefined ? { scopes: server.scopes } : {}),
    ...(server.oauth?.client_id !== undefined ? { clientId: server.oauth.client_id } : {}),
    ...(server.oauth_resource !== undefined ? { resource: server.oauth_resource } : {}),
  };
  return Object.keys(oauth).length ? oauth : undefined;
}
