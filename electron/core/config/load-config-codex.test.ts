// loadConfig reading a Codex config.toml: every key it honours, the provider it resolves, and a warning with its
// line for each Codex key it ignores.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config';
import { home } from './load-config-fixtures';
import { resolveProvider } from './model-providers';

describe('loadConfig with a Codex config', () => {
  const CODEX = [
    'model = "gpt-5.1-codex"', // 1
    'model_provider = "mock"', // 2
    'approval_policy = "never"', // 3
    'sandbox_mode = "workspace-write"', // 4
    'model_reasoning_effort = "high"', // 5
    'model_reasoning_summary = "detailed"', // 6
    'notify = ["notify-send", "codex"]', // 7
    'project_doc_max_bytes = 65536', // 8
    'project_doc_fallback_filenames = ["CLAUDE.md"]', // 9
    'hide_agent_reasoning = true', // 10
    '', // 11
    '[model_providers.mock]', // 12
    'name = "x"', // 13
    'base_url = "http://127.0.0.1:9/v1"', // 14
    'wire_api = "responses"', // 15
    'request_max_retries = 0', // 16
    'stream_max_retries = 0', // 17
    '', // 18
    '[sandbox_workspace_write]', // 19
    'writable_roots = ["/opt/cache"]', // 20
    'network_access = true', // 21
    '', // 22
    '[shell_environment_policy]', // 23
    'inherit = "core"', // 24
    'exclude = ["AWS_*"]', // 25
    'set = { CI = "1" }', // 26
    '', // 27
    '[mcp_servers.docs]', // 28
    'command = "npx"', // 29
    'args = ["-y", "docs-mcp"]', // 30
    'env = { LOG = "1" }', // 31
    'startup_timeout_ms = 5000', // 32
    '[mcp_servers.remote]', // 33
    'url = "https://mcp.example.test/mcp"', // 34
    'bearer_token_env_var = "REMOTE_TOKEN"', // 35
    'enabled_tools = ["search"]', // 36
    '[mcp_servers.remote.tools.search]', // 37
    'approval_mode = "approve"', // 38
    '', // 39
    '[agents]', // 40
    'max_threads = 2', // 41
    '[agents.explorer]', // 42
    'description = "read-only questions"', // 43
    '', // 44
    '[tui]', // 45
    'notifications = true', // 46
    '[features]', // 47
    'web_search_request = true', // 48
    '[profiles.ci]', // 49
    'approval_policy = "never"', // 50
    'disable_response_storage = true', // 51
  ];

  it('loads every key it honours and warns about the ones it ignores, with lines', async () => {
    const dir = home(...CODEX);
    const { config, warnings, file } = await loadConfig({ home: dir });
    expect(file).toBe(path.join(dir, 'config.toml'));
    expect(config).toMatchObject({
      model: 'gpt-5.1-codex',
      model_provider: 'mock',
      approval_policy: 'never',
      sandbox_mode: 'workspace-write',
      model_reasoning_effort: 'high',
      project_doc_max_bytes: 65536,
      project_doc_fallback_filenames: ['CLAUDE.md'],
      sandbox_workspace_write: { writable_roots: ['/opt/cache'], network_access: true },
      shell_environment_policy: {
        inherit: 'core',
        exclude: ['AWS_*'],
        set: { CI: '1' },
        ignore_default_excludes: false,
      },
      agents: { max_threads: 2, max_depth: 1, roles: { explorer: { description: 'read-only questions' } } },
    });
    expect(config.model_providers.mock).toEqual({
      name: 'x',
      base_url: 'http://127.0.0.1:9/v1',
      wire_api: 'responses',
      requires_openai_auth: false,
      request_max_retries: 0,
      stream_max_retries: 0,
      stream_idle_timeout_ms: 300000,
      http_headers: {},
      env_http_headers: {},
      query_params: {},
    });
    expect(config.mcp_servers.docs).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', 'docs-mcp'],
      env: { LOG: '1' },
      env_vars: [],
      trusted_outside_sandbox: false,
      enabled: true,
      required: false,
      startup_timeout_sec: 5,
      tool_timeout_sec: 120,
      disabled_tools: [],
      supports_parallel_tool_calls: true,
      tools: {},
    });
    expect(config.mcp_servers.remote).toMatchObject({
      transport: 'streamable_http',
      url: 'https://mcp.example.test/mcp',
      bearer_token_env_var: 'REMOTE_TOKEN',
      enabled_tools: ['search'],
      tools: { search: { approval_mode: 'approve' } },
    });
    const where = path.join(dir, 'config.toml');
    expect(warnings).toEqual([
      `${where}:6: model_reasoning_summary: Codex setting not supported by Trellis; ignored`,
      `${where}:7: notify: Codex setting not supported by Trellis; ignored`,
      `${where}:10: hide_agent_reasoning: Codex setting not supported by Trellis; ignored`,
      `${where}:45: tui: Codex setting not supported by Trellis; ignored`,
      `${where}:47: features: Codex setting not supported by Trellis; ignored`,
      `${where}:51: profiles.ci.disable_response_storage: Codex setting not supported by Trellis; ignored`,
    ]);
  });

  it('resolves the mock provider block unchanged', async () => {
    const { config } = await loadConfig({ home: home(...CODEX) });
    expect(resolveProvider(config, { env: {} })).toEqual({
      id: 'mock',
      name: 'x',
      baseUrl: 'http://127.0.0.1:9/v1',
      wireApi: 'responses',
      apiKey: undefined,
      requestMaxRetries: 0,
      streamMaxRetries: 0,
      streamIdleTimeoutMs: 300000,
      headers: {},
      queryParams: {},
    });
  });

  it('warns about ignored provider and MCP keys and granular approval', async () => {
    const dir = home(
      'approval_policy = { granular = { sandbox_approval = false } }',
      '[model_providers.azure]',
      'base_url = "https://x.openai.azure.com/openai"',
      'env_key = "AZURE_OPENAI_API_KEY"',
      'env_key_instructions = "get one from the portal"',
      'query_params = { api-version = "2025-04-01-preview" }',
      '[mcp_servers.r]',
      'url = "https://r.test/mcp"',
      'experimental_environment = "remote"',
    );
    const { config, warnings } = await loadConfig({ home: dir });
    expect(config.approval_policy).toBe('on-request');
    expect(config.model_providers.azure).toMatchObject({
      name: 'azure',
      wire_api: 'responses',
      query_params: { 'api-version': '2025-04-01-preview' },
    });
    expect(warnings.map((w) => w.slice(dir.length + 1))).toEqual([
      'config.toml:1: approval_policy: granular approval is not supported by Trellis; using on-request',
      'config.toml:5: model_providers.azure.env_key_instructions: Codex setting not supported by Trellis; ignored',
      'config.toml:9: mcp_servers.r.experimental_environment: Codex setting not supported by Trellis; ignored',
    ]);
  });
});
