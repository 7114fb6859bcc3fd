// loadConfig's defaults with no or an empty config.toml, and the Trellis-only keys (model_prices, budgets, a user
// table merged over a built-in provider).
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { DEFAULT_SANDBOX_MODE, loadConfig } from './load-config';
import { failure, home } from './load-config-fixtures';
import { DEFAULT_MODEL_PRICES } from './model-prices';

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
