// The mock is only useful if the REAL SDKs accept what it streams, so every test here drives
// `openai` and `@anthropic-ai/sdk` against it; nothing is stubbed.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from './index';
import { waitForItem } from '../../electron/core/testing/wait-for-item';

const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n';
const INTRO = "I'll list the files, then add hello.txt.";

/** Turn 0 talks, runs a command and patches; turn 1 wraps up. */
const CODING: MockScenario = {
  turns: [
    {
      items: [
        { type: 'message', text: INTRO },
        { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls -la","workdir":"/repo"}' },
        { type: 'custom_tool_call', name: 'apply_patch', input: PATCH },
      ],
      usage: { input_tokens: 120, output_tokens: 30, cached_tokens: 100, reasoning_tokens: 8 },
    },
    { items: [{ type: 'message', text: 'Done: hello.txt added.' }], usage: { input_tokens: 200, output_tokens: 6 } },
  ],
};

const RESPONSES_TOOLS: Tool[] = [
  {
    type: 'function',
    name: 'exec_command',
    description: 'Run a command',
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
    strict: false,
  },
  { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /(.|\\n)+/' } },
];

const CHAT_TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
  },
  {
    type: 'function',
    function: { name: 'apply_patch', parameters: { type: 'object', properties: { input: { type: 'string' } } } },
  },
];

const ANTHROPIC_TOOLS: Anthropic.Tool[] = [
  { name: 'exec_command', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } },
  { name: 'apply_patch', input_schema: { type: 'object', properties: { input: { type: 'string' } } } },
];

let server: MockModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(scenario: MockScenario): Promise<MockModelServer> {
  server = await startMockModel(scenario);
  return server;
}

/** A fetch that only watches what the real client receives (statuses, headers); the SDK itself is untouched. */
function watchingFetch(seen: { status: number; retryAfter: string | null }[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    seen.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
    return res;
  };
}

const openai = (s: MockModelServer, opts: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ apiKey: 'sk-test', baseURL: `${s.url}/v1`, maxRetries: 0, ...opts });
const anthropic = (s: MockModelServer, opts: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}) =>
  new Anthropic({ apiKey: 'sk-ant-test', baseURL: s.url, maxRetries: 0, ...opts });

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

describe('hold: a response waits until the test releases it', () => {
  const post = (s: MockModelServer, signal?: AbortSignal) =>
    fetch(`${s.url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', input: 'go', stream: true }),
      signal,
    });

  it('answers nothing while held, then the scripted turn once released', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'after the hold' }] }] });
    const release = s.hold();
    let answered = false;
    const held = post(s).then((res) => {
      answered = true;
      return res.text();
    });
    await waitForItem(s.requests, () => true);
    // A witness: a request the hold does not cover makes its whole round trip meanwhile.
    expect((await fetch(`${s.url}/v1/nothing-here`, { method: 'POST' })).status).toBe(404);
    expect(answered).toBe(false);
    release();
    expect(await held).toContain('after the hold');
  });

  it('lets a held client give up, and serves the next request after the release', async () => {
    const s = await start({ turns: [{ items: [{ type: 'message', text: 'served' }] }] });
    const release = s.hold();
    const controller = new AbortController();
    const given = post(s, controller.signal).catch((err: Error) => err.name);
    await waitForItem(s.requests, () => true);
    controller.abort();
    expect(await given).toBe('AbortError');
    release();
    expect(await (await post(s)).text()).toContain('served');
  });
});

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

describe('cli', () => {
  it('serves a scenario file and prints its URL', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-model-'));
    const file = path.join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ turns: [{ items: [{ type: 'message', text: 'from the cli' }] }] }));
    const tsx = path.resolve('node_modules/.bin/tsx');
    const child = spawn(tsx, [path.resolve('e2e/mock-model/cli.ts'), '--scenario', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0 });
      const final = await client.responses.stream({ model: 'm', input: 'hi' }).finalResponse();
      expect(final.output_text).toBe('from the cli');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('rejects an invalid scenario with a readable error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-model-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ turns: [{ items: [{ type: 'shout', text: 'x' }] }] }));
    const child = spawn(path.resolve('node_modules/.bin/tsx'), [
      path.resolve('e2e/mock-model/cli.ts'),
      '--scenario',
      file,
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid mock scenario/);
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
