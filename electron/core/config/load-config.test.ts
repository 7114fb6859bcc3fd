import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { ConfigError } from './config-error';
import { DEFAULT_SANDBOX_MODE, loadConfig, type LoadConfigOptions } from './load-config';
import { DEFAULT_MODEL_PRICES } from './model-prices';
import { resolveProvider } from './model-providers';

/** A Trellis home holding config.toml with these lines (line 1 = first element). */
function home(...lines: string[]): string {
  const dir = tempDir('trellis-config-');
  fs.writeFileSync(path.join(dir, 'config.toml'), lines.join('\n') + '\n');
  return dir;
}

async function failure(options: LoadConfigOptions): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig defaults', () => {
  it('gives defaults when there is no config.toml', async () => {
    const { config, warnings, file } = await loadConfig({ home: tempDir() });
    expect(file).toBeNull();
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      model_provider: 'openai',
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      sandbox_workspace_write: {
        writable_roots: [],
        network_access: false,
        exclude_tmpdir_env_var: false,
        exclude_slash_tmp: false,
      },
      shell_environment_policy: {
        inherit: 'all',
        ignore_default_excludes: false,
        exclude: [],
        set: {},
        include_only: [],
      },
      project_doc_max_bytes: 32768,
      model_max_response_bytes: 8 * 1024 * 1024,
      session_log_max_delta_bytes: 1024 * 1024,
      session_log_max_exec_output_bytes: 1024 * 1024,
      project_doc_fallback_filenames: [],
      project_root_markers: ['.git'],
      mcp_servers: {},
      agents: { max_threads: 4, max_depth: 1, roles: {} },
      budgets: {},
    });
    expect(config.model).toBeUndefined();
    expect(DEFAULT_SANDBOX_MODE).toBe('read-only');
    expect(Object.keys(config.model_providers).sort()).toEqual(['anthropic', 'lmstudio', 'ollama', 'openai']);
    expect(config.model_providers.openai).toMatchObject({
      wire_api: 'responses',
      base_url: 'https://api.openai.com/v1',
      env_key: 'OPENAI_API_KEY',
      request_max_retries: 4,
      stream_max_retries: 5,
      stream_idle_timeout_ms: 300000,
    });
    expect(config.model_providers.anthropic).toMatchObject({
      wire_api: 'anthropic',
      base_url: 'https://api.anthropic.com',
      env_key: 'ANTHROPIC_API_KEY',
    });
    expect(config.model_providers.ollama).toMatchObject({ wire_api: 'chat', base_url: 'http://localhost:11434/v1' });
    expect(config.model_providers.lmstudio).toMatchObject({ wire_api: 'chat', base_url: 'http://localhost:1234/v1' });
    expect(config.model_prices).toEqual(DEFAULT_MODEL_PRICES);
  });

  it('treats an empty file as defaults', async () => {
    const { config, file } = await loadConfig({ home: home('# nothing yet') });
    expect(file).toMatch(/config\.toml$/);
    expect(config.sandbox_mode).toBe('read-only');
  });
});

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
      enabled: true,
      required: false,
      startup_timeout_sec: 5,
      tool_timeout_sec: 120,
      disabled_tools: [],
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
      'scopes = ["read"]',
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
      'config.toml:9: mcp_servers.r.scopes: Codex setting not supported by Trellis; ignored',
    ]);
  });
});

