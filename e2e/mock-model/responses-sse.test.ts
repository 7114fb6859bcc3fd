// The Responses API as the real `openai` SDK reads it from the mock: events, turns, branches, retries, cuts.
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel } from './index';
import {
  CODING,
  INTRO,
  PATCH,
  RESPONSES_TOOLS,
  closeStarted,
  openai,
  start,
  watchingFetch,
} from './mock-model-fixtures';

afterEach(closeStarted);

describe('Responses API', () => {
  it('streams text deltas, a function_call and a custom_tool_call with deterministic ids and usage', async () => {
    const s = await start(CODING);
    const stream = openai(s).responses.stream({
      model: 'gpt-5-codex',
      input: [{ role: 'user', content: 'add hello.txt' }],
      tools: RESPONSES_TOOLS,
      store: false,
    });
    const textDeltas: string[] = [];
    const patchDeltas: string[] = [];
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') textDeltas.push(event.delta);
      if (event.type === 'response.custom_tool_call_input.delta') patchDeltas.push(event.delta);
    }
    const final = await stream.finalResponse();

    expect(textDeltas.length).toBeGreaterThan(1);
    expect(textDeltas.join('')).toBe(INTRO);
    expect(patchDeltas.length).toBeGreaterThan(1);
    expect(patchDeltas.join('')).toBe(PATCH);
    expect(final.output_text).toBe(INTRO);
    expect(final.status).toBe('completed');
    expect(final.output.map((o) => o.type)).toEqual(['message', 'function_call', 'custom_tool_call']);
    const [, call, custom] = final.output;
    expect(call).toMatchObject({
      call_id: 'call_t0_1',
      name: 'exec_command',
      arguments: '{"cmd":"ls -la","workdir":"/repo"}',
    });
    expect(custom).toMatchObject({ call_id: 'call_t0_2', name: 'apply_patch', input: PATCH });
    expect(final.usage).toMatchObject({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 8 },
      total_tokens: 150,
    });

    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ api: 'responses', path: '/v1/responses', turn: 0, attempt: 0 });
    expect(s.requests[0].headers.authorization).toBe('Bearer sk-test');
    expect(s.requests[0].body.model).toBe('gpt-5-codex');
  });

  it('emits events in the order the SDK and Codex both accept (responses.create with stream:true)', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'hi there' }, CODING.turns[0].items![1]] }] });
    const stream = await openai(s).responses.create({ model: 'm', input: 'hello', stream: true });
    const types: string[] = [];
    const sequence: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
    }
    const dedup = types.filter((t, i) => t !== types[i - 1]);
    expect(dedup).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence).toEqual(sequence.map((_, i) => i));
  });

  it('derives the turn from the history: a request carrying turn 0 and its tool outputs gets turn 1', async () => {
    const s = await start(CODING);
    const history: ResponseInputItem[] = [
      { type: 'message', role: 'user', content: 'add hello.txt' },
      { type: 'message', role: 'assistant', content: INTRO },
      { type: 'function_call', call_id: 'call_t0_1', name: 'exec_command', arguments: '{"cmd":"ls -la"}' },
      { type: 'custom_tool_call', call_id: 'call_t0_2', name: 'apply_patch', input: PATCH },
      { type: 'function_call_output', call_id: 'call_t0_1', output: 'Process exited with code 0' },
      { type: 'custom_tool_call_output', call_id: 'call_t0_2', output: 'Success.' },
    ];
    const final = await openai(s)
      .responses.stream({ model: 'm', input: history, tools: RESPONSES_TOOLS })
      .finalResponse();
    expect(final.output_text).toBe('Done: hello.txt added.');
    expect(final.usage).toMatchObject({
      input_tokens: 200,
      output_tokens: 6,
      input_tokens_details: { cached_tokens: 0 },
    });
    expect(s.requests.map((r) => [r.turn, r.attempt])).toEqual([[1, 0]]);
  });

  it('answers a request whose history holds a branch text from that branch, indexed by its own history', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'message', text: 'main' }] }],
      branches: [{ contains: 'SUMMARY-1', turns: [{ items: [{ type: 'message', text: 'after the summary' }] }] }],
    });
    const ask = async (content: string) =>
      (
        await openai(s)
          .responses.stream({ model: 'm', input: [{ role: 'user', content }] })
          .finalResponse()
      ).output_text;
    expect(await ask('first')).toBe('main');
    expect(await ask('here is SUMMARY-1, go on')).toBe('after the summary');
  });

  it('retries a 429 with retry-after inside the SDK, then succeeds', async () => {
    const s = await start({
      turns: [{ ...CODING.turns[0], failures: [{ kind: 'http', status: 429, retryAfterSeconds: 1 }] }],
    });
    const seen: { status: number; retryAfter: string | null }[] = [];
    const client = openai(s, { maxRetries: 2, fetch: watchingFetch(seen) });
    const final = await client.responses.stream({ model: 'm', input: 'go' }).finalResponse();
    expect(final.output.map((o) => o.type)).toEqual(['message', 'function_call', 'custom_tool_call']);
    expect(seen).toEqual([
      { status: 429, retryAfter: '1' },
      { status: 200, retryAfter: null },
    ]);
    expect(s.requests.map((r) => r.attempt)).toEqual([0, 1]);
    expect(s.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('counts attempts per conversation, so a caller-level retry of the same request gets the next attempt', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'message', text: 'ok' }], failures: [{ kind: 'http', status: 429 }] }],
    });
    const client = openai(s);
    await expect(client.responses.stream({ model: 'm', input: 'a' }).finalResponse()).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    // Another conversation starts at attempt 0 and fails too; the first one's retry succeeds.
    await expect(client.responses.stream({ model: 'm', input: 'b' }).finalResponse()).rejects.toMatchObject({
      status: 429,
    });
    const final = await client.responses.stream({ model: 'm', input: 'a' }).finalResponse();
    expect(final.output_text).toBe('ok');
    expect(s.requests.map((r) => [r.body.input, r.attempt])).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('a cut stream makes the SDK throw; the next attempt succeeds', async () => {
    const s = await start({ turns: [{ ...CODING.turns[0], failures: [{ kind: 'cut' }] }] });
    const client = openai(s);
    const cutStream = client.responses.stream({ model: 'm', input: 'go' });
    const seen: string[] = [];
    cutStream.on('event', (e) => seen.push(e.type));
    await expect(cutStream.finalResponse()).rejects.toThrow();
    expect(seen[0]).toBe('response.created'); // it really started before dying
    expect(seen).not.toContain('response.completed');
    const final = await client.responses.stream({ model: 'm', input: 'go' }).finalResponse();
    expect(final.status).toBe('completed');
    expect(s.requests.map((r) => r.attempt)).toEqual([0, 1]);
  });

  it('answers a request past the script with a clear, non-retried 500', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'only turn' }] }] });
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'only turn' },
      { role: 'user', content: 'and then?' },
    ];
    const attempt = openai(s, { maxRetries: 3 }).responses.stream({ model: 'm', input }).finalResponse();
    await expect(attempt).rejects.toMatchObject({ status: 500 });
    await expect(attempt).rejects.toThrow(/scenario has no turn 1/);
    expect(s.requests).toHaveLength(1);
  });

  it('rejects non-streaming requests with a 400 that says why', async () => {
    const s = await start(CODING);
    await expect(openai(s).responses.create({ model: 'm', input: 'hi' })).rejects.toThrow(/streaming/);
  });

  it('passes malformed function arguments through verbatim', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd": "ls' }] }],
    });
    const final = await openai(s).responses.stream({ model: 'm', input: 'go' }).finalResponse();
    expect(final.output[0]).toMatchObject({ type: 'function_call', arguments: '{"cmd": "ls', call_id: 'call_t0_0' });
  });

  it('survives a client that aborts a slow stream midway', async () => {
    const s = await start({
      turns: [{ items: [{ type: 'message', text: 'one two three four five six' }], delayMs: 15 }],
    });
    const client = openai(s);
    const stream = client.responses.stream({ model: 'm', input: 'go' });
    let deltas = 0;
    for await (const event of stream) {
      // Leaving the loop aborts the request, closing the socket while the server is still pausing between chunks.
      if (event.type === 'response.output_text.delta' && ++deltas === 2) break;
    }
    expect(deltas).toBe(2);
    expect(stream.controller.signal.aborted).toBe(true);
    // The server is still healthy and replays the same turn for the same request.
    const final = await client.responses.stream({ model: 'm', input: 'go' }).finalResponse();
    expect(final.output_text).toBe('one two three four five six');
  });
});

describe('a repeated message (a model that never stops)', () => {
  it('streams the text `repeat` times over and ends with the whole of it; repeat is validated', async () => {
    const { parseScenario } = await import('./scenario');
    expect(() => parseScenario({ turns: [{ items: [{ type: 'message', text: 'x', repeat: 0 }] }] })).toThrow(/repeat/);
    const server = await startMockModel(
      parseScenario({ turns: [{ items: [{ type: 'message', text: 'ab ', repeat: 3 }] }] }),
    );
    try {
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const stream = await client.responses.create({ model: 'gpt-test', input: 'hi', stream: true });
      let deltas = '';
      let done = '';
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') deltas += event.delta;
        if (event.type === 'response.output_text.done') done = event.text;
      }
      expect(deltas).toBe('ab ab ab ');
      expect(done).toBe('ab ab ab ');
    } finally {
      await server.close();
    }
  });
});
