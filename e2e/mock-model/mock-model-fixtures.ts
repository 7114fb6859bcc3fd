// Shared by the mock model's tests: a coding scenario, each wire API's tool list, and the real SDK clients pointed at
// a started mock. The mock is only useful if the REAL SDKs accept what it streams; nothing here stubs them.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Tool } from 'openai/resources/responses/responses';
import { startMockModel, type MockModelServer, type MockScenario } from './index';

export const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n';
export const INTRO = "I'll list the files, then add hello.txt.";

/** Turn 0 talks, runs a command and patches; turn 1 wraps up. */
export const CODING: MockScenario = {
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

export const RESPONSES_TOOLS: Tool[] = [
  {
    type: 'function',
    name: 'exec_command',
    description: 'Run a command',
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
    strict: false,
  },
  { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /(.|\\n)+/' } },
];

export const CHAT_TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
  },
  {
    type: 'function',
    function: { name: 'apply_patch', parameters: { type: 'object', properties: { input: { type: 'string' } } } },
  },
];

export const ANTHROPIC_TOOLS: Anthropic.Tool[] = [
  { name: 'exec_command', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } },
  { name: 'apply_patch', input_schema: { type: 'object', properties: { input: { type: 'string' } } } },
];

let server: MockModelServer | undefined;

/** For afterEach: the server `start` began, closed. */
export async function closeStarted(): Promise<void> {
  await server?.close();
  server = undefined;
}

export async function start(scenario: MockScenario): Promise<MockModelServer> {
  server = await startMockModel(scenario);
  return server;
}

/** A fetch that only watches what the real client receives (statuses, headers); the SDK itself is untouched. */
export function watchingFetch(seen: { status: number; retryAfter: string | null }[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    seen.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
    return res;
  };
}

export const openai = (s: MockModelServer, opts: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ apiKey: 'sk-test', baseURL: `${s.url}/v1`, maxRetries: 0, ...opts });
export const anthropic = (s: MockModelServer, opts: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}) =>
  new Anthropic({ apiKey: 'sk-ant-test', baseURL: s.url, maxRetries: 0, ...opts });
