import type { HookDefinition, HookEventName, HookRun } from './hook-types';

/** How a hook's process ended, as the runner saw it (stdout and stderr apart, each bounded). */
export interface HookProcessOutcome {
  exitCode: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  /** Set when the hook's timeout killed it. */
  timedOutAfterMs?: number;
  /** Why it could not be started or was stopped (the session was interrupted). */
  error?: string;
}

/** What a hook's run asked for; the runner adds the hook, the duration, the exit code and the output. */
export type HookVerdict = Omit<HookRun, 'hook' | 'durationMs' | 'exitCode' | 'output'>;

/** The events whose hooks can stop what is happening (Codex's set; Kiro's formats narrow it through `canBlock`). */
const BLOCKABLE = new Set<HookEventName>([
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'UserPromptSubmit',
  'Stop',
  'SubagentStop',
  'PreTaskExec',
]);

/** Whether this hook's block is honoured: its format lets it block, the event is one that can be, and it is awaited. */
export function hookCanBlock(hook: HookDefinition): boolean {
  return hook.canBlock && BLOCKABLE.has(hook.event) && !isAsync(hook);
}

function isAsync(hook: HookDefinition): boolean {
  return hook.action.kind === 'command' && !!hook.action.async;
}

/** Why a block is not honoured, for the person. */
function cannotBlock(hook: HookDefinition): string {
  return isAsync(hook) ? 'an async hook cannot block' : `${hook.event} cannot be blocked`;
}

/**
 * Codex's exit-code and stdout rules (codex-rs hooks engine/output_parser.rs) with Kiro's plain-stdout context:
 * exit 0 reads stdout as JSON when it is a JSON object, else as text; exit 2 with stderr blocks; anything else fails
 * and is shown to the person, never a block.
 */
export function interpretHookOutcome(hook: HookDefinition, outcome: HookProcessOutcome): HookVerdict {
  if (outcome.timedOutAfterMs !== undefined) {
    return failed(`${hook.name} timed out after ${formatSeconds(outcome.timedOutAfterMs)}.`);
  }
  if (outcome.error) return failed(`${hook.name} failed: ${outcome.error}`);
  const stderr = outcome.stderr.trim();
  if (outcome.exitCode === 2 && stderr) {
    if (hookCanBlock(hook)) return { status: 'blocked', reason: stderr };
    return failed(`${hook.name} exited with code 2, but ${cannotBlock(hook)}: ${stderr}`);
  }
  // Kiro's IDE hooks (.kiro.hook runCommand): "If the command returns any other exit code, the stderr output of the
  // command is sent to the agent, and the agent is notified that the hook returned an error"
  // (kiro.dev/docs/hooks/actions), and Prompt Submit hooks exist to "block certain prompts" (kiro.dev/docs/hooks/types):
  // where such a hook may block, any non-zero exit blocks, not only 2 as in Codex and Kiro CLI.
  if (hook.source.format === 'kiro-hook' && outcome.exitCode !== null && outcome.exitCode !== 0 && hookCanBlock(hook)) {
    return { status: 'blocked', reason: stderr || `${hook.name} exited with code ${outcome.exitCode}` };
  }
  if (outcome.exitCode !== 0) {
    const how =
      outcome.exitCode === null
        ? `was ended by ${outcome.signal ?? 'a signal'}`
        : `exited with code ${outcome.exitCode}`;
    return failed(`${hook.name} ${how}${stderr ? `: ${stderr}` : '.'}`);
  }
  const json = parseObject(outcome.stdout);
  // A Kiro script printing JSON of its own (`{"status": "ok"}`) meant it as context, not as hook output.
  if (json && (!hook.plainStdoutIsContext || Object.keys(json).some((key) => HOOK_OUTPUT_KEYS.has(key)))) {
    return interpretJson(hook, json);
  }
  const text = outcome.stdout.trim();
  // Codex ignores plain stdout (it stays in the run's output); Kiro adds it to the model's context.
  if (text && hook.plainStdoutIsContext) return { status: 'completed', additionalContext: text };
  return { status: 'completed' };
}

