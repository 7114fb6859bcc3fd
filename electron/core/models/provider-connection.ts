/** What an adapter needs to reach a provider; built from config by the session, never logged (it holds the key). */
export interface ProviderConnection {
  id: string;
  wireApi: 'responses' | 'chat' | 'anthropic';
  baseUrl: string;
  apiKey: string | undefined;
  requestMaxRetries: number;
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
  headers: Record<string, string>;
  queryParams?: Record<string, string>;
  /** One streamed event (an SSE line) larger than this fails the response (see line-capped-fetch.ts). */
  maxStreamLineBytes?: number;
}
