import OpenAI from 'openai';
import { lineCappedFetch } from './line-capped-fetch';
import type { ProviderConnection } from './provider-connection';

/** One configured `openai` client for both of its wire APIs (Responses, Chat Completions). */
export function openAIClient(connection: ProviderConnection): OpenAI {
  return new OpenAI({
    apiKey: connection.apiKey ?? 'unused',
    baseURL: connection.baseUrl,
    // The agent loop retries (request_max_retries), emitting an event for each: silent SDK retries hid ~50 s of them.
    maxRetries: 0,
    timeout: connection.streamIdleTimeoutMs,
    // A keyless local server gets no Authorization header at all.
    defaultHeaders: { ...connection.headers, ...(connection.apiKey ? {} : { Authorization: null }) },
    defaultQuery: connection.queryParams,
    ...(connection.maxStreamLineBytes ? { fetch: lineCappedFetch(connection.maxStreamLineBytes) } : {}),
  });
}