describe('loadConfig Trellis keys', () => {
  it('merges model prices over the defaults and reads budgets', async () => {
    const { config } = await loadConfig({
      home: home(
        '[model_prices."gpt-5"]',
        'output_per_mtok = 12',
        '[model_prices.my-local]',
        'input_per_mtok = 0',
        'output_per_mtok = 0',
        '[budgets]',
        'max_turns = 30',
        'max_cost_usd = 2.5',
      ),
    });
    expect(config.model_prices['gpt-5']).toEqual({ ...DEFAULT_MODEL_PRICES['gpt-5'], output_per_mtok: 12 });
    expect(config.model_prices['my-local']).toEqual({ input_per_mtok: 0, output_per_mtok: 0 });
    expect(config.model_prices['o3']).toEqual(DEFAULT_MODEL_PRICES['o3']);
    expect(config.budgets).toEqual({ max_turns: 30, max_cost_usd: 2.5 });
  });

  it('requires both prices for a model without a built-in price', async () => {
    const dir = home('[model_prices.my-local]', 'input_per_mtok = 1');
    expect((await failure({ home: dir })).message).toBe(
      `${dir}/config.toml:1: model_prices.my-local: input_per_mtok and output_per_mtok are required for a model without a built-in price`,
    );
  });

  it('merges a user table over a built-in provider', async () => {
    const { config } = await loadConfig({
      home: home('model_provider = "ollama"', '[model_providers.ollama]', 'base_url = "http://gpu-box:11434/v1"'),
    });
    expect(config.model_providers.ollama).toMatchObject({
      name: 'Ollama',
      wire_api: 'chat',
      base_url: 'http://gpu-box:11434/v1',
    });
  });
});

describe('loadConfig profiles', () => {
  const PROFILES = [
    'model = "gpt-5"', // 1
    'profile = "fast"', // 2
    '[sandbox_workspace_write]', // 3
    'network_access = false', // 4
    'writable_roots = ["/a"]', // 5
    '[profiles.fast]', // 6
    'model = "gpt-5-mini"', // 7
    'model_reasoning_effort = "low"', // 8
    '[profiles.fast.sandbox_workspace_write]', // 9
    'network_access = true', // 10
    '[profiles.deep]', // 11
    'model = "o3"', // 12
    'approval_policy = "untrusted"', // 13
  ];

  it('layers the default profile over the base, table by table', async () => {
    const { config } = await loadConfig({ home: home(...PROFILES) });
    expect(config).toMatchObject({
      profile: 'fast',
      model: 'gpt-5-mini',
      model_reasoning_effort: 'low',
      sandbox_workspace_write: { network_access: true, writable_roots: ['/a'] },
    });
  });

  it('lets --profile win over the file and leaves unset keys at the base', async () => {
    const { config } = await loadConfig({ home: home(...PROFILES), profile: 'deep' });
    expect(config).toMatchObject({
      profile: 'deep',
      model: 'o3',
      approval_policy: 'untrusted',
      sandbox_workspace_write: { network_access: false },
    });
    expect(config.model_reasoning_effort).toBeUndefined();
  });

  it('applies no profile when none is selected', async () => {
    const { config } = await loadConfig({ home: home('model = "gpt-5"', '[profiles.fast]', 'model = "gpt-5-mini"') });
    expect(config.model).toBe('gpt-5');
    expect(config.profile).toBeUndefined();
  });

  it('rejects an unknown profile, naming where it was selected', async () => {
    const dir = home(...PROFILES);
    expect((await failure({ home: dir, profile: 'nope' })).message).toBe(
      'profile: unknown profile "nope"; known: deep, fast',
    );
    const fromFile = home('profile = "nope"', '[profiles.fast]');
    expect((await failure({ home: fromFile })).message).toBe(
      `${fromFile}/config.toml:1: profile: unknown profile "nope"; known: fast`,
    );
    expect((await failure({ home: tempDir(), overrides: ['profile=x'] })).message).toBe(
      '-c profile: unknown profile "x"; known: (none defined)',
    );
  });

  it('reports a bad value inside a profile at its line', async () => {
    const dir = home('[profiles.ci]', 'model = "o3"', 'sandbox_mode = "yolo"');
    expect((await failure({ home: dir })).message).toBe(
      `${dir}/config.toml:3: profiles.ci.sandbox_mode: expected one of read-only, workspace-write, danger-full-access, got "yolo"`,
    );
  });

  it('rejects a profile nested in a profile', async () => {
    const dir = home('[profiles.a]', 'profile = "b"');
    expect((await failure({ home: dir })).message).toBe(`${dir}/config.toml:2: profiles.a.profile: unknown key`);
  });
});

