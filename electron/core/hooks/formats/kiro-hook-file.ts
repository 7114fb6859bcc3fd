import type { HookAction, HookEventName } from '../hook-types';
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

/** Kiro IDE's legacy `when.type` names onto Trellis events (formats doc §2.1). */
const LEGACY_EVENTS: Record<string, HookEventName> = {
  fileEdited: 'FileSaved',
  fileCreated: 'FileCreated',
  fileDeleted: 'FileDeleted',
  userTriggered: 'Manual',
  promptSubmit: 'UserPromptSubmit',
  agentStop: 'Stop',
  preToolUse: 'PreToolUse',
  postToolUse: 'PostToolUse',
  preTaskExecution: 'PreTaskExec',
  postTaskExecution: 'PostTaskExec',
};

/** Kiro's default command timeout, in seconds. */
export const KIRO_TIMEOUT_S = 60;

/**
 * `.kiro/hooks/<name>.kiro.hook`: one hook per file, `{enabled?, name, description, when: {type, patterns?,
 * toolTypes?}, then: {type: "askAgent", prompt} | {type: "runCommand", command, timeout?}}`. Invented shapes
 * (`trigger`/`action`) exist in public repositories: one diagnostic saying what is missing, and the file is skipped.
 */
export function parseKiroHookFile(text: string, ctx: HookFileContext): ParsedHooks {
  const parsed = parseJsonText(text, ctx.shown);
  if ('problem' in parsed) return { hooks: [], diagnostics: [parsed.problem] };
  const doc = parsed.value;
  const diagnostics: string[] = [];
  const skip = (why: string): ParsedHooks => ({ hooks: [], diagnostics: [`${ctx.shown}: ${why}; skipped`] });
  if (!isTable(doc)) return skip('expected a JSON object');
  if (!isTable(doc.when) || !isTable(doc.then)) {
    const found = ['trigger', 'action'].filter((k) => k in doc);
    return skip(
      `not a Kiro hook: expected "when" and "then"${found.length ? `, found ${found.map((k) => `"${k}"`).join(' and ')}` : ''}`,
    );
  }
  const type = doc.when.type;
  const event = typeof type === 'string' && Object.hasOwn(LEGACY_EVENTS, type) ? LEGACY_EVENTS[type] : undefined;
  if (!event) return skip(`when.type ${JSON.stringify(type)} is not one of ${Object.keys(LEGACY_EVENTS).join(', ')}`);
  let action: HookAction;
  const then = doc.then;
  if (then.type === 'askAgent' && typeof then.prompt === 'string' && then.prompt.trim()) {
    action = { kind: 'agent', prompt: then.prompt };
  } else if (then.type === 'runCommand' && typeof then.command === 'string' && then.command.trim()) {
    const timeout = seconds(then.timeout, KIRO_TIMEOUT_S, ctx.shown, diagnostics);
    action = { kind: 'command', command: then.command, timeoutMs: Math.round(timeout * 1000) };
  } else {
    return skip('then must be {"type": "askAgent", "prompt"} or {"type": "runCommand", "command"}');
  }
  const patterns = stringList(doc.when.patterns);
  const toolTypes = stringList(doc.when.toolTypes);
  const name = optionalString(doc.name) ?? baseName(ctx.file);
  const description = optionalString(doc.description);
  return {
    hooks: [
      {
        id: hookId(ctx.file, event, 0, 0),
        name,
        ...(description !== undefined && { description }),
        source: { format: 'kiro-hook', scope: ctx.scope, file: ctx.file, position: '' },
        event,
        ...(patterns && { patterns }),
        ...(toolTypes && { toolTypes }),
        action,
        enabled: doc.enabled !== false,
        canBlock: KIRO_BLOCKING.has(event),
        plainStdoutIsContext: true,
        hash: hookHash(doc),
      },
    ],
    diagnostics,
  };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length && value.every((v) => typeof v === 'string') ? value : undefined;
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.kiro\.hook$/, '');
}
