import { z } from 'zod';
import { EXPECTED_INTEGER } from './config-keys';
import { parseHostPattern } from '../sandbox/network-proxy/host-allowlist';

/**
 * The shape of config.toml as written: Codex's key names (codex-compat §2) plus Trellis's own
 * `[model_prices]` and `[budgets]`. Every key is optional here; defaults are filled in after
 * profiles and `-c` overrides are layered (load-config.ts), so a profile only carries what it changes.
 */

export const APPROVAL_POLICIES = ['untrusted', 'on-request', 'on-failure', 'never'] as const;
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;
export const WIRE_APIS = ['responses', 'chat', 'anthropic'] as const;
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export const VERBOSITIES = ['low', 'medium', 'high'] as const;
export const ENV_INHERIT = ['all', 'core', 'none'] as const;
export const MCP_TOOL_APPROVAL_MODES = ['auto', 'prompt', 'writes', 'approve'] as const;

export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];
export type SandboxMode = (typeof SANDBOX_MODES)[number];
export type WireApi = (typeof WIRE_APIS)[number];
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
export type Verbosity = (typeof VERBOSITIES)[number];

const stringMap = z.record(z.string(), z.string());
const stringList = z.array(z.string());
const int = () => z.int({ error: (issue) => (issue.code === 'invalid_type' ? EXPECTED_INTEGER : undefined) });
const count = int().min(0);
const positiveInt = int().min(1);
const retries = int().min(0).max(100);
const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'expected an http(s) URL');

/** `github.com`, `*.npmjs.org`, `10.0.0.7:8080`: checked here so a typo names its line. */
const hostPattern = z.string().superRefine((value, ctx) => {
  try {
    parseHostPattern(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const ModelProviderSchema = z.strictObject({
  name: z.string().min(1).optional(),
  base_url: httpUrl.optional(),
  wire_api: z.enum(WIRE_APIS).optional(),
  env_key: z.string().min(1).optional(),
  experimental_bearer_token: z.string().min(1).optional(),
  requires_openai_auth: z.boolean().optional(),
  request_max_retries: retries.optional(),
  stream_max_retries: retries.optional(),
  stream_idle_timeout_ms: positiveInt.optional(),
  http_headers: stringMap.optional(),
  env_http_headers: stringMap.optional(),
  query_params: stringMap.optional(),
});

const STDIO_ONLY = ['args', 'env', 'env_vars', 'cwd', 'trusted_outside_sandbox'] as const;
const HTTP_ONLY = [
  'bearer_token_env_var',
  'http_headers',
  'env_http_headers',
  'scopes',
  'oauth',
  'oauth_resource',
] as const;

/** Codex `env_vars`: a name, or `{ name, source }` where `remote` names a variable of a remote executor. */
const envVar = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), source: z.enum(['local', 'remote']).optional() }),
]);

export const McpServerSchema = z
  .strictObject({
    command: z.string().min(1).optional(),
    args: stringList.optional(),
    env: stringMap.optional(),
    env_vars: z.array(envVar).optional(),
    cwd: z.string().optional(),
    // ▲ Trellis: run this stdio server as a plain process, outside the session's sandbox (the person's own config only).
    trusted_outside_sandbox: z.boolean().optional(),
    url: httpUrl.optional(),
    bearer_token_env_var: z.string().min(1).optional(),
    // Codex rejects a literal token too; named here only to give a better message than "unknown key".
    bearer_token: z.unknown().optional(),
    http_headers: stringMap.optional(),
    env_http_headers: stringMap.optional(),
    scopes: stringList.optional(),
    oauth: z.strictObject({ client_id: z.string().min(1).optional() }).optional(),
    oauth_resource: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
    required: z.boolean().optional(),
    startup_timeout_sec: z.number().positive().optional(),
    startup_timeout_ms: positiveInt.optional(),
    tool_timeout_sec: z.number().positive().optional(),
    enabled_tools: stringList.optional(),
    disabled_tools: stringList.optional(),
    supports_parallel_tool_calls: z.boolean().optional(),
    default_tools_approval_mode: z.enum(MCP_TOOL_APPROVAL_MODES).optional(),
    tools: z
      .record(z.string(), z.strictObject({ approval_mode: z.enum(MCP_TOOL_APPROVAL_MODES).optional() }))
      .optional(),
  })
  .superRefine((server, ctx) => {
    if (server.bearer_token !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bearer_token'],
        message: 'not supported; put the token in an environment variable and name it in bearer_token_env_var',
      });
    }
    if (server.command === undefined && server.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'needs command (stdio server) or url (streamable HTTP server)',
      });
    } else if (server.command !== undefined && server.url !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'set either command (stdio) or url (streamable HTTP), not both',
      });
    } else {
      const wrong = server.url !== undefined ? STDIO_ONLY : HTTP_ONLY;
      for (const key of wrong) {
        if (server[key] !== undefined) {
          const kind = server.url !== undefined ? 'stdio servers (command)' : 'streamable HTTP servers (url)';
          ctx.addIssue({ code: 'custom', path: [key], message: `only applies to ${kind}` });
        }
      }
    }
  });

