import type { HookAction, HookDefinition, HookEventName } from '../hook-types';
import { validRegex } from './codex-hooks';
import {
  KIRO_BLOCKING,
  hookHash,
  hookId,
  isTable,
  optionalString,
  parseJsonText,
  seconds,
  type HookFileContext,
  type ParsedHooks,
} from './hook-format-common';
import { KIRO_TIMEOUT_S } from './kiro-hook-file';

/** Kiro v1 triggers onto Trellis events (kiro.dev/docs/cli/v3/hooks; `AgentSpawn` is SessionStart's old name). */
const V1_EVENTS: Record<string, HookEventName> = {
  SessionStart: 'SessionStart',
  AgentSpawn: 'SessionStart',
  SessionEnd: 'SessionEnd',
  UserPromptSubmit: 'UserPromptSubmit',
  Stop: 'Stop',
  PreToolUse: 'PreToolUse',
  PostToolUse: 'PostToolUse',
  PostFileCreate: 'FileCreated',
  PostFileSave: 'FileSaved',
  PostFileDelete: 'FileDeleted',
  PreTaskExec: 'PreTaskExec',
  PostTaskExec: 'PostTaskExec',
  Manual: 'Manual',
};

/** True when the text is meant as a v1 file (`"version": "v1"`): `.kiro/hooks/*.json` holds nothing else Trellis reads. */
export function isKiroV1(value: unknown): boolean {
  return isTable(value) && value.version === 'v1';
}

/** `.kiro/hooks/<name>.json`: `{"version": "v1", "hooks": [{name, trigger, matcher?, action, timeout?, enabled?}]}`. */
export function parseKiroV1Hooks(text: string, ctx: HookFileContext): ParsedHooks {
  const parsed = parseJsonText(text, ctx.shown);
  if ('problem' in parsed) return { hooks: [], diagnostics: [parsed.problem] };
  const doc = parsed.value;
  if (!isKiroV1(doc) || !Array.isArray((doc as { hooks?: unknown }).hooks))
    return { hooks: [], diagnostics: [`${ctx.shown}: expected {"version": "v1", "hooks": [...]}; skipped`] };
  const hooks: HookDefinition[] = [];
  const diagnostics: string[] = [];
  (doc as { hooks: unknown[] }).hooks.forEach((entry, i) => {
    const where = `${ctx.shown}: hooks[${i}]`;
    const skip = (why: string) => diagnostics.push(`${where}: ${why}; skipped`);
    if (!isTable(entry)) return skip('expected an object');
    const trigger = entry.trigger;
    const event = typeof trigger === 'string' && Object.hasOwn(V1_EVENTS, trigger) ? V1_EVENTS[trigger] : undefined;
    if (!event) return skip(`trigger ${JSON.stringify(trigger)} is not one of ${Object.keys(V1_EVENTS).join(', ')}`);
    const matcher = entry.matcher;
    if (matcher !== undefined && (typeof matcher !== 'string' || !validRegex(matcher)))
      return skip('matcher is not a valid regular expression');
    const a = entry.action;
    let action: HookAction;
    if (isTable(a) && a.type === 'agent' && typeof a.prompt === 'string' && a.prompt.trim()) {
      action = { kind: 'agent', prompt: a.prompt };
    } else if (isTable(a) && a.type === 'command' && typeof a.command === 'string' && a.command.trim()) {
      const timeout = seconds(entry.timeout, KIRO_TIMEOUT_S, where, diagnostics);
      action = { kind: 'command', command: a.command, timeoutMs: Math.round(timeout * 1000) };
    } else {
      return skip('action must be {"type": "command", "command"} or {"type": "agent", "prompt"}');
    }
    const description = optionalString(entry.description);
    const m = optionalString(matcher);
    hooks.push({
      id: hookId(ctx.file, event, i, 0),
      name: optionalString(entry.name) ?? `hooks[${i}]`,
      ...(description !== undefined && { description }),
      source: { format: 'kiro-v1', scope: ctx.scope, file: ctx.file, position: `hooks[${i}]` },
      event,
      ...(m !== undefined && { matcher: m }),
      action,
      enabled: entry.enabled !== false,
      canBlock: KIRO_BLOCKING.has(event),
      plainStdoutIsContext: true,
      hash: hookHash(entry),
    });
  });
  return { hooks, diagnostics };
}
