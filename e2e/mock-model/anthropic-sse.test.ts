// Anthropic Messages as the real `@anthropic-ai/sdk` reads it from the mock: blocks, retries, overloads, cuts.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANTHROPIC_TOOLS,
  CODING,
  INTRO,
  PATCH,
  anthropic,
  closeStarted,
  start,
  watchingFetch,
} from './mock-model-fixtures';

afterEach(closeStarted);

describe('Anthropic Messages API', () => {
  it('streams text and tool_use blocks; finalMessage() has parsed input, stop_reason and usage', async () => {
    const s = await start(CODING);
    const stream = anthropic(s).messages.stream({
      model: 'mock-claude',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'add hello.txt' }],
      tools: ANTHROPIC_TOOLS,
    });
    const textDeltas: string[] = [];
    stream.on('text', (delta) => textDeltas.push(delta));
    const final = await stream.finalMessage();

    expect(textDeltas.length).toBeGreaterThan(1);
    expect(textDeltas.join('')).toBe(INTRO);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([
      { type: 'text', text: INTRO },
      { type: 'tool_use', id: 'toolu_t0_1', name: 'exec_command', input: { cmd: 'ls -la', workdir: '/repo' } },
      { type: 'tool_use', id: 'toolu_t0_2', name: 'apply_patch', input: { input: PATCH } },
    ]);
    // Anthropic reports cache reads apart from input_tokens.
    expect(final.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 100, output_tokens: 30 });
    expect(s.requests[0]).toMatchObject({ api: 'anthropic', path: '/v1/messages', turn: 0, attempt: 0 });
    // SDK v1 sends the key as a bearer token; older ones used x-api-key.
    const { headers } = s.requests[0];
    expect(headers['x-api-key'] ?? headers.authorization).toMatch(/sk-ant-test/);
    expect(headers['anthropic-version']).toBeTruthy();
  });

  it('derives turn 1 from a history holding the assistant turn and tool results', async () => {
    const s = await start(CODING);
    const final = await anthropic(s)
      .messages.stream({
        model: 'm',
        max_tokens: 100,
        tools: ANTHROPIC_TOOLS,
        messages: [
          { role: 'user', content: 'add hello.txt' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: INTRO },
              { type: 'tool_use', id: 'toolu_t0_1', name: 'exec_command', input: { cmd: 'ls -la' } },
              { type: 'tool_use', id: 'toolu_t0_2', name: 'apply_patch', input: { input: PATCH } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_t0_1', content: 'exit 0' },
              { type: 'tool_result', tool_use_id: 'toolu_t0_2', content: 'Success.' },
            ],
          },
        ],
      })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Done: hello.txt added.' }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(s.requests.map((r) => [r.turn, r.attempt])).toEqual([[1, 0]]);
  });

  it('streams malformed tool arguments as partial_json anyway', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd": "ls' }] }],
    });
    const stream = await anthropic(s).messages.create({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let json = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
        json += event.delta.partial_json;
    }
    expect(json).toBe('{"cmd": "ls');
  });

  it('retries a 429 with retry-after and a 529 overload inside the SDK', async () => {
    const s = await start({
      turns: [
        {
          items: [{ type: 'message', text: 'recovered' }],
          failures: [
            { kind: 'http', status: 429, retryAfterSeconds: 1 },
            { kind: 'http', status: 529 },
          ],
        },
      ],
    });
    const seen: { status: number; retryAfter: string | null }[] = [];
    const final = await anthropic(s, { maxRetries: 2, fetch: watchingFetch(seen) })
      .messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'go' }] })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'recovered' }]);
    expect(seen.map((x) => x.status)).toEqual([429, 529, 200]);
    expect(seen[0].retryAfter).toBe('1');
    expect(s.requests.map((r) => r.attempt)).toEqual([0, 1, 2]);
  });

  it('a cut stream makes the SDK throw', async () => {
    const s = await start({ turns: [{ ...CODING.turns[0], failures: [{ kind: 'cut' }] }] });
    const stream = anthropic(s).messages.stream({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'go' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('serves parallel conversations their own attempts', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'message', text: 'ok' }], failures: [{ kind: 'http', status: 500 }] }],
    });
    const client = anthropic(s, { maxRetries: 1 });
    const ask = (content: string) =>
      client.messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content }] }).finalMessage();
    const replies = await Promise.all([ask('first'), ask('second')]);
    expect(replies.map((r) => r.content)).toEqual([[{ type: 'text', text: 'ok' }], [{ type: 'text', text: 'ok' }]]);
    const attemptsOf = (content: string) =>
      s.requests.filter((r) => JSON.stringify(r.body.messages).includes(content)).map((r) => r.attempt);
    expect(attemptsOf('first')).toEqual([0, 1]);
    expect(attemptsOf('second')).toEqual([0, 1]);
  });
});
