/**
 * One interface for every wire API. The agent loop speaks only this; an
 * adapter per API maps it onto the real SDK (openai Responses, openai Chat
 * Completions, Anthropic Messages).
 */
import { ExpectedFailure } from '../errors/expected-failure';

/** The conversation, provider-neutral: rebuilt from the session log on resume. */
export type ConversationItem =
  | { type: 'user'; text: string }
  | { type: 'assistant'; text: string }
  | { type: 'tool_call'; callId: string; name: string; input: string; kind: 'function' | 'custom' }
  | { type: 'tool_result'; callId: string; output: string; kind: 'function' | 'custom' };

export type ToolSpec =
  | { kind: 'function'; name: string; description: string; parameters: Record<string, unknown> }
  /** Freeform text input (the Responses API's custom tools); elsewhere a function with one string `input`. */
  | { kind: 'freeform'; name: string; description: string; grammar?: { syntax: 'lark' | 'regex'; definition: string } };

export interface ModelRequest {
  model: string;
  instructions: string;
  items: ConversationItem[];
  tools: ToolSpec[];
  /** Ask for a final answer that is JSON valid against this schema, where the API can enforce it. */
  outputSchema?: Record<string, unknown>;
  reasoningEffort?: string;
  /** Stable per session: lets providers reuse their prompt cache. */
  cacheKey?: string;
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export type ModelStreamEvent =
  | { type: 'text.delta'; itemId: string; text: string }
  | { type: 'message.done'; itemId: string; text: string }
  | { type: 'tool_call'; callId: string; name: string; input: string; kind: 'function' | 'custom' }
  | { type: 'completed'; usage: TokenUsage };

export interface ModelClient {
  readonly wireApi: 'responses' | 'chat' | 'anthropic';
  /** Stream one model response. Throws on failure; `isRetryable` says whether trying again may help. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}

/** A failure the loop may retry (rate limit, server error, a stream cut midway) and how long to wait first. */
export class ModelError extends ExpectedFailure {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The HTTP status when the provider answered with an error (the request failed); absent when a stream broke. */
    readonly status?: number,
  ) {
    super('model-failed', message);
    this.name = 'ModelError';
  }
}
