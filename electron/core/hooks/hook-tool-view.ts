/** A tool call as hooks see it and rewrite it: Codex's tool names and inputs, translated from and back to Trellis's. */

/** The tool's name as hooks match it, and its input as they see it: every shell command is `Bash` with `{command}`. */
export function hookToolView(name: string, rawInput: string): { tool: string; input: unknown } {
  // apply_patch is a freeform tool: its input is the patch text itself, not JSON.
  const parsed = safeJson(rawInput);
  if (name === 'exec_command' && isRecord(parsed)) return { tool: 'Bash', input: { command: parsed.cmd } };
  if (name === 'apply_patch')
    return { tool: 'apply_patch', input: { command: isRecord(parsed) ? parsed.input : parsed } };
  return { tool: name, input: parsed };
}

/** A hook's updatedInput turned back into the tool's own input text (a shell command's `command` becomes its `cmd`). */
export function toolInputFrom(name: string, rawInput: string, updated: unknown): string {
  if (name === 'exec_command' && isRecord(updated) && typeof updated.command === 'string') {
    const original: unknown = JSON.parse(rawInput);
    return JSON.stringify({ ...(isRecord(original) ? original : {}), cmd: updated.command });
  }
  if (name === 'apply_patch' && isRecord(updated) && typeof updated.command === 'string') return updated.command;
  return JSON.stringify(updated);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
