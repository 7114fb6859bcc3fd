// Anthropic Messages stream (POST /v1/messages). Every frame has an `event:` line (the SDK skips data-only
// frames); message_start carries content [] and usage; message_delta must carry usage.output_tokens.
import { anthropicToolUseId, argumentDeltas, messageDeltas, resolveUsage, type MockTurn } from './scenario';
import { frame, type SseFrame, type TurnContext } from './sse';

export function anthropicFrames(ctx: TurnContext, turn: MockTurn): SseFrame[] {
  const frames: SseFrame[] = [];
  const emit = (type: string, payload: Record<string, unknown>) => frames.push(frame(type, { type, ...payload }));
  const u = resolveUsage(turn, ctx.body);

  emit('message_start', {
    message: {
      id: `msg_mock_t${ctx.turn}`,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        // Anthropic counts cache reads apart from input_tokens, unlike OpenAI where input includes them.
        input_tokens: Math.max(0, u.input_tokens - u.cached_tokens),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: u.cached_tokens,
        // The real API reports a placeholder here; the true count comes in message_delta.
        output_tokens: 1,
        service_tier: 'standard',
      },
    },
  });
  // Real streams interleave pings; the SDK must ignore them.
  emit('ping', {});

  let usedTool = false;
  (turn.items ?? []).forEach((item, k) => {
    const index = k;
    if (item.type === 'message') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const text of messageDeltas(item)) {
        emit('content_block_delta', { index, delta: { type: 'text_delta', text } });
      }
      emit('content_block_stop', { index });
      return;
    }
    usedTool = true;
    const json = item.type === 'function_call' ? normaliseJson(item.arguments) : JSON.stringify({ input: item.input });
    const block = { type: 'tool_use', id: anthropicToolUseId(ctx.turn, k), name: item.name, input: {} };
    emit('content_block_start', { index, content_block: block });
    for (const partial_json of argumentDeltas(json)) {
      emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
    }
    emit('content_block_stop', { index });
  });

  emit('message_delta', {
    delta: { stop_reason: usedTool ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: u.output_tokens },
  });
  emit('message_stop', {});
  return frames;
}

/** Valid JSON is re-serialised compactly, as the real API streams it; malformed arguments pass through verbatim. */
function normaliseJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch {
    return raw;
  }
}