describe('loadConfig -c overrides', () => {
  it('applies TOML values and raw strings over the file', async () => {
    const { config } = await loadConfig({
      home: home('model = "gpt-5"', '[sandbox_workspace_write]', 'network_access = false'),
      overrides: [
        'model="o3"',
        'sandbox_workspace_write.network_access=true',
        'model_providers.x.base_url="http://127.0.0.1:8080/v1"',
        'model_providers.x.wire_api=chat',
        'model_provider=x',
        'shell_environment_policy.set={ A = "1" }',
      ],
    });
    expect(config).toMatchObject({
      model: 'o3',
      model_provider: 'x',
      sandbox_workspace_write: { network_access: true },
      shell_environment_policy: { set: { A: '1' } },
    });
    expect(config.model_providers.x).toMatchObject({
      name: 'x',
      base_url: 'http://127.0.0.1:8080/v1',
      wire_api: 'chat',
    });
  });

  it('beats the profile, and can select or edit one', async () => {
    const dir = home('[profiles.fast]', 'model = "gpt-5-mini"', 'approval_policy = "never"');
    const { config } = await loadConfig({ home: dir, profile: 'fast', overrides: ['model=o3'] });
    expect(config).toMatchObject({ model: 'o3', approval_policy: 'never' });
    const selected = await loadConfig({ home: dir, overrides: ['profile=fast', 'profiles.fast.model=gpt-5'] });
    expect(selected.config).toMatchObject({ profile: 'fast', model: 'gpt-5', approval_policy: 'never' });
  });

  it('names -c key in errors', async () => {
    const dir = tempDir();
    expect((await failure({ home: dir, overrides: ['approval_policy=sometimes'] })).message).toBe(
      '-c approval_policy: expected one of untrusted, on-request, on-failure, never, got "sometimes"',
    );
    expect((await failure({ home: dir, overrides: ['nonsense.key=1'] })).message).toBe(
      '-c nonsense.key: nonsense: unknown key',
    );
    expect((await failure({ home: dir, overrides: ['agents.max_threads=two'] })).message).toBe(
      '-c agents.max_threads: expected an integer, got a string',
    );
    expect((await failure({ home: dir, overrides: ['model_providers.x={ base_url = 3 }'] })).message).toBe(
      '-c model_providers.x: model_providers.x.base_url: expected a string, got an integer',
    );
    expect((await failure({ home: dir, overrides: ['model_provider=nowhere'] })).message).toBe(
      '-c model_provider: unknown model provider nowhere; known: anthropic, lmstudio, ollama, openai',
    );
    expect((await failure({ home: dir, overrides: ['model_providers.y.name="Y"'] })).message).toBe(
      '-c model_providers.y.name: model_providers.y.base_url: required for a provider that is not built in',
    );
  });

  it('warns about ignored Codex keys set with -c', async () => {
    const { warnings } = await loadConfig({ home: tempDir(), overrides: ['tui.notifications=true'] });
    expect(warnings).toEqual(['-c tui.notifications: tui: Codex setting not supported by Trellis; ignored']);
  });
});

