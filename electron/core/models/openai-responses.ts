import type OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import type { ConversationItem, ModelClient, ModelRequest, ModelStreamEvent, ToolSpec } from './model-client';
import { ModelError } from './model-client';
import { toModelError } from './model-errors';
import { openAIClient } from './openai-client';
import type { ProviderConnection } from './provider-connection';

/** OpenAI's Responses API, stateless as Codex uses it: the whole history every request, nothing stored. */
export class OpenAIResponsesClient implements ModelClient {
  readonly wireApi = 'responses';
  private readonly client: OpenAI;

  constructor(connection: ProviderConnection) {
    this.client = openAIClient(connection);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    let stream;
    try {
      stream = await this.client.responses.create(
        {
          model: request.model,
          instructions: request.instructions,
          input: request.items.map(toInputItem),
          tools: request.tools.map(toTool),
          tool_choice: 'auto',
          parallel_tool_calls: true,
          store: false,
          stream: true,
          ...(request.cacheKey ? { prompt_cache_key: request.cacheKey } : {}),
          ...(request.reasoningEffort ? { reasoning: { effort: request.reasoningEffort as 'low' } } : {}),
          ...(request.outputSchema
            ? {
                text: {
                  format: {
                    type: 'json_schema',
                    name: 'trellis_output_schema',
                    strict: true,
                    schema: request.outputSchema,
                  },
                },
              }
            : {}),
        },
        { signal: request.signal },
      );
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    let completed = false;
    try {
      for await (const event of stream) {
        switch (event.type) {
          case 'response.output_text.delta':
            yield { type: 'text.delta', itemId: event.item_id, text: event.delta };
            break;
          case 'response.output_item.done': {
            const item = event.item;
            if (item.type === 'message') {
              const text = item.content
                .map((part) => (part.type === 'output_text' ? part.text : part.refusal))
                .join('');
              yield { type: 'message.done', itemId: item.id, text };
            } else if (item.type === 'function_call') {
              yield {
                type: 'tool_call',
                callId: item.call_id,
                name: item.name,
                input: item.arguments,
                kind: 'function',
              };
            } else if (item.type === 'custom_tool_call') {
              yield { type: 'tool_call', callId: item.call_id, name: item.name, input: item.input, kind: 'custom' };
            }
            break;
          }
          case 'response.completed': {
            const usage = event.response.usage;
            completed = true;
            yield {
              type: 'completed',
              usage: {
                inputTokens: usage?.input_tokens ?? 0,
                cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
                outputTokens: usage?.output_tokens ?? 0,
                reasoningTokens: usage?.output_tokens_details?.reasoning_tokens ?? 0,
              },
            };
            break;
          }
          case 'response.failed':
            throw new ModelError(`the model failed: ${event.response.error?.message ?? 'no reason given'}`, true);
          case 'response.incomplete':
            throw new ModelError(
              `the response was cut short: ${event.response.incomplete_details?.reason ?? 'unknown reason'}`,
              false,
            );
        }
      }
    } catch (err) {
      throw toModelError(err, request.signal);
    }
    if (!completed && !request.signal?.aborted)
      throw new ModelError('the model stream ended before response.completed', true);
  }
}

function toInputItem(item: ConversationItem): ResponseInputItem {
  switch (item.type) {
    case 'user':
      return { type: 'message', role: 'user', content: item.text };
    case 'assistant':
      return { type: 'message', role: 'assistant', content: item.text };
    case 'tool_call':
      return item.kind === 'custom'
        ? { type: 'custom_tool_call', call_id: item.callId, name: item.name, input: item.input }
        : { type: 'function_call', call_id: item.callId, name: item.name, arguments: item.input };
    case 'tool_result':
      return item.kind === 'custom'
        ? { type: 'custom_tool_call_output', call_id: item.callId, output: item.output }
        : { type: 'function_call_output', call_id: item.callId, output: item.output };
  }
}

function toTool(spec: ToolSpec): Tool {
  if (spec.kind === 'function') {
    return {
      type: 'function',
      name: spec.name,
      description: spec.description,
      parameters: spec.parameters,
      strict: false,
    };
  }
  return {
    type: 'custom',
    name: spec.name,
    description: spec.description,
    ...(spec.grammar
      ? { format: { type: 'grammar', syntax: spec.grammar.syntax, definition: spec.grammar.definition } }
      : {}),
  };
}
