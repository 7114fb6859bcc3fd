import { isTable, type Table } from './config-overrides';
import type { RawProfile } from './config-schema';
import type { McpServerConfig } from './config-types';
import type { KeyPath } from './toml-keys';

/** Codex's defaults (codex-rs/config/src/mcp_types.rs): 30 s to start, 120 s per tool call. */
export const MCP_DEFAULT_STARTUP_TIMEOUT_SEC = 30;
export const MCP_DEFAULT_TOOL_TIMEOUT_SEC = 120;

type RawMcpServer = NonNullable<RawProfile['mcp_servers']>[string];

/**
 * `env_vars = [{ name = "X", source = "remote" }]` names a variable of Codex's remote executor; Trellis runs
 * servers on this machine only, so such an entry is dropped with a warning rather than read from here.
 */
export function stripRemoteEnvVars(
  entry: Table,
  keyPath: KeyPath,
  warn: (keyPath: KeyPath, text: string) => void,
): void {
  if (!Array.isArray(entry.env_vars)) return;
  entry.env_vars = entry.env_vars.filter((item: unknown, index: number) => {
    if (!isTable(item) || item.source !== 'remote') return true;
    warn([...keyPath, 'env_vars', index], 'source = "remote" is not supported by Trellis; ignored');
    return false;
  });
}

/** One validated `[mcp_servers.<name>]` table with Codex's defaults filled in. */
export function mcpServer(raw: RawMcpServer): McpServerConfig {
  const common = {
    enabled: raw.enabled ?? true,
    required: raw.required ?? false,
    // startup_timeout_ms is Codex's older spelling.
    startup_timeout_sec:
      raw.startup_timeout_sec ??
      (raw.startup_timeout_ms !== undefined ? raw.startup_timeout_ms / 1000 : MCP_DEFAULT_STARTUP_TIMEOUT_SEC),
    tool_timeout_sec: raw.tool_timeout_sec ?? MCP_DEFAULT_TOOL_TIMEOUT_SEC,
    ...(raw.enabled_tools !== undefined ? { enabled_tools: raw.enabled_tools } : {}),
    disabled_tools: raw.disabled_tools ?? [],
    supports_parallel_tool_calls: raw.supports_parallel_tool_calls ?? true,
    ...(raw.default_tools_approval_mode !== undefined
      ? { default_tools_approval_mode: raw.default_tools_approval_mode }
      : {}),
    tools: raw.tools ?? {},
  };
  if (raw.url !== undefined) {
    return {
      ...common,
      transport: 'streamable_http',
      url: raw.url,
      ...(raw.bearer_token_env_var !== undefined ? { bearer_token_env_var: raw.bearer_token_env_var } : {}),
      http_headers: raw.http_headers ?? {},
      env_http_headers: raw.env_http_headers ?? {},
      ...(raw.scopes !== undefined ? { scopes: raw.scopes } : {}),
      ...(raw.oauth !== undefined ? { oauth: raw.oauth } : {}),
      ...(raw.oauth_resource !== undefined ? { oauth_resource: raw.oauth_resource } : {}),
    };
  }
  return {
    ...common,
    transport: 'stdio',
    command: raw.command!,
    args: raw.args ?? [],
    env: raw.env ?? {},
    env_vars: (raw.env_vars ?? []).map((item) => (typeof item === 'string' ? item : item.name)),
    ...(raw.cwd !== undefined ? { cwd: raw.cwd } : {}),
    trusted_outside_sandbox: raw.trusted_outside_sandbox ?? false,
  };
}
