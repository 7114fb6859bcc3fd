import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { conversationKey, turnIndex } from './turn-index';

describe('turnIndex', () => {
  it('counts runs of model-produced Responses items, not the items themselves', () => {
    const input = [
      { type: 'message', role: 'developer', content: 'be brief' },
      { role: 'user', content: 'fix it' },
      // turn 0: reasoning, a message and two parallel calls form one run
      { type: 'reasoning', id: 'rs_1', summary: [] },
      { role: 'assistant', content: 'looking' },
      { type: 'function_call', call_id: 'call_t0_2', name: 'exec_command', arguments: '{}' },
      { type: 'function_call', call_id: 'call_t0_3', name: 'exec_command', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_t0_2', output: '' },
      { type: 'function_call_output', call_id: 'call_t0_3', output: '' },
      // turn 1
      { type: 'custom_tool_call', call_id: 'call_t1_0', name: 'apply_patch', input: '' },
      { type: 'custom_tool_call_output', call_id: 'call_t1_0', output: '' },
    ];
    expect(turnIndex('responses', { input })).toBe(2);
    expect(turnIndex('responses', { input: input.slice(0, 2) })).toBe(0);
    expect(turnIndex('responses', { input: 'hello' })).toBe(0);
  });

  it('counts assistant messages for Chat and Anthropic', () => {
    const messages = [
      { role: 'system', content: 's' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'tool', content: 'c' },
      { role: 'assistant', content: 'd' },
      { role: 'user', content: 'e' },
    ];
    expect(turnIndex('chat', { messages })).toBe(2);
    expect(turnIndex('anthropic', { messages: messages.slice(1, 3) })).toBe(1);
    expect(turnIndex('anthropic', {})).toBe(0);
  });
});

describe('conversationKey', () => {
  it('is the same for the same history and differs across conversations and APIs', () => {
    const a = { model: 'x', messages: [{ role: 'user', content: 'a' }] };
    expect(conversationKey('chat', a)).toBe(conversationKey('chat', { ...a, model: 'y' }));
    expect(conversationKey('chat', a)).not.toBe(
      conversationKey('chat', { messages: [{ role: 'user', content: 'b' }] }),
    );
    expect(conversationKey('chat', a)).not.toBe(conversationKey('anthropic', a));
    expect(conversationKey('anthropic', { ...a, system: 'p' })).not.toBe(
      conversationKey('anthropic', { ...a, system: 'q' }),
    );
  });
});

describe('parseScenario', () => {
  it('accepts a valid scenario and lists what is wrong with an invalid one', () => {
    const ok = { turns: [{ items: [{ type: 'message', text: 'hi' }], failures: [{ kind: 'cut' }], delayMs: 5 }] };
    expect(parseScenario(ok)).toEqual(ok);
    expect(() => parseScenario({ turns: [{ failures: [{ kind: 'http', status: 200 }] }] })).toThrow(
      /invalid mock scenario/,
    );
    expect(() => parseScenario({ turns: [{ itemz: [] }] })).toThrow(/itemz/);
  });
});