describe('loadConfig errors', () => {
  it('names file, line and key for a bad value', async () => {
    const dir = home('model = "o3"', '', '# why', 'approval_policy = "sometimes"');
    const err = await failure({ home: dir });
    expect(err.message).toBe(
      `${dir}/config.toml:4: approval_policy: expected one of untrusted, on-request, on-failure, never, got "sometimes"`,
    );
  });

  it('reads [sandbox] (deny_read, default_deny_read, allow_hosts) and names a bad host pattern with its line', async () => {
    const { config } = await loadConfig({
      home: home(
        '[sandbox]',
        'deny_read = ["~/notes", ".env.local"]',
        'default_deny_read = false',
        'allow_hosts = ["github.com", "*.npmjs.org:443"]',
      ),
    });
    expect(config.sandbox).toEqual({
      deny_read: ['~/notes', '.env.local'],
      default_deny_read: false,
      allow_hosts: ['github.com', '*.npmjs.org:443'],
    });
    expect((await loadConfig({ home: tempDir() })).config.sandbox).toEqual({
      deny_read: [],
      default_deny_read: true,
      allow_hosts: [],
    });
    const dir = home('[sandbox]', 'allow_hosts = [', '  "github.com",', '  "git*hub.com",', ']');
    expect((await failure({ home: dir })).message).toMatch(
      new RegExp(
        `^${dir}/config.toml:\\d: sandbox.allow_hosts\\[1\\]: "git\\*hub.com": a wildcard may only be a leading`,
      ),
    );
  });

  it('shows paths under $HOME as ~', async () => {
    const parent = tempDir();
    const dir = path.join(parent, '.trellis');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'config.toml'), 'model = 1\n');
    expect((await failure({ home: dir, env: { HOME: parent } })).message).toBe(
      '~/.trellis/config.toml:1: model: expected a string, got an integer',
    );
  });

  it('rejects unknown keys at the line of the key', async () => {
    const dir = home(
      'model = "o3"',
      '[sandbox_workspace_write]',
      'network = true',
      '[model_providers.mock]',
      'base_url = "http://h/v1"',
      'retries = 2',
    );
    const err = await failure({ home: dir });
    expect(err.problems).toEqual([
      `${dir}/config.toml:3: sandbox_workspace_write.network: unknown key`,
      `${dir}/config.toml:6: model_providers.mock.retries: unknown key`,
    ]);
    expect(err.message).toBe(`${dir}/config.toml:3: sandbox_workspace_write.network: unknown key (and 1 more problem)`);
    const top = home('[modle]', 'x = 1');
    expect((await failure({ home: top })).message).toBe(`${top}/config.toml:1: modle: unknown key`);
  });

  it('keeps smol-toml line and column for syntax errors', async () => {
    const dir = home('model = "o3"', 'sandbox_mode = ', 'x = 1');
    expect((await failure({ home: dir })).message).toMatch(
      new RegExp(`^${dir}/config\\.toml:2:\\d+: invalid TOML: .+$`),
    );
    const dup = home('model = "a"', 'model = "b"');
    expect((await failure({ home: dup })).message).toMatch(/config\.toml:2:\d+: invalid TOML: /);
  });

  it('describes type and range errors', async () => {
    const dir = home(
      'project_doc_max_bytes = -1',
      'project_root_markers = ".git"',
      '[agents]',
      'max_threads = 0',
      '[budgets]',
      'max_cost_usd = "5"',
    );
    expect((await failure({ home: dir })).problems.map((p) => p.slice(dir.length + 1))).toEqual([
      'config.toml:1: project_doc_max_bytes: expected at least 0',
      'config.toml:2: project_root_markers: expected an array, got a string',
      'config.toml:4: agents.max_threads: expected at least 1',
      'config.toml:6: budgets.max_cost_usd: expected a number, got a string',
    ]);
  });

  it('reads the session limits and refuses a response cap of 0', async () => {
    const { config } = await loadConfig({
      home: home(
        'model_max_response_bytes = 1048576',
        'session_log_max_delta_bytes = 0',
        'session_log_max_exec_output_bytes = 4096',
      ),
    });
    expect(config).toMatchObject({
      model_max_response_bytes: 1048576,
      session_log_max_delta_bytes: 0,
      session_log_max_exec_output_bytes: 4096,
    });
    const dir = home('model_max_response_bytes = 0');
    expect((await failure({ home: dir })).problems.map((p) => p.slice(dir.length + 1))).toEqual([
      'config.toml:1: model_max_response_bytes: expected at least 1',
    ]);
  });

  it('checks provider and MCP server tables', async () => {
    const noUrl = home('[model_providers.custom]', 'name = "C"');
    expect((await failure({ home: noUrl })).message).toBe(
      `${noUrl}/config.toml:1: model_providers.custom.base_url: required for a provider that is not built in`,
    );
    const badWire = home('[model_providers.c]', 'base_url = "http://h/v1"', 'wire_api = "grpc"');
    expect((await failure({ home: badWire })).message).toBe(
      `${badWire}/config.toml:3: model_providers.c.wire_api: expected one of responses, chat, anthropic, got "grpc"`,
    );
    const badUrl = home('[model_providers.c]', 'base_url = "localhost:8080"');
    expect((await failure({ home: badUrl })).message).toBe(
      `${badUrl}/config.toml:2: model_providers.c.base_url: expected an http(s) URL`,
    );
    const neither = home('[mcp_servers.x]', 'args = ["a"]');
    expect((await failure({ home: neither })).message).toBe(
      `${neither}/config.toml:1: mcp_servers.x: needs command (stdio server) or url (streamable HTTP server)`,
    );
    const mixed = home('[mcp_servers.x]', 'url = "https://h/mcp"', 'env = { A = "1" }');
    expect((await failure({ home: mixed })).message).toBe(
      `${mixed}/config.toml:3: mcp_servers.x.env: only applies to stdio servers (command)`,
    );
  });

  it('rejects an unknown model_provider at its line', async () => {
    const dir = home('model = "x"', 'model_provider = "acme"');
    expect((await failure({ home: dir })).message).toBe(
      `${dir}/config.toml:2: model_provider: unknown model provider acme; known: anthropic, lmstudio, ollama, openai`,
    );
  });

  it('never puts secret values in messages', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const messages: string[] = [];
    const collect = async (options: LoadConfigOptions) => messages.push(...(await failure(options)).problems);
    await collect({ home: home(`[mcp_servers.r]`, 'url = "https://r.test/mcp"', `bearer_token = "${secret}"`) });
    await collect({ home: home('[model_providers.openai]', `experimental_bearer_token = "${secret}`) });
    await collect({ home: home('[model_providers.openai]', `experimental_bearer_token = ["${secret}"]`) });
    await collect({
      home: home('[model_providers.openai]', `http_headers = { Authorization = ["Bearer ${secret}"] }`),
    });
    await collect({ home: tempDir(), overrides: [`model_providers.openai.request_max_retries=${secret}`] });
    await collect({ home: tempDir(), overrides: [`model_providers.openai.nope=${secret}`] });
    const { config } = await loadConfig({ home: tempDir() });
    try {
      resolveProvider(config, { env: { OPENAI_API_KEY: '   ' } });
    } catch (err) {
      messages.push((err as Error).message);
    }
    expect(messages).toHaveLength(7);
    for (const message of messages) expect(message).not.toContain(secret);
    expect(messages[0]).toMatch(/mcp_servers\.r\.bearer_token: not supported/);
    expect(messages[1]).toMatch(/:2:\d+: invalid TOML/);
  });
});

