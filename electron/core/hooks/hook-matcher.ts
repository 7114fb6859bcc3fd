import { matchesGlob } from '../glob/match-glob';
import type { HookDefinition, HookEventName, HookInput } from './hook-types';

/** What an event is about, as far as choosing its hooks goes. */
export interface HookSubject {
  event: HookEventName;
  /** Tool events: Trellis's own tool name (`exec_command`, `apply_patch`, `mcp__<server>__<tool>`). */
  toolName?: string;
  /** SessionStart: `startup | resume | clear`; Pre/PostCompact: `manual | auto`. */
  source?: string;
  /** File events: the workspace-relative path, `/`-separated. */
  filePath?: string;
}

export interface MatcherDiagnostic {
  hookId: string;
  message: string;
}

const TOOL_EVENTS = new Set<HookEventName>(['PreToolUse', 'PermissionRequest', 'PostToolUse']);
const SOURCE_EVENTS = new Set<HookEventName>(['SessionStart', 'PreCompact', 'PostCompact']);
const FILE_EVENTS = new Set<HookEventName>(['FileCreated', 'FileSaved', 'FileDeleted']);

/**
 * The names a hook's matcher sees for a Trellis tool, Codex's first: every shell command is `Bash`, apply_patch is
 * `apply_patch` and also `Edit` and `Write`; MCP tools are already `mcp__<server>__<tool>`. The shell is also
 * `exec_command`, Trellis's own name, which Kiro CLI matchers are translated to (formats/kiro-agent-hooks.ts).
 */
export function hookToolNames(toolName: string): string[] {
  if (toolName === 'exec_command' || toolName === 'Bash') return ['Bash', 'exec_command'];
  if (toolName === 'apply_patch') return ['apply_patch', 'Edit', 'Write'];
  return [toolName];
}

/**
 * Kiro legacy `when.toolTypes` as tool names: `shell` → Bash (exec_command), `write` → apply_patch; `read`, `web`
 * and `spec` → none (Trellis has no such tools; it reads through the shell, so a read hook would fire on every
 * command); `mcp` or `@mcp` → every `mcp__…` tool; `*` → all. Anything else is a regex on the tool name.
 */
function toolTypeMatches(toolType: string, names: string[]): boolean | undefined {
  switch (toolType.trim().toLowerCase()) {
    case '*':
      return true;
    case 'shell':
      return names.includes('Bash');
    case 'write':
      return names.includes('apply_patch');
    case 'read':
    case 'web':
    case 'spec':
      return false;
    case 'mcp':
    case '@mcp':
      return names.some((n) => n.startsWith('mcp__'));
    default:
      return undefined;
  }
}

const compiled = new Map<string, RegExp | Error>();

/** An unanchored regex, compiled once; an invalid one is an Error (the hook never matches). */
function compile(pattern: string): RegExp | Error {
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern);
    } catch (err) {
      re = err instanceof Error ? err : new Error(String(err));
    }
    if (compiled.size > 500) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether `matcher` (absent, empty or `*`: everything) matches one of `subjects`; a bad regex reports and fails. */
function regexMatches(hook: HookDefinition, subjects: string[], report: (d: MatcherDiagnostic) => void): boolean {
  const matcher = hook.matcher?.trim();
  if (!matcher || matcher === '*') return true;
  const re = compile(matcher);
  if (re instanceof Error) {
    report({
      hookId: hook.id,
      message: `${where(hook)}: matcher "${matcher}" is not a valid regular expression (${re.message}).`,
    });
    return false;
  }
  return subjects.some((s) => re.test(s));
}

function where(hook: HookDefinition): string {
  return hook.source.position ? `${hook.source.file} ${hook.source.position}` : hook.source.file;
}

/** Whether one hook applies to an event; disabled hooks never do. */
export function hookMatches(
  hook: HookDefinition,
  subject: HookSubject,
  report: (d: MatcherDiagnostic) => void = () => {},
): boolean {
  if (!hook.enabled || hook.event !== subject.event) return false;
  if (TOOL_EVENTS.has(subject.event)) {
    const names = subject.toolName ? hookToolNames(subject.toolName) : [];
    if (hook.toolTypes?.length) {
      return hook.toolTypes.some(
        (t) => toolTypeMatches(t, names) ?? regexMatches({ ...hook, matcher: t }, names, report),
      );
    }
    return regexMatches(hook, names, report);
  }
  if (SOURCE_EVENTS.has(subject.event)) return regexMatches(hook, subject.source ? [subject.source] : [], report);
  if (FILE_EVENTS.has(subject.event)) {
    const file = subject.filePath ?? '';
    // A pattern without `/` (`*.ts`) matches at any depth, as Kiro's file hooks do.
    if (hook.patterns?.length) return hook.patterns.some((p) => matchesGlob(file, p, { anyDepth: true }));
    return regexMatches(hook, [file], report);
  }
  // UserPromptSubmit, Stop and the rest ignore the matcher.
  return true;
}

/** The hooks of a list that apply to an event, each once, in the list's order. */
export function matchingHooks(
  hooks: readonly HookDefinition[],
  subject: HookSubject,
  report?: (d: MatcherDiagnostic) => void,
): HookDefinition[] {
  return hooks.filter((hook) => hookMatches(hook, subject, report));
}

/** The hooks that apply to a hook's stdin input (its `tool_name`, `source` or `file_path`): the engine's selector. */
export function matchingHooksForInput(
  hooks: readonly HookDefinition[],
  input: HookInput,
  report?: (d: MatcherDiagnostic) => void,
): HookDefinition[] {
  const subject = {
    event: input.hook_event_name,
    toolName: input.tool_name,
    source: input.source,
    filePath: input.file_path,
  };
  return matchingHooks(hooks, subject, report);
}

/** The `tool_name` a hook is told on stdin: Codex's name for the tool (`Bash` for exec_command). */
export function hookToolName(toolName: string): string {
  return hookToolNames(toolName)[0];
}
