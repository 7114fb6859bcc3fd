import type { ToolSpec } from './model-client';

/**
 * APIs without freeform tools get the same tool as a function taking one
 * string, `input`; the loop unwraps it so tools see the same text either way.
 */
export function functionParameters(spec: ToolSpec): Record<string, unknown> {
  if (spec.kind === 'function') return spec.parameters;
  return {
    type: 'object',
    properties: { input: { type: 'string', description: `The entire ${spec.name} input.` } },
    required: ['input'],
    additionalProperties: false,
  };
}

/** The text of a freeform call made as a function; unparseable arguments pass through for the tool to reject. */
export function unwrapFreeform(args: string): string {
  try {
    const parsed = JSON.parse(args) as { input?: unknown };
    return typeof parsed.input === 'string' ? parsed.input : args;
  } catch {
    return args;
  }
}
