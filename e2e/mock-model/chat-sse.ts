// OpenAI Chat Completions stream (POST /v1/chat/completions): `data:` lines only, ending with `data: [DONE]`.
// Tool calls arrive as deltas keyed by `index`: the first carries id/type/name, the rest only argument chunks.
import { argumentDeltas, callId, messageDeltas, resolveUsage, type MockTurn } from './scenario';
import { CREATED_AT, frame, type SseFrame, type TurnContext } from './sse';

export function chatFrames(ctx: TurnContext, turn: MockTurn): SseFrame[] {
  const includeUsage = (ctx.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const frames: SseFrame[] = [];
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    frames.push(
      frame(undefined, {
        id: `chatcmpl-mock-t${ctx.turn}`,
        object: 'chat.completion.chunk',
        created: CREATED_AT,
        model: ctx.model,
        system_fingerprint: null,
        choices,
        // Like the real API: with include_usage every chunk has `usage: null` until the last one.
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      }),
    );
  };
  const delta = (d: Record<string, unknown>, finish_reason: string | null = null) =>
    chunk([{ index: 0, delta: d, logprobs: null, finish_reason }]);

  delta({ role: 'assistant', content: '' });
  let toolIndex = 0;
  let sentText = false;
  (turn.items ?? []).forEach((item, k) => {
    if (item.type === 'message') {
      // Chat has one content string per reply: later messages are appended after a blank line.
      const pieces = [...messageDeltas(item)];
      if (sentText && pieces.length) pieces[0] = `\n\n${pieces[0]}`;
      for (const content of pieces) delta({ content });
      sentText = true;
      return;
    }
    // custom_tool_call has no Chat equivalent: it becomes a function call whose arguments wrap the input.
    const args = item.type === 'function_call' ? item.arguments : JSON.stringify({ input: item.input });
    const index = toolIndex++;
    delta({
      tool_calls: [{ index, id: callId(ctx.turn, k), type: 'function', function: { name: item.name, arguments: '' } }],
    });
    for (const piece of argumentDeltas(args)) {
      delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  delta({}, toolIndex > 0 ? 'tool_calls' : 'stop');

  if (includeUsage) {
    const u = resolveUsage(turn, ctx.body);
    chunk([], {
      usage: {
        prompt_tokens: u.input_tokens,
        completion_tokens: u.output_tokens,
        total_tokens: u.input_tokens + u.output_tokens,
        prompt_tokens_details: { cached_tokens: u.cached_tokens },
        completion_tokens_details: { reasoning_tokens: u.reasoning_tokens },
      },
    });
  }
  frames.push(frame(undefined, '[DONE]'));
  return frames;
}
