// OpenAI Responses API stream (POST /v1/responses), in the event order codex-compat.md §8 requires:
// the SDK's accumulator throws on any output_index/content_index not yet announced, and on unknown event types.
import { argumentDeltas, callId, messageDeltas, messageText, resolveUsage, type MockTurn } from './scenario';
import { CREATED_AT, frame, type SseFrame, type TurnContext } from './sse';

type OutputItem = Record<string, unknown>;

/** Generated as sent: a scripted endless message (`repeat`) never sits whole in the mock's memory. */
export function* responsesFrames(ctx: TurnContext, turn: MockTurn): Generator<SseFrame> {
  let seq = 0;
  // Responses streams name every event twice: on the `event:` line and as `type` in the data.
  const emit = (type: string, payload: Record<string, unknown>) =>
    frame(type, { type, sequence_number: seq++, ...payload });

  const done: OutputItem[] = [];
  const response = (status: 'in_progress' | 'completed', output: OutputItem[], usage: unknown) =>
    responseObject(ctx, status, output, usage);

  yield emit('response.created', { response: response('in_progress', [], null) });
  yield emit('response.in_progress', { response: response('in_progress', [], null) });

  for (const [k, item] of (turn.items ?? []).entries()) {
    const output_index = k;
    switch (item.type) {
      case 'message': {
        const item_id = `msg_t${ctx.turn}_${k}`;
        const base = { id: item_id, type: 'message', role: 'assistant' };
        yield emit('response.output_item.added', {
          output_index,
          item: { ...base, status: 'in_progress', content: [] },
        });
        const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
        yield emit('response.content_part.added', { item_id, output_index, content_index: 0, part });
        for (const delta of messageDeltas(item)) {
          yield emit('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
        }
        const text = messageText(item);
        yield emit('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
        const fullPart = { ...part, text };
        yield emit('response.content_part.done', { item_id, output_index, content_index: 0, part: fullPart });
        const final = { ...base, status: 'completed', content: [fullPart] };
        yield emit('response.output_item.done', { output_index, item: final });
        done.push(final);
        break;
      }
      case 'function_call': {
        const item_id = `fc_t${ctx.turn}_${k}`;
        const base = { id: item_id, type: 'function_call', call_id: callId(ctx.turn, k), name: item.name };
        yield emit('response.output_item.added', {
          output_index,
          item: { ...base, arguments: '', status: 'in_progress' },
        });
        for (const delta of argumentDeltas(item.arguments)) {
          yield emit('response.function_call_arguments.delta', { item_id, output_index, delta });
        }
        yield emit('response.function_call_arguments.done', {
          item_id,
          output_index,
          name: item.name,
          arguments: item.arguments,
        });
        const final = { ...base, arguments: item.arguments, status: 'completed' };
        yield emit('response.output_item.done', { output_index, item: final });
        done.push(final);
        break;
      }
      case 'custom_tool_call': {
        const item_id = `ctc_t${ctx.turn}_${k}`;
        const base = { id: item_id, type: 'custom_tool_call', call_id: callId(ctx.turn, k), name: item.name };
        yield emit('response.output_item.added', { output_index, item: { ...base, input: '', status: 'in_progress' } });
        for (const delta of argumentDeltas(item.input)) {
          yield emit('response.custom_tool_call_input.delta', { item_id, output_index, delta });
        }
        yield emit('response.custom_tool_call_input.done', { item_id, output_index, input: item.input });
        const final = { ...base, input: item.input, status: 'completed' };
        yield emit('response.output_item.done', { output_index, item: final });
        done.push(final);
        break;
      }
    }
  }

  const u = resolveUsage(turn, ctx.body);
  const usage = {
    input_tokens: u.input_tokens,
    input_tokens_details: { cached_tokens: u.cached_tokens },
    output_tokens: u.output_tokens,
    output_tokens_details: { reasoning_tokens: u.reasoning_tokens },
    total_tokens: u.input_tokens + u.output_tokens,
  };
  // The SDK replaces its snapshot with this object, so it must carry the full output.
  yield emit('response.completed', { response: response('completed', done, usage) });
}

function responseObject(ctx: TurnContext, status: string, output: OutputItem[], usage: unknown) {
  const b = ctx.body;
  return {
    id: `resp_mock_t${ctx.turn}`,
    object: 'response',
    created_at: CREATED_AT,
    status,
    // Must stay null: the SDK throws any event whose data has a truthy top-level `error`.
    error: null,
    incomplete_details: null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model: ctx.model,
    output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: b.previous_response_id ?? null,
    reasoning: b.reasoning ?? { effort: null, summary: null },
    store: b.store ?? false,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: 'text' } },
    tool_choice: b.tool_choice ?? 'auto',
    tools: b.tools ?? [],
    top_p: b.top_p ?? 1,
    truncation: 'disabled',
    usage,
    metadata: {},
  };
}
