import type { ApprovalPolicy, ReasoningEffort, SandboxMode, Verbosity, WireApi } from './config-schema';
import type { ModelPrice } from './model-prices';

/** The effective configuration: file, selected profile and `-c` overrides layered, defaults filled in. Codex's key names. */
export interface TrellisConfig {
  model?: string;
  model_provider: string;
  /** The profile that was applied, if any. */
  profile?: string;
  approval_policy: ApprovalPolicy;
  sandbox_mode: SandboxMode;
  sandbox_workspace_write: {
    writable_roots: string[];
    network_access: boolean;
    exclude_tmpdir_env_var: boolean;
    exclude_slash_tmp: boolean;
  };
  /** ▲ Trellis: `[crew]` hooks, shell commands run in a task's worktree before and after its subagent. */
  crew: { pre_task: string[]; post_task: string[]; max_added_file_kb: number };
  /** ▲ Trellis: `[sandbox]`. */
  sandbox: {
    deny_read: string[];
    default_deny_read: boolean;
    allow_hosts: string[];
    /** Unset: the sandbox's defaults (DEFAULT_SANDBOX_LIMITS). */
    max_processes?: number;
    max_memory_mb?: number;
  };
  shell_environment_policy: {
    inherit: 'all' | 'core' | 'none';
    ignore_default_excludes: boolean;
    exclude: string[];
    set: Record<string, string>;
    include_only: string[];
    experimental_use_profile: boolean;
  };
  project_doc_max_bytes: number;
  /** ▲ Trellis: past it a model's stream is stopped and the turn fails (default 8 MiB). */
  model_max_response_bytes: number;
  /** ▲ Trellis: message deltas logged per response (default 1 MiB); the completed message is always logged. */
  session_log_max_delta_bytes: number;
  /** ▲ Trellis: one command's streamed output logged (default 1 MiB): head, then "… N MB omitted …" and the tail. */
  session_log_max_exec_output_bytes: number;
  project_doc_fallback_filenames: string[];
  project_root_markers: string[];
  /** Built-in providers with the user's tables merged over them, plus the user's own. */
  model_providers: Record<string, ModelProviderConfig>;
  mcp_servers: Record<string, McpServerConfig>;
  /** Codex's inline `[hooks]`: events (read by core/hooks/formats/codex-hooks.ts) and `state` (per-hook trust and switches). */
  hooks?: Record<string, unknown>;
  /** The loopback port an MCP OAuth login listens on (a pre-registered client needs a fixed redirect); free when unset. */
  mcp_oauth_callback_port?: number;
  /** Where MCP OAuth tokens are kept: `auto` (keychain on the desktop, else a file), `file`, or `keyring` only. */
  mcp_oauth_credentials_store?: 'auto' | 'file' | 'keyring';
  agents: {
    max_threads: number;
    max_depth: number;
    job_max_runtime_seconds?: number;
    /** `[agents.<role>]` tables. */
    roles: Record<string, AgentRoleConfig>;
  };
  model_reasoning_effort?: ReasoningEffort;
  model_verbosity?: Verbosity;
  developer_instructions?: string;
  /** Tokens the model's context window holds, when Trellis does not know the model's. */
  model_context_window?: number;
  /** Past this many tokens in the next request, the conversation is compacted first (default: 75 % of the window). */
  model_auto_compact_token_limit?: number;
  /** The request for a compaction's summary, in the person's words. */
  compact_prompt?: string;
  instructions?: string;
  /** Built-in prices with `[model_prices]` merged over them. */
  model_prices: Record<string, ModelPrice>;
  budgets: { max_turns?: number; max_tokens?: number; max_cost_usd?: number };
}

export interface ModelProviderConfig {
  name: string;
  base_url: string;
  wire_api: WireApi;
  env_key?: string;
  experimental_bearer_token?: string;
  requires_openai_auth: boolean;
  request_max_retries: number;
  stream_max_retries: number;
  stream_idle_timeout_ms: number;
  http_headers: Record<string, string>;
  /** Header name → environment variable holding its value. */
  env_http_headers: Record<string, string>;
  query_params: Record<string, string>;
}

interface McpServerCommon {
  enabled: boolean;
  required: boolean;
  /** Default 30; Codex's older `startup_timeout_ms` is read into it. */
  startup_timeout_sec: number;
  /** Default 120. */
  tool_timeout_sec: number;
  enabled_tools?: string[];
  disabled_tools: string[];
  /** Default true: the server's tools may be called concurrently. */
  supports_parallel_tool_calls: boolean;
  default_tools_approval_mode?: McpToolApprovalMode;
  tools: Record<string, { approval_mode?: McpToolApprovalMode }>;
}

export type McpToolApprovalMode = 'auto' | 'prompt' | 'writes' | 'approve';

export type McpServerConfig =
  | (McpServerCommon & {
      transport: 'stdio';
      command: string;
      args: string[];
      env: Record<string, string>;
      /** Names of variables passed through from Trellis's environment (`source = "remote"` entries are dropped with a warning). */
      env_vars: string[];
      cwd?: string;
      /** ▲ Trellis: the person runs this server outside the session's sandbox (default false). */
      trusted_outside_sandbox: boolean;
    })
  | (McpServerCommon & {
      transport: 'streamable_http';
      url: string;
      bearer_token_env_var?: string;
      http_headers: Record<string, string>;
      env_http_headers: Record<string, string>;
      scopes?: string[];
      /** A client id registered beforehand; without it OAuth registers one dynamically. */
      oauth?: { client_id?: string };
      /** The OAuth resource indicator (RFC 8707) asked for. */
      oauth_resource?: string;
    });

export interface AgentRoleConfig {
  description?: string;
  config_file?: string;
  nickname_candidates?: string[];
}

export interface LoadedConfig {
  config: TrellisConfig;
  /** One line each, e.g. ignored Codex keys, with file and line. */
  warnings: string[];
  /** The config file read, or null when there was none. */
  file: string | null;
}
