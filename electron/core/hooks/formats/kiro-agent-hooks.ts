import type { HookDefinition, HookEventName } from '../hook-types';
import {
  KIRO_BLOCKING,
  hookHash,
  hookId,
  isTable,
  optionalString,
  parseJsonText,
  type HookFileContext,
  type ParsedHooks,
} from './hook-format-common';

/** Kiro CLI agent `hooks` keys onto Trellis events. */
const AGENT_EVENTS: Record<string, HookEventName> = {
  agentSpawn: 'SessionStart',
  userPromptSubmit: 'UserPromptSubmit',
  preToolUse: 'PreToolUse',
  postToolUse: 'PostToolUse',
  stop: 'Stop',
};

/** Kiro CLI's default `timeout_ms`. */
const KIRO_AGENT_TIMEOUT_MS = 30_000;

/**
 * Kiro CLI tool names onto Trellis's: `execute_bash`/`shell` is `exec_command`, `fs_write`/`write` (and `fs_*`) is
 * `apply_patch`. Reading tools (`fs_read`, `read`, `glob`, `grep`) have no Trellis tool, so a matcher naming only them
 * matches nothing. `@server` is every tool of that MCP server, `@server/tool` one tool (Trellis names it
 * `mcp__server__tool`), `@builtin` every non-MCP tool, `*` all.
 */
const BUILTIN_TOOLS: Record<string, string | null> = {
  execute_bash: 'exec_command',
  execute_cmd: 'exec_command',
  shell: 'exec_command',
  fs_write: 'apply_patch',
  write: 'apply_patch',
  'fs_*': 'apply_patch',
  fs_read: null,
  read: null,
  glob: null,
  grep: null,
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Kiro CLI matcher as a regex on Trellis tool names; `undefined` for all, or null when no Trellis tool has it. */
export function translateKiroMatcher(matcher: string): string | undefined | null {
  if (matcher === '*') return undefined;
  if (matcher === '@builtin') return '^(?!mcp__)';
  const mcp = /^@([^/]+)(?:\/(.+))?$/.exec(matcher);
  if (mcp) {
    const tool = mcp[2] === undefined || mcp[2] === '*' ? '' : `${escape(mcp[2]).replace(/\\\*/g, '.*')}$`;
    return `^mcp__${escape(mcp[1]!)}__${tool}`;
  }
  if (Object.hasOwn(BUILTIN_TOOLS, matcher)) {
    const tool = BUILTIN_TOOLS[matcher];
    return tool ? `^${tool}$` : null;
  }
  return null;
}

/**
 * `.kiro/agents/<name>.json`'s `hooks`: `{"agentSpawn"|…: [{command, matcher?, timeout_ms?, cache_ttl_seconds?}]}`.
 * The rest of the agent file (prompt, tools, MCP servers) is not read here; a file without `hooks` has none.
 */
export function parseKiroAgentHooks(text: string, ctx: HookFileContext): ParsedHooks {
  const parsed = parseJsonText(text, ctx.shown);
  if ('problem' in parsed) return { hooks: [], diagnostics: [parsed.problem] };
  const doc = parsed.value;
  if (!isTable(doc)) return { hooks: [], diagnostics: [`${ctx.shown}: expected a JSON object; skipped`] };
  if (doc.hooks === undefined) return { hooks: [], diagnostics: [] };
  if (!isTable(doc.hooks))
    return { hooks: [], diagnostics: [`${ctx.shown}: hooks: expected {"agentSpawn": [...], ...}; skipped`] };
  const hooks: HookDefinition[] = [];
  const diagnostics: string[] = [];
  const agent = optionalString(doc.name) ?? (ctx.file.split(/[\\/]/).pop() ?? '').replace(/\.json$/, '');
  for (const [key, entries] of Object.entries(doc.hooks)) {
    const event = Object.hasOwn(AGENT_EVENTS, key) ? AGENT_EVENTS[key] : undefined;
    if (!event) {
      diagnostics.push(`${ctx.shown}: hooks.${key}: not one of ${Object.keys(AGENT_EVENTS).join(', ')}; skipped`);
      continue;
    }
    if (!Array.isArray(entries)) {
      diagnostics.push(`${ctx.shown}: hooks.${key}: expected a list; skipped`);
      continue;
    }
    entries.forEach((entry: unknown, i) => {
      const where = `${ctx.shown}: hooks.${key}[${i}]`;
      if (!isTable(entry) || typeof entry.command !== 'string' || !entry.command.trim()) {
        diagnostics.push(`${where}: expected {"command": "..."}; skipped`);
        return;
      }
      let matcher: string | undefined;
      if (typeof entry.matcher === 'string') {
        const translated = translateKiroMatcher(entry.matcher);
        if (translated === null) {
          diagnostics.push(`${where}: matcher ${JSON.stringify(entry.matcher)} names no Trellis tool; skipped`);
          return;
        }
        matcher = translated;
      }
      const timeoutMs = nonNegative(entry.timeout_ms) ?? KIRO_AGENT_TIMEOUT_MS;
      // agentSpawn is never cached (Kiro's rule).
      const ttl = event === 'SessionStart' ? undefined : nonNegative(entry.cache_ttl_seconds);
      const position = `hooks.${key}[${i}]`;
      hooks.push({
        id: hookId(ctx.file, event, i, 0),
        name: `${agent}:${key}[${i}]`,
        source: { format: 'kiro-agent', scope: ctx.scope, file: ctx.file, position },
        event,
        ...(matcher !== undefined && { matcher }),
        action: { kind: 'command', command: entry.command, timeoutMs },
        enabled: true,
        canBlock: KIRO_BLOCKING.has(event),
        plainStdoutIsContext: true,
        ...(ttl ? { cacheTtlSeconds: ttl } : {}),
        hash: hookHash({ event: key, entry }),
      });
    });
  }
  return { hooks, diagnostics };
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
