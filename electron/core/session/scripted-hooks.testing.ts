import { mockSessionOptions } from './mock-session.testing';
import type { HookEngine, RunHook } from '../hooks/hook-engine';
import type { HookDefinition, HookEventName, HookInput, HookRun } from '../hooks/hook-types';

/*
 * A hook engine in a real session, for tests: the mock model speaks the real wire format, exec_command runs real
 * commands, and each hook's answer is scripted (the hooks' own processes are hook-runner.test.ts's subject).
 */

export function hook(event: HookEventName, name = `${event}-hook`, matcher?: string): HookDefinition {
  return {
    id: `hooks.json:${name}`,
    name,
    source: { format: 'codex-json', scope: 'user', file: '/home/me/.trellis/hooks.json', position: '' },
    event,
    matcher,
    action: { kind: 'command', command: 'true', timeoutMs: 600_000 },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: name,
  };
}

export type Answer = Partial<Omit<HookRun, 'hook'>>;

/** A runner that records each input and answers as the test says (completed, nothing asked, by default). */
export function scripted(answer: (input: HookInput, calls: number) => Answer = () => ({})) {
  const inputs: HookInput[] = [];
  const runHook: RunHook = async (definition, input) => {
    inputs.push(input);
    const calls = inputs.filter((i) => i.hook_event_name === input.hook_event_name).length;
    return { hook: definition, status: 'completed', durationMs: 1, exitCode: 0, output: '', ...answer(input, calls) };
  };
  return { inputs, runHook };
}

/** Matching as Codex does it for tool events: an unanchored regex on the name the hook sees. */
export const byToolName = (hooks: HookDefinition[], input: HookInput) =>
  hooks.filter((h) => !h.matcher || !input.tool_name || new RegExp(h.matcher).test(input.tool_name));

/** A session's options against the mock model at `url`, with `engine` as its hooks and every event collected. */
export async function hookedSessionOptions(url: string, engine: HookEngine) {
  const { options, events } = await mockSessionOptions(url, { hooks: engine });
  return { options, events, cwd: options.cwd };
}

export const shell = (cmd: string) => ({
  items: [{ type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) }],
});
export const answer = (text: string) => ({ items: [{ type: 'message' as const, text }] });
