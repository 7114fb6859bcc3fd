/**
 * Key names and messages shared by the schema and the loader, kept apart from
 * the zod schema so loading a config (or finding none) does not load zod
 * until there is something to validate.
 */

/** `[agents]` holds three settings; every other key is a `[agents.<role>]` table. */
export const AGENT_SETTINGS = ['max_threads', 'max_depth', 'job_max_runtime_seconds'] as const;

/** zod reports a string given to z.int() as "expected number"; this message marks the issue as the integer kind. */
export const EXPECTED_INTEGER = 'expected an integer';

/**
 * Codex keys Trellis knowingly does not implement: a warning, not an error, so a Codex config loads.
 * Top-level names also apply inside `[profiles.X]`; any other `experimental_*` top-level key counts too.
 */
export const IGNORED_CODEX_KEYS = {
  top: new Set([
    'notify',
    'model_reasoning_summary',
    'model_reasoning_summary_format',
    'model_supports_reasoning_summaries',
    'model_max_output_tokens',
    'tool_output_token_limit',
    'review_model',
    'oss_provider',
    'tui',
    'history',
    'features',
    'windows',
    'hide_agent_reasoning',
    'show_raw_agent_reasoning',
    'file_opener',
    'otel',
    'analytics',
    'feedback',
    'disable_response_storage',
    'openai_base_url',
    'chatgpt_base_url',
    'preferred_auth_method',
    'forced_login_method',
    'forced_chatgpt_workspace_id',
    'cli_auth_credentials_store',
    'tools',
    'web_search',
    'tools_web_search_request',
    'check_for_update_on_startup',
    'model_catalog_json',
    'model_instructions_file',
    'include_apply_patch_tool',
    'permissions',
    'default_permissions',
    'personality',
    'skills',
    'notice',
    'log_dir',
    'sqlite_home',
    'zsh_path',
    'memories',
    'apps',
    'ghost_snapshot',
    'shell_snapshot',
    'suppress_unstable_features_warning',
    'background_terminal_max_timeout',
    'plan_mode_reasoning_effort',
    'approvals_reviewer',
    'use_experimental_streamable_shell_tool',
    'use_experimental_reasoning_summary',
    'rules',
  ]),
  model_provider: new Set(['env_key_instructions', 'supports_websockets', 'websocket_connect_timeout_ms', 'auth']),
  mcp_server: new Set(['experimental_environment']),
};
