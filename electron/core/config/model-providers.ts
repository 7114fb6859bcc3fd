import { ConfigError } from './config-error';
import type { WireApi } from './config-schema';
import type { ModelProviderConfig, TrellisConfig } from './config-types';

/** Codex's defaults for a `[model_providers.X]` table. */
export const PROVIDER_DEFAULTS = {
  requires_openai_auth: false,
  request_max_retries: 4,
  stream_max_retries: 5,
  stream_idle_timeout_ms: 300_000,
} as const;

const builtin = (name: string, wire_api: WireApi, base_url: string, env_key?: string): ModelProviderConfig => ({
  name,
  base_url,
  wire_api,
  ...(env_key ? { env_key } : {}),
  ...PROVIDER_DEFAULTS,
  http_headers: {},
  env_http_headers: {},
  query_params: {},
});

/** Providers available without any config; a user table of the same id is merged over the built-in one. */
export const BUILTIN_MODEL_PROVIDERS: Readonly<Record<string, Readonly<ModelProviderConfig>>> = Object.freeze({
  openai: builtin('OpenAI', 'responses', 'https://api.openai.com/v1', 'OPENAI_API_KEY'),
  anthropic: builtin('Anthropic', 'anthropic', 'https://api.anthropic.com', 'ANTHROPIC_API_KEY'),
  ollama: builtin('Ollama', 'chat', 'http://localhost:11434/v1'),
  lmstudio: builtin('LM Studio', 'chat', 'http://localhost:1234/v1'),
});

/** What a model adapter needs to talk to a provider. */
export interface ResolvedProvider {
  id: string;
  name: string;
  baseUrl: string;
  wireApi: WireApi;
  /** Undefined for providers that need no key (local servers). */
  apiKey: string | undefined;
  /** The variable the key came from, for messages; never the key itself. */
  envKey?: string;
  requestMaxRetries: number;
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
  /** Static `http_headers` plus `env_http_headers` whose variables are set. */
  headers: Record<string, string>;
  queryParams: Record<string, string>;
}

/**
 * Resolve the configured provider (or `options.id`) and read its API key from the environment.
 * Errors never include a key's value, only the variable's name.
 */
export function resolveProvider(
  config: TrellisConfig,
  options: { env?: NodeJS.ProcessEnv; id?: string } = {},
): ResolvedProvider {
  const env = options.env ?? process.env;
  const id = options.id ?? config.model_provider;
  const provider = Object.hasOwn(config.model_providers, id) ? config.model_providers[id] : undefined;
  if (!provider) {
    throw new ConfigError(
      `unknown model provider ${id}; known: ${Object.keys(config.model_providers).sort().join(', ')}`,
    );
  }
  // requires_openai_auth without env_key: Codex falls back to the OpenAI login; Trellis to OPENAI_API_KEY.
  const envKey = provider.env_key ?? (provider.requires_openai_auth ? 'OPENAI_API_KEY' : undefined);
  let apiKey = envKey ? env[envKey]?.trim() || undefined : undefined;
  apiKey ??= provider.experimental_bearer_token;
  if (envKey && !apiKey) throw new ConfigError(`missing API key: set ${envKey}`);

  const headers = { ...provider.http_headers };
  for (const [header, variable] of Object.entries(provider.env_http_headers)) {
    const value = env[variable]?.trim();
    if (value) headers[header] = value;
  }
  return {
    id,
    name: provider.name,
    baseUrl: provider.base_url,
    wireApi: provider.wire_api,
    apiKey,
    ...(envKey ? { envKey } : {}),
    requestMaxRetries: provider.request_max_retries,
    streamMaxRetries: provider.stream_max_retries,
    streamIdleTimeoutMs: provider.stream_idle_timeout_ms,
    headers,
    queryParams: { ...provider.query_params },
  };
}
