// Chat Completions as the real `openai` SDK reads it from the mock, its own accumulator included.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_TOOLS, CODING, INTRO, PATCH, closeStarted, openai, start } from './mock-model-fixtures';

afterEach(closeStarted);

describe('Chat Completions API', () => {
  it('streams content and tool_call deltas that reassemble, with usage in the final chunk', async () => {
    const s = await start(CODING);
    const stream = await openai(s).chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'add hello.txt' }],
      tools: CHAT_TOOLS,
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let contentChunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    const calls: { id?: string; name?: string; args: string }[] = [];
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) {
        content += choice.delta.content;
        contentChunks++;
      }
      for (const tc of choice.delta.tool_calls ?? []) {
        const call = (calls[tc.index] ??= { args: '' });
        if (tc.id) call.id = tc.id;
        if (tc.function?.name) call.name = tc.function.name;
        call.args += tc.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(contentChunks).toBeGreaterThan(1);
    expect(content).toBe(INTRO);
    expect(finish).toBe('tool_calls');
    expect(calls).toEqual([
      { id: 'call_t0_1', name: 'exec_command', args: '{"cmd":"ls -la","workdir":"/repo"}' },
      // custom_tool_call has no Chat form: it arrives as a function call wrapping the input.
      { id: 'call_t0_2', name: 'apply_patch', args: JSON.stringify({ input: PATCH }) },
    ]);
    expect(usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 8 },
    });
    expect(s.requests[0]).toMatchObject({ api: 'chat', path: '/v1/chat/completions', turn: 0, attempt: 0 });
  });

  it("is accepted by the SDK's own accumulator and derives turn 1 from the assistant message", async () => {
    const s = await start(CODING);
    const client = openai(s);
    const first = await client.chat.completions
      .stream({ model: 'm', messages: [{ role: 'user', content: 'add hello.txt' }], tools: CHAT_TOOLS })
      .finalChatCompletion();
    const reply = first.choices[0].message;
    expect(reply.tool_calls?.map((t) => t.id)).toEqual(['call_t0_1', 'call_t0_2']);

    const second = await client.chat.completions
      .stream({
        model: 'm',
        tools: CHAT_TOOLS,
        messages: [
          { role: 'user', content: 'add hello.txt' },
          { role: 'assistant', content: reply.content, tool_calls: reply.tool_calls },
          { role: 'tool', tool_call_id: 'call_t0_1', content: 'exit 0' },
          { role: 'tool', tool_call_id: 'call_t0_2', content: 'Success.' },
        ],
      })
      .finalChatCompletion();
    expect(second.choices[0].message.content).toBe('Done: hello.txt added.');
    expect(second.choices[0].finish_reason).toBe('stop');
    expect(s.requests.map((r) => r.turn)).toEqual([0, 1]);
  });

  it('a cut stream makes the SDK throw', async () => {
    const s = await start({ turns: [{ ...CODING.turns[0], failures: [{ kind: 'cut' }] }] });
    const read = async () => {
      const stream = await openai(s).chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'go' }],
        stream: true,
      });
      let chunks = 0;
      for await (const _ of stream) chunks++;
      return chunks;
    };
    await expect(read()).rejects.toThrow();
    expect(await read()).toBeGreaterThan(3);
  });
});
