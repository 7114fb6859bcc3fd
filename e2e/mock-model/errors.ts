// Error bodies in each provider's own shape, so SDKs build their typed errors (RateLimitError, …) from them.
import type { MockApi } from './turn-index';

export function errorBody(api: MockApi, status: number, message: string): string {
  if (api === 'anthropic') {
    return JSON.stringify({ type: 'error', error: { type: anthropicErrorType(status), message } });
  }
  return JSON.stringify({ error: { message, type: openaiErrorType(status), param: null, code: null } });
}

function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

function openaiErrorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function defaultFailureMessage(status: number): string {
  if (status === 429) return 'mock-model: rate limited (scripted failure)';
  if (status >= 500) return `mock-model: server error ${status} (scripted failure)`;
  return `mock-model: request failed with ${status} (scripted failure)`;
}