function failed(systemMessage: string): HookVerdict {
  return { status: 'failed', systemMessage };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

type Json = Record<string, unknown>;

/** The top-level fields of Codex's hook output. */
const HOOK_OUTPUT_KEYS = new Set([
  'continue',
  'stopReason',
  'suppressOutput',
  'systemMessage',
  'decision',
  'reason',
  'hookSpecificOutput',
  'additionalContext',
]);

function parseObject(stdout: string): Json | undefined {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function interpretJson(hook: HookDefinition, json: Json): HookVerdict {
  const specific = isObject(json.hookSpecificOutput) ? json.hookSpecificOutput : {};
  const verdict: HookVerdict = { status: 'completed' };
  const notes: string[] = [];
  const systemMessage = str(json.systemMessage);
  if (systemMessage) notes.push(systemMessage);
  const context = str(specific.additionalContext) ?? str(json.additionalContext);
  if (context) verdict.additionalContext = context;

  const unsupported = (what: string) =>
    notes.push(`${hook.name}: ${what} is not supported for ${hook.event}; ignored (the event goes on).`);

  if (hook.event === 'PreToolUse') {
    // Codex rejects these for PreToolUse and fails open: the call still runs.
    if (json.continue === false) unsupported('"continue": false');
    if (json.stopReason !== undefined) unsupported('"stopReason"');
    if (json.suppressOutput !== undefined) unsupported('"suppressOutput"');
  } else {
    if (json.continue === false) verdict.stop = { reason: str(json.stopReason) };
    if (json.suppressOutput === true) verdict.suppressOutput = true;
  }

  const block = (reason: string | undefined, field: string): void => {
    if (!reason) notes.push(`${hook.name}: ${field} without a reason; ignored (the event goes on).`);
    else if (!hookCanBlock(hook)) notes.push(`${hook.name} asked to block, but ${cannotBlock(hook)}: ${reason}`);
    else {
      verdict.status = 'blocked';
      verdict.reason = reason;
    }
  };

  if (json.decision === 'block') block(str(json.reason), '"decision": "block"');
  else if (json.decision !== undefined && hook.event !== 'PermissionRequest')
    unsupported(`"decision": ${JSON.stringify(json.decision)}`);

  if (hook.event === 'PreToolUse') {
    const decision = specific.permissionDecision;
    if (decision === 'deny') {
      block(
        str(specific.permissionDecisionReason) ?? `denied by the hook ${hook.name}`,
        '"permissionDecision": "deny"',
      );
    } else if (decision === 'allow') {
      if (specific.updatedInput !== undefined) verdict.updatedInput = specific.updatedInput;
      else unsupported('"permissionDecision": "allow" without "updatedInput"');
    } else if (decision !== undefined) {
      unsupported(`"permissionDecision": ${JSON.stringify(decision)}`);
    }
  }

  if (hook.event === 'PermissionRequest') {
    for (const field of ['updatedInput', 'updatedPermissions', 'interrupt'] as const) {
      // Codex fails closed here: the hook's answer is dropped and the person is asked as usual.
      if (specific[field] !== undefined && specific[field] !== false) {
        return failed(`${hook.name}: "${field}" is not supported for PermissionRequest; the person is asked instead.`);
      }
    }
    const decision = isObject(specific.decision) ? specific.decision : undefined;
    if (decision?.behavior === 'deny') {
      block(str(decision.message) ?? `denied by the hook ${hook.name}`, 'a deny');
      if (verdict.status === 'blocked') verdict.permission = 'deny';
    } else if (decision?.behavior === 'allow') {
      verdict.permission = 'allow';
    } else if (decision) {
      unsupported(`"behavior": ${JSON.stringify(decision.behavior)}`);
    }
  }

  if (hook.event === 'PostToolUse') {
    const updated = specific.updatedToolOutput ?? specific.updatedMCPToolOutput;
    if (updated !== undefined) verdict.updatedToolOutput = updated;
  }

  if (notes.length) verdict.systemMessage = notes.join('\n');
  return verdict;
}
