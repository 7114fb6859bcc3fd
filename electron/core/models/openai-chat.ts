import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { functionParameters, unwrapFreeform } from './freeform-as-function';
import type { ConversationItem, ModelClient, ModelRequest, ModelStreamEvent } from './model-client';
import { ModelError } from './model-client';
import { toModelError } from './model-errors';
import { openAIClient } from './openai-client';
import type { ProviderConnection } from './provider-connection';

/** Chat Completions, for OpenAI-compatible local servers (Ollama, LM Studio, vLLM). */
export class OpenAIChatClient implements ModelClient {
  readonly wireApi = 'chat';
  private readonly client: OpenAI;

  constructor(connection: ProviderConnection) {
    this.client = openAIClient(connection);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const tools: ChatCompletionTool[] = request.tools.map((spec) => ({
      type: 'function',
      function: { name: spec.name, description: spec.description, parameters: functionParameters(spec) },
    }));
    let stream;
    try {
      stream = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: toMessages(request.instructions, request.items),
          ...(tools.length ? { tools, tool_choice: 'auto' as const, parallel_tool_calls: true } : {}),
          stream: true,
          stream_options: { include_usage: true },
          ...(request.outputSchema
            ? {
                response_format: {
                  type: 'json_schema',
                  json_schema: { name: 'trellis_output_schema', strict: true, schema: request.outputSchema },
                },
              }
            : {}),
        },
        { signal: request.signal },
      );
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    const itemId = `msg_${Date.now().toString(36)}`;
    let text = '';
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    let finished = false;
    try {
      for await (const chunk of stream) {
        if (chunk.usage) {
          usage = {
            inputTokens: chunk.usage.prompt_tokens,
            cachedInputTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
            outputTokens: chunk.usage.completion_tokens,
            reasoningTokens: chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0,
          };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) {
          text += choice.delta.content;
          yield { type: 'text.delta', itemId, text: choice.delta.content };
        }
        for (const call of choice.delta.tool_calls ?? []) {
          const entry = calls.get(call.index) ?? { id: '', name: '', args: '' };
          if (call.id) entry.id = call.id;
          if (call.function?.name) entry.name += call.function.name;
          if (call.function?.arguments) entry.args += call.function.arguments;
          calls.set(call.index, entry);
        }
        if (choice.finish_reason) finished = true;
      }
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    if (!finished && !request.signal?.aborted)
      throw new ModelError('the model stream ended without a finish reason', true);
    if (text) yield { type: 'message.done', itemId, text };
    const freeform = new Set(request.tools.filter((t) => t.kind === 'freeform').map((t) => t.name));
    for (const [index, call] of [...calls].sort(([a], [b]) => a - b)) {
      const callId = call.id || `call_${index}`;
      if (freeform.has(call.name))
        yield { type: 'tool_call', callId, name: call.name, input: unwrapFreeform(call.args), kind: 'custom' };
      else yield { type: 'tool_call', callId, name: call.name, input: call.args, kind: 'function' };
    }
    yield { type: 'completed', usage };
  }
}

/** Chat wants tool calls grouped on the assistant message that made them. */
function toMessages(instructions: string, items: ConversationItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
  for (const item of items) {
    const last = messages.at(-1);
    if (item.type === 'user') messages.push({ role: 'user', content: item.text });
    else if (item.type === 'assistant') messages.push({ role: 'assistant', content: item.text });
    else if (item.type === 'tool_call') {
      const call = {
        id: item.callId,
        type: 'function' as const,
        function: { name: item.name, arguments: wrapFreeform(item) },
      };
      if (last?.role === 'assistant' && !('tool_call_id' in last)) (last.tool_calls ??= []).push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
  }
  return messages;
}

/** A freeform call went out as `{"input": text}` and must come back in that shape. */
export function wrapFreeform(item: Extract<ConversationItem, { type: 'tool_call' }>): string {
  return item.kind === 'custom' ? JSON.stringify({ input: item.input }) : item.input;
}
