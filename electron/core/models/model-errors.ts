import { ModelError } from './model-client';

interface ApiLikeError {
  status?: number;
  headers?: Headers | Record<string, string | null | undefined>;
  message?: string;
  name?: string;
}

function header(headers: ApiLikeError['headers'], name: string): string | null | undefined {
  if (!headers) return undefined;
  return headers instanceof Headers ? headers.get(name) : headers[name];
}

/** Milliseconds to wait from a retry-after (seconds or HTTP date) or retry-after-ms header. */
export function retryAfterMs(headers: ApiLikeError['headers']): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = header(headers, 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Classify what an SDK threw. The SDKs are built with no retries of their own
 * (openai-client.ts, anthropic-messages.ts): the agent loop retries, so each
 * retry is an event the person sees as it happens.
 */
export function toModelError(err: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return err as Error;
  if (err instanceof ModelError) return err;
  const e = err as ApiLikeError;
  const status = e.status;
  const message = (e.message ?? String(err)).split('\n')[0];
  if (typeof status === 'number') {
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const what = status === 401 || status === 403 ? 'the provider refused the API key' : `HTTP ${status}`;
    return new ModelError(`${what}: ${message}`, retryable, retryAfterMs(e.headers), status);
  }
  // No status: the connection or the stream itself failed.
  return new ModelError(`the model stream broke: ${message}`, true);
}
