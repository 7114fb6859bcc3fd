import type { SessionEventBody } from '../../contract';
import type { ConversationItem, ModelClient, TokenUsage } from '../models/model-client';
import { ModelError } from '../models/model-client';
import type { Tool } from '../tools/tool';
import { ResponseTooLargeError, type SessionLimits } from '../limits/session-limits';

/** What a model request needs from its session. */
export interface ModelTurnStreamOptions {
  client: ModelClient;
  model: string;
  instructions: string;
  outputSchema?: Record<string, unknown>;
  reasoningEffort?: string;
  /** The session id: the provider's prompt cache key. */
  cacheKey: string;
  /** Retries of a request the provider answered with a retryable error (429, 5xx), as Codex's request_max_retries. */
  requestMaxRetries?: number;
  /** Retries of a response whose stream broke midway, as Codex's stream_max_retries. */
  streamMaxRetries: number;
  /** Base delay for retry backoff; tests shorten it. */
  retryBaseMs?: number;
  limits: SessionLimits;
  emit(body: SessionEventBody): Promise<unknown>;
}

export interface ModelCall {
  callId: string;
  name: string;
  input: string;
  kind: 'function' | 'custom';
}

/** One whole response: its messages, the tools it calls, and the items it adds to the conversation (already logged). */
export interface ModelResponse {
  messages: string[];
  calls: ModelCall[];
  usage: TokenUsage;
  items: ConversationItem[];
}

/**
 * One model response, retried with backoff when the provider is overloaded (request_max_retries) or the stream
 * breaks (stream_max_retries), each budget counted on its own as Codex does. Every retry is an event before its wait.
 */
export async function requestModel(
  options: ModelTurnStreamOptions,
  turn: number,
  items: ConversationItem[],
  tools: Tool[],
  signal: AbortSignal,
): Promise<ModelResponse> {
  const spent = { request: 0, stream: 0 };
  for (;;) {
    try {
      return await streamOnce(options, turn, items, tools, signal);
    } catch (err) {
      if (signal.aborted || !(err instanceof ModelError) || !err.retryable) throw err;
      const budget = err.status === undefined ? 'stream' : 'request';
      const maxRetries = budget === 'stream' ? options.streamMaxRetries : (options.requestMaxRetries ?? 0);
      const attempt = spent[budget]++;
      if (attempt >= maxRetries) throw err;
      const base = options.retryBaseMs ?? 500;
      const delay = err.retryAfterMs ?? Math.min(base * 2 ** attempt, 20_000) * (0.8 + Math.random() * 0.4);
      await options.emit({
        type: 'error',
        message: `${err.message}; retrying in ${(delay / 1000).toFixed(1)} s (${attempt + 1}/${maxRetries})`,
        willRetry: true,
      });
      await sleep(delay, signal);
    }
  }
}

async function streamOnce(
  options: ModelTurnStreamOptions,
  turn: number,
  items: ConversationItem[],
  tools: Tool[],
  signal: AbortSignal,
): Promise<ModelResponse> {
  const messages: string[] = [];
  const calls: ModelCall[] = [];
  const pending: { item: ConversationItem; itemId?: string }[] = [];
  let usage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  // Its own abort, so a response past model_max_response_bytes stops the download, not only our reading of it.
  const stream = new AbortController();
  const stop = () => stream.abort();
  signal.addEventListener('abort', stop, { once: true });
  if (signal.aborted) stream.abort();
  const { maxResponseBytes, maxLoggedDeltaBytes } = options.limits;
  let received = 0;
  let loggedDeltas = 0;
  const weigh = (text: string) => {
    received += Buffer.byteLength(text, 'utf8');
    if (received > maxResponseBytes) {
      stream.abort();
      throw new ResponseTooLargeError(maxResponseBytes);
    }
  };
  try {
    for await (const event of options.client.stream({
      model: options.model,
      instructions: options.instructions,
      items,
      tools: tools.map((t) => t.spec),
      outputSchema: options.outputSchema,
      reasoningEffort: options.reasoningEffort,
      cacheKey: options.cacheKey,
      signal: stream.signal,
    })) {
      if (event.type === 'text.delta') {
        weigh(event.text);
        // Past the cap, deltas are neither logged nor shown: the completed message carries the whole text.
        if (loggedDeltas < maxLoggedDeltaBytes) {
          loggedDeltas += Buffer.byteLength(event.text, 'utf8');
          await options.emit({ type: 'message.delta', turn, itemId: event.itemId, text: event.text });
        }
      } else if (event.type === 'message.done') {
        // Deltas were weighed as they came; a message sent whole (no deltas) is weighed here.
        if (Buffer.byteLength(event.text, 'utf8') > maxResponseBytes) weigh(event.text);
        messages.push(event.text);
        pending.push({ item: { type: 'assistant', text: event.text }, itemId: event.itemId });
      } else if (event.type === 'tool_call') {
        weigh(event.input);
        calls.push(event);
        pending.push({
          item: { type: 'tool_call', callId: event.callId, name: event.name, input: event.input, kind: event.kind },
        });
      } else if (event.type === 'completed') {
        usage = event.usage;
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  // Only a whole response enters the log's conversation: a broken stream is retried from scratch.
  for (const [index, { item, itemId }] of pending.entries()) {
    if (item.type === 'assistant')
      await options.emit({
        type: 'message.completed',
        turn,
        itemId: itemId ?? `${turn}-${items.length + index}`,
        text: item.text,
      });
    else if (item.type === 'tool_call')
      await options.emit({
        type: 'tool.call',
        turn,
        callId: item.callId,
        tool: item.name,
        input: item.input,
        kind: item.kind,
      });
  }
  return { messages, calls, usage, items: pending.map((p) => p.item) };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
