import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { DEFAULT_MODEL_PRICES, priceFor } from './model-prices';
import { resolveProvider } from './model-providers';

async function configWith(toml: string) {
  const home = tempDir();
  writeFiles(home, { 'config.toml': toml });
  return (await loadConfig({ home })).config;
}

describe('resolveProvider', () => {
  it('reads the built-in provider key from the given environment', async () => {
    const config = await configWith('');
    expect(resolveProvider(config, { env: { OPENAI_API_KEY: ' sk-test ' } })).toEqual({
      id: 'openai',
      name: 'OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      wireApi: 'responses',
      apiKey: 'sk-test',
      envKey: 'OPENAI_API_KEY',
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300000,
      headers: {},
      queryParams: {},
    });
    expect(resolveProvider(config, { env: { ANTHROPIC_API_KEY: 'a' }, id: 'anthropic' })).toMatchObject({
      wireApi: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      apiKey: 'a',
    });
    expect(resolveProvider(config, { env: {}, id: 'ollama' })).toMatchObject({ wireApi: 'chat', apiKey: undefined });
  });

  it('fails in one line when the key variable is empty or unset, naming only the variable', async () => {
    const config = await configWith('');
    expect(() => resolveProvider(config, { env: {} })).toThrow(new ConfigError('missing API key: set OPENAI_API_KEY'));
    expect(() => resolveProvider(config, { env: { OPENAI_API_KEY: '' } })).toThrow(
      'missing API key: set OPENAI_API_KEY',
    );
    const custom = await configWith(
      'model_provider = "acme"\n[model_providers.acme]\nbase_url = "https://acme.test/v1"\nenv_key = "ACME_KEY"\n',
    );
    expect(() => resolveProvider(custom, { env: { OPENAI_API_KEY: 'sk-other' } })).toThrow(
      /^missing API key: set ACME_KEY$/,
    );
  });

  it('rejects an unknown provider id with the known ones', async () => {
    const config = await configWith('');
    expect(() => resolveProvider(config, { id: 'nope', env: {} })).toThrow(
      'unknown model provider nope; known: anthropic, lmstudio, ollama, openai',
    );
  });

  it('builds headers from http_headers and set env_http_headers variables', async () => {
    const config = await configWith(
      [
        'model_provider = "gw"',
        '[model_providers.gw]',
        'base_url = "https://gw.test/v1"',
        'http_headers = { "X-Team" = "core" }',
        'env_http_headers = { "X-Org" = "GW_ORG", "X-Missing" = "GW_MISSING" }',
        'query_params = { api-version = "1" }',
      ].join('\n'),
    );
    expect(resolveProvider(config, { env: { GW_ORG: 'acme' } })).toMatchObject({
      id: 'gw',
      name: 'gw',
      wireApi: 'responses',
      apiKey: undefined,
      headers: { 'X-Team': 'core', 'X-Org': 'acme' },
      queryParams: { 'api-version': '1' },
    });
  });

  it('uses OPENAI_API_KEY for requires_openai_auth and falls back to experimental_bearer_token', async () => {
    const auth = await configWith(
      'model_provider = "p"\n[model_providers.p]\nbase_url = "https://p.test/v1"\nrequires_openai_auth = true\n',
    );
    expect(resolveProvider(auth, { env: { OPENAI_API_KEY: 'k' } })).toMatchObject({
      apiKey: 'k',
      envKey: 'OPENAI_API_KEY',
    });
    const literal = await configWith(
      'model_provider = "p"\n[model_providers.p]\nbase_url = "https://p.test/v1"\nexperimental_bearer_token = "tok"\n',
    );
    expect(resolveProvider(literal, { env: {} })).toMatchObject({ apiKey: 'tok' });
  });
});

describe('priceFor', () => {
  it('finds exact entries and dated snapshots, never a different family', () => {
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-5')).toEqual({
      input_per_mtok: 1.25,
      cached_input_per_mtok: 0.125,
      output_per_mtok: 10,
    });
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-4.1-2025-04-14')).toBe(DEFAULT_MODEL_PRICES['gpt-4.1']);
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-4.1-mini-2025-04-14')).toBe(DEFAULT_MODEL_PRICES['gpt-4.1-mini']);
    expect(priceFor(DEFAULT_MODEL_PRICES, 'claude-sonnet-4-5-20250929')).toBe(
      DEFAULT_MODEL_PRICES['claude-sonnet-4-5'],
    );
    expect(priceFor(DEFAULT_MODEL_PRICES, 'claude-3-5-haiku-latest')).toBe(DEFAULT_MODEL_PRICES['claude-3-5-haiku']);
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-5-pro')).toBeUndefined();
    expect(priceFor(DEFAULT_MODEL_PRICES, 'llama3')).toBeUndefined();
  });

  it('covers common OpenAI and Anthropic models with sane numbers', () => {
    for (const model of [
      'gpt-5',
      'gpt-5-mini',
      'gpt-5.1-codex',
      'gpt-4.1',
      'o3',
      'o4-mini',
      'claude-sonnet-4-5',
      'claude-opus-4-1',
      'claude-haiku-4-5',
    ]) {
      const price = DEFAULT_MODEL_PRICES[model]!;
      expect(price.output_per_mtok).toBeGreaterThan(price.input_per_mtok);
      expect(price.cached_input_per_mtok ?? 0).toBeLessThan(price.input_per_mtok);
    }
  });
});