export const AgentRoleSchema = z.strictObject({
  description: z.string().optional(),
  config_file: z.string().min(1).optional(),
  nickname_candidates: stringList.optional(),
});

const AgentsSchema = z
  .object({
    max_threads: positiveInt.optional(),
    max_depth: count.optional(),
    job_max_runtime_seconds: positiveInt.optional(),
  })
  .catchall(AgentRoleSchema);

const price = z.number().min(0);
export const ModelPriceSchema = z.strictObject({
  input_per_mtok: price.optional(),
  cached_input_per_mtok: price.optional(),
  output_per_mtok: price.optional(),
});

const bodyShape = {
  model: z.string().min(1).optional(),
  model_provider: z.string().min(1).optional(),
  approval_policy: z.enum(APPROVAL_POLICIES).optional(),
  sandbox_mode: z.enum(SANDBOX_MODES).optional(),
  sandbox_workspace_write: z
    .strictObject({
      writable_roots: stringList.optional(),
      network_access: z.boolean().optional(),
      exclude_tmpdir_env_var: z.boolean().optional(),
      exclude_slash_tmp: z.boolean().optional(),
    })
    .optional(),
  // ▲ Trellis: paths hidden even from reads, and the hosts reachable through the network proxy, in every sandboxed mode.
  sandbox: z
    .strictObject({
      deny_read: stringList.optional(),
      default_deny_read: z.boolean().optional(),
      allow_hosts: z.array(hostPattern).optional(),
      // Limits for each sandboxed command (0: none); defaults in sandbox/sandbox-policy.ts.
      max_processes: count.optional(),
      max_memory_mb: count.optional(),
    })
    .optional(),
  // ▲ Trellis: commands run in each crew task's worktree (inside its sandbox) before and after its subagent;
  // files a task adds past max_added_file_kb (or binary) are flagged and, headless, not merged silently.
  crew: z
    .strictObject({
      pre_task: stringList.optional(),
      post_task: stringList.optional(),
      max_added_file_kb: positiveInt.optional(),
    })
    .optional(),
  shell_environment_policy: z
    .strictObject({
      inherit: z.enum(ENV_INHERIT).optional(),
      ignore_default_excludes: z.boolean().optional(),
      exclude: stringList.optional(),
      set: stringMap.optional(),
      include_only: stringList.optional(),
      experimental_use_profile: z.boolean().optional(),
    })
    .optional(),
  project_doc_max_bytes: count.optional(),
  // ▲ Trellis: what one model response may weigh, and what the session log keeps of streamed deltas and command output.
  model_max_response_bytes: positiveInt.optional(),
  session_log_max_delta_bytes: count.optional(),
  session_log_max_exec_output_bytes: count.optional(),
  project_doc_fallback_filenames: z.array(z.string().min(1)).optional(),
  project_root_markers: z.array(z.string().min(1)).optional(),
  model_providers: z.record(z.string(), ModelProviderSchema).optional(),
  mcp_servers: z.record(z.string(), McpServerSchema).optional(),
  // Codex's inline hooks (`[hooks.<Event>]`) and `[hooks.state]`: checked by core/hooks/formats, which names each bad entry.
  hooks: z.record(z.string(), z.unknown()).optional(),
  mcp_oauth_callback_port: positiveInt.max(65535).optional(),
  mcp_oauth_credentials_store: z.enum(['auto', 'file', 'keyring']).optional(),
  agents: AgentsSchema.optional(),
  model_reasoning_effort: z.enum(REASONING_EFFORTS).optional(),
  model_verbosity: z.enum(VERBOSITIES).optional(),
  developer_instructions: z.string().optional(),
  model_context_window: positiveInt.optional(),
  model_auto_compact_token_limit: positiveInt.optional(),
  compact_prompt: z.string().min(1).optional(),
  instructions: z.string().optional(),
  model_prices: z.record(z.string(), ModelPriceSchema).optional(),
  budgets: z
    .strictObject({
      max_turns: positiveInt.optional(),
      max_tokens: positiveInt.optional(),
      max_cost_usd: z.number().positive().optional(),
    })
    .optional(),
};

/** A `[profiles.X]` table: any top-level key except `profile` and `profiles`. */
export const ProfileSchema = z.strictObject(bodyShape);

export const RawConfigSchema = z.strictObject({
  ...bodyShape,
  profile: z.string().min(1).optional(),
  profiles: z.record(z.string(), ProfileSchema).optional(),
});

export { AGENT_SETTINGS, EXPECTED_INTEGER, IGNORED_CODEX_KEYS } from './config-keys';

export type RawConfig = z.infer<typeof RawConfigSchema>;
export type RawProfile = z.infer<typeof ProfileSchema>;
