import path from 'node:path';
import type { HookEngine } from '../hooks/hook-engine';
import type { PatchScope, Tool, ToolContext, ToolOutput } from '../tools/tool';

/** What a call needs besides its id: the turn's context for tools, and the session's hooks around each call. */
export type ToolCallContext = Omit<ToolContext, 'callId'> & { hooks?: HookEngine };

/**
 * One tool call the model made, run with its hooks around it: a tool that does not exist or throws becomes an error
 * result the model can read, never a failed turn. The result is logged before it is returned.
 */
export async function runToolCall(
  tools: Tool[],
  call: { callId: string; name: string; input: string },
  context: ToolCallContext,
): Promise<ToolOutput> {
  const { hooks, ...toolContext } = context;
  const tool = tools.find((t) => t.spec.name === call.name);
  let result: ToolOutput;
  if (!tool) {
    result = {
      output: `There is no tool named ${call.name}. Available: ${tools.map((t) => t.spec.name).join(', ')}.`,
      isError: true,
    };
  } else {
    const run = (input: string) => tool.run(input, { ...toolContext, callId: call.callId });
    try {
      result = hooks
        ? await hooks.aroundTool(call, { turn: context.turn, signal: context.signal }, run)
        : await run(call.input);
    } catch (err) {
      result = { output: `The tool failed: ${(err as Error).message}`, isError: true };
    }
  }
  await context.emit({
    type: 'tool.result',
    turn: context.turn,
    callId: call.callId,
    output: result.output,
    isError: result.isError,
  });
  return result;
}

/** Where apply_patch may write when the session says nothing: the working folder, its .git and .trellis read-only. */
export function defaultPatchScope(cwd: string): PatchScope {
  return {
    writableRoots: [cwd],
    readOnlyPaths: ['.git', '.trellis'].map((name) => path.join(cwd, name)),
  };
}