describe('loadConfig ignoreUserConfig (--ignore-user-config)', () => {
  it('does not read config.toml, even a broken one; overrides and defaults still apply', async () => {
    const dir = home('model = [unclosed', 'sandbox_mode = "danger-full-access"');
    await expect(loadConfig({ home: dir })).rejects.toThrow(ConfigError);
    const { config } = await loadConfig({
      home: dir,
      ignoreUserConfig: true,
      overrides: ['model="gpt-ci"', 'approval_policy="never"'],
    });
    expect(config.model).toBe('gpt-ci');
    expect(config.approval_policy).toBe('never');
    expect(config.sandbox_mode).toBe(DEFAULT_SANDBOX_MODE);
  });

  it('ignores a valid file pointing elsewhere too, and knows only the profiles -c defines', async () => {
    const dir = home('model = "from-file"', '[profiles.ci]', 'model = "from-file-profile"');
    const { config } = await loadConfig({
      home: dir,
      ignoreUserConfig: true,
      profile: 'ci',
      overrides: ['profiles.ci.model="from-flag-profile"'],
    });
    expect(config.model).toBe('from-flag-profile');
    await expect(loadConfig({ home: dir, ignoreUserConfig: true, profile: 'ci' })).rejects.toThrow(
      'profile: unknown profile "ci"; known: (none defined) (config.toml is not read with --ignore-user-config: define it with -c profiles.ci.KEY=VALUE)',
    );
  });
});
