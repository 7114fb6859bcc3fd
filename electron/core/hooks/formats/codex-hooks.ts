import type { HookDefinition, HookEventName } from '../hook-types';
import {
  hookHash,
  hookId,
  isTable,
  optionalString,
  parseJsonText,
  seconds,
  type HookFileContext,
  type JsonTable,
  type ParsedHooks,
} from './hook-format-common';

/** The events Codex's config accepts (hook_config.rs), all of which Trellis has a moment for. */
const CODEX_EVENTS: ReadonlySet<string> = new Set<HookEventName>([
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'Stop',
  'PreCompact',
  'PostCompact',
  'SubagentStart',
  'SubagentStop',
]);

/** Keys of config.toml's `[hooks]` that are settings, not events: Codex's per-hook state, and Trellis's Stop limit. */
const TOML_SETTINGS: ReadonlySet<string> = new Set(['state', 'max_stop_continuations']);

/** Codex's default command timeout, in seconds. */
const CODEX_TIMEOUT_S = 600;

/** Codex `hooks.json`: `{"hooks": {"<Event>": [{"matcher", "hooks": [{"type": "command", …}]}]}}`. */
export function parseCodexHooksJson(text: string, ctx: HookFileContext): ParsedHooks {
  const parsed = parseJsonText(text, ctx.shown);
  if ('problem' in parsed) return { hooks: [], diagnostics: [parsed.problem] };
  if (!isTable(parsed.value) || !isTable(parsed.value.hooks))
    return { hooks: [], diagnostics: [`${ctx.shown}: expected {"hooks": {"<Event>": [...]}}; skipped`] };
  return parseCodexEvents(parsed.value.hooks, ctx, 'codex-json');
}

/**
 * The events table, from hooks.json's `hooks` or config.toml's `[hooks]` (its settings, `state` and
 * `max_stop_continuations`, are not events and are left to their readers).
 */
export function parseCodexEvents(
  events: JsonTable,
  ctx: HookFileContext,
  format: 'codex-json' | 'codex-toml',
): ParsedHooks {
  const hooks: HookDefinition[] = [];
  const diagnostics: string[] = [];
  for (const [event, groups] of Object.entries(events)) {
    if (format === 'codex-toml' && TOML_SETTINGS.has(event)) continue;
    if (!CODEX_EVENTS.has(event)) {
      diagnostics.push(`${ctx.shown}: hooks.${event}: not a Codex hook event; skipped`);
      continue;
    }
    if (!Array.isArray(groups)) {
      diagnostics.push(`${ctx.shown}: hooks.${event}: expected a list of matcher groups; skipped`);
      continue;
    }
    groups.forEach((group: unknown, i) => {
      const where = `${ctx.shown}: hooks.${event}[${i}]`;
      if (!isTable(group) || !Array.isArray(group.hooks)) {
        diagnostics.push(`${where}: expected {"matcher", "hooks": [...]}; skipped`);
        return;
      }
      const matcher = group.matcher;
      if (matcher !== undefined && (typeof matcher !== 'string' || !validRegex(matcher))) {
        diagnostics.push(`${where}.matcher: not a valid regular expression; skipped`);
        return;
      }
      group.hooks.forEach((handler: unknown, j) => {
        const hook = codexHandler(handler, {
          ctx,
          format,
          event: event as HookEventName,
          matcher: optionalString(matcher),
          i,
          j,
          diagnostics,
        });
        if (hook) hooks.push(hook);
      });
    });
  }
  return { hooks, diagnostics };
}

interface HandlerContext {
  ctx: HookFileContext;
  format: 'codex-json' | 'codex-toml';
  event: HookEventName;
  matcher: string | undefined;
  i: number;
  j: number;
  diagnostics: string[];
}

function codexHandler(handler: unknown, h: HandlerContext): HookDefinition | null {
  const position = `${h.event}[${h.i}].hooks[${h.j}]`;
  const where = `${h.ctx.shown}: hooks.${position}`;
  if (!isTable(handler)) {
    h.diagnostics.push(`${where}: expected a table with "type"; skipped`);
    return null;
  }
  if (handler.type === 'prompt' || handler.type === 'agent') {
    // Codex parses these and then skips them too: only command hooks run.
    h.diagnostics.push(`${where}: type "${handler.type}" is not run (only "command" hooks are); skipped`);
    return null;
  }
  if (handler.type !== 'command' || typeof handler.command !== 'string' || !handler.command.trim()) {
    h.diagnostics.push(`${where}: expected {"type": "command", "command": "..."}; skipped`);
    return null;
  }
  const timeout = seconds(handler.timeout, CODEX_TIMEOUT_S, where, h.diagnostics);
  const statusMessage = optionalString(handler.statusMessage);
  return {
    id: hookId(h.ctx.file, h.event, h.i, h.j),
    name: position,
    source: { format: h.format, scope: h.ctx.scope, file: h.ctx.file, position },
    event: h.event,
    ...(h.matcher !== undefined && { matcher: h.matcher }),
    action: {
      kind: 'command',
      command: handler.command,
      timeoutMs: Math.round(timeout * 1000),
      ...(handler.async === true && { async: true }),
      ...(statusMessage !== undefined && { statusMessage }),
    },
    enabled: true,
    // Codex: every event's hook may block (exit 2 or a decision), as far as the event allows.
    canBlock: true,
    plainStdoutIsContext: false,
    hash: hookHash({ event: h.event, matcher: h.matcher ?? null, handler }),
  };
}

export function validRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
