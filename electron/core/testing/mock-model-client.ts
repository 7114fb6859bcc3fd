import { createModelClient } from '../models/create-model-client';
import type { ModelClient } from '../models/model-client';
import type { ProviderConnection } from '../models/provider-connection';

/** A key shaped like one, so tests can assert it never reaches a log or a command. */
export const MOCK_API_KEY = 'sk-test-not-a-real-key';

/**
 * The real SDK client of `wireApi`, pointed at the mock model server at `url` (e2e/mock-model), with the SDK's own
 * retries off: the session's loop retries, and tests see each one.
 */
export function mockModelClient(
  url: string,
  wireApi: ProviderConnection['wireApi'] = 'responses',
  extra: Partial<ProviderConnection> = {},
): Promise<ModelClient> {
  return createModelClient({
    id: 'mock',
    wireApi,
    baseUrl: wireApi === 'anthropic' ? url : `${url}/v1`,
    apiKey: MOCK_API_KEY,
    requestMaxRetries: 0,
    streamMaxRetries: 0,
    streamIdleTimeoutMs: 10_000,
    headers: {},
    ...extra,
  });
}
