import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool, ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { functionParameters } from './freeform-as-function';
import type { ConversationItem, ModelClient, ModelRequest, ModelStreamEvent } from './model-client';
import { ModelError } from './model-client';
import { toModelError } from './model-errors';
import { unwrapFreeform } from './freeform-as-function';
import { lineCappedFetch } from './line-capped-fetch';
import type { ProviderConnection } from './provider-connection';

const MAX_OUTPUT_TOKENS = 16_384;

/** Anthropic's Messages API. It has no structured-output switch: the schema goes into the instructions instead. */
export class AnthropicMessagesClient implements ModelClient {
  readonly wireApi = 'anthropic';
  private readonly client: Anthropic;

  constructor(connection: ProviderConnection) {
    this.client = new Anthropic({
      apiKey: connection.apiKey ?? null,
      baseURL: connection.baseUrl,
      // The agent loop retries (request_max_retries), emitting an event for each: silent SDK retries hid ~50 s of them.
      maxRetries: 0,
      timeout: connection.streamIdleTimeoutMs,
      // A local server without a key: say so explicitly, or the SDK refuses to send anything.
      defaultHeaders: { ...connection.headers, ...(connection.apiKey ? {} : { Authorization: null }) },
      defaultQuery: connection.queryParams,
      ...(connection.maxStreamLineBytes ? { fetch: lineCappedFetch(connection.maxStreamLineBytes) } : {}),
    });
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const tools: Tool[] = request.tools.map((spec) => ({
      name: spec.name,
      description: spec.description,
      input_schema: functionParameters(spec) as Tool['input_schema'],
    }));
    const system = request.outputSchema
      ? `${request.instructions}\n\nYour final answer must be only a JSON value valid against this JSON Schema, with no other text:\n${JSON.stringify(request.outputSchema)}`
      : request.instructions;
    let stream;
    try {
      stream = await this.client.messages.create(
        {
          model: request.model,
          max_tokens: MAX_OUTPUT_TOKENS,
          system,
          messages: toMessages(request.items),
          tools,
          stream: true,
        },
        { signal: request.signal },
      );
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    const freeform = new Set(request.tools.filter((t) => t.kind === 'freeform').map((t) => t.name));
    const blocks = new Map<
      number,
      { kind: 'text'; id: string; text: string } | { kind: 'tool'; id: string; name: string; json: string }
    >();
    let messageId = 'msg';
    const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    let stopped = false;
    try {
      for await (const event of stream) {
        if (event.type === 'message_start') {
          messageId = event.message.id;
          usage.inputTokens = event.message.usage.input_tokens + (event.message.usage.cache_read_input_tokens ?? 0);
          usage.cachedInputTokens = event.message.usage.cache_read_input_tokens ?? 0;
        } else if (event.type === 'content_block_start') {
          const block = event.content_block;
          if (block.type === 'text')
            blocks.set(event.index, { kind: 'text', id: `${messageId}_${event.index}`, text: block.text });
          else if (block.type === 'tool_use')
            blocks.set(event.index, { kind: 'tool', id: block.id, name: block.name, json: '' });
        } else if (event.type === 'content_block_delta') {
          const block = blocks.get(event.index);
          if (event.delta.type === 'text_delta' && block?.kind === 'text') {
            block.text += event.delta.text;
            yield { type: 'text.delta', itemId: block.id, text: event.delta.text };
          } else if (event.delta.type === 'input_json_delta' && block?.kind === 'tool') {
            block.json += event.delta.partial_json;
          }
        } else if (event.type === 'content_block_stop') {
          const block = blocks.get(event.index);
          if (block?.kind === 'text') yield { type: 'message.done', itemId: block.id, text: block.text };
          else if (block?.kind === 'tool') {
            const json = block.json || '{}';
            if (freeform.has(block.name))
              yield {
                type: 'tool_call',
                callId: block.id,
                name: block.name,
                input: unwrapFreeform(json),
                kind: 'custom',
              };
            else yield { type: 'tool_call', callId: block.id, name: block.name, input: json, kind: 'function' };
          }
        } else if (event.type === 'message_delta') {
          usage.outputTokens = event.usage.output_tokens;
        } else if (event.type === 'message_stop') {
          stopped = true;
        }
      }
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    if (!stopped && !request.signal?.aborted) throw new ModelError('the model stream ended before message_stop', true);
    yield { type: 'completed', usage };
  }
}

/** Messages alternate user and assistant; tool calls ride on the assistant turn, their results on the next user turn. */
function toMessages(items: ConversationItem[]): MessageParam[] {
  const messages: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', block: ContentBlockParam) => {
    const last = messages.at(-1);
    if (last?.role === role) (last.content as ContentBlockParam[]).push(block);
    else messages.push({ role, content: [block] });
  };
  for (const item of items) {
    if (item.type === 'user') push('user', { type: 'text', text: item.text });
    else if (item.type === 'assistant') {
      if (item.text) push('assistant', { type: 'text', text: item.text });
    } else if (item.type === 'tool_call') {
      push('assistant', { type: 'tool_use', id: item.callId, name: item.name, input: parseInput(item) });
    } else push('user', { type: 'tool_result', tool_use_id: item.callId, content: item.output });
  }
  return messages;
}

function parseInput(item: Extract<ConversationItem, { type: 'tool_call' }>): unknown {
  if (item.kind === 'custom') return { input: item.input };
  try {
    return JSON.parse(item.input || '{}');
  } catch {
    return { malformed_arguments: item.input };
  }
}
