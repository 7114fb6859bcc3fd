/** The formats doc §1 (Codex's output_parser) and §2 (Kiro), row by row. */
import { describe, expect, it } from 'vitest';
import { interpretHookOutcome, type HookProcessOutcome, type HookVerdict } from './hook-output';
import type { HookDefinition, HookEventName } from './hook-types';

function hook(event: HookEventName, over: Partial<HookDefinition> = {}): HookDefinition {
  return {
    id: 'h',
    name: 'guard',
    source: { format: 'codex-json', scope: 'user', file: '/h/hooks.json', position: '' },
    event,
    action: { kind: 'command', command: 'true', timeoutMs: 600_000 },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: 'x',
    ...over,
  };
}
const kiro = (event: HookEventName, canBlock: boolean) =>
  hook(event, {
    canBlock,
    plainStdoutIsContext: true,
    source: { format: 'kiro-v1', scope: 'repository', file: '/r/.kiro/hooks/a.json', position: 'hooks[0]' },
  });

/** A legacy Kiro IDE hook (.kiro.hook runCommand). */
const kiroIde = (event: HookEventName, canBlock: boolean) =>
  hook(event, {
    canBlock,
    plainStdoutIsContext: true,
    source: { format: 'kiro-hook', scope: 'repository', file: '/r/.kiro/hooks/a.kiro.hook', position: '' },
  });

const exit = (exitCode: number | null, stdout = '', stderr = ''): HookProcessOutcome => ({ exitCode, stdout, stderr });
const json = (value: unknown) => exit(0, JSON.stringify(value));

const table: [string, HookDefinition, HookProcessOutcome, HookVerdict][] = [
  ['exit 0, no output', hook('PreToolUse'), exit(0), { status: 'completed' }],
  ['exit 0, Codex plain text is not context', hook('UserPromptSubmit'), exit(0, 'hello\n'), { status: 'completed' }],
  [
    'exit 0, Kiro plain text is context',
    kiro('UserPromptSubmit', true),
    exit(0, 'branch: main\n'),
    { status: 'completed', additionalContext: 'branch: main' },
  ],
  [
    'exit 0, text that only looks like JSON is text',
    kiro('SessionStart', false),
    exit(0, '{not json'),
    { status: 'completed', additionalContext: '{not json' },
  ],
  [
    'exit 2 with stderr blocks with stderr as the reason',
    hook('PreToolUse'),
    exit(2, '', 'no rm -rf\n'),
    { status: 'blocked', reason: 'no rm -rf' },
  ],
  [
    'exit 2 with empty stderr fails',
    hook('PreToolUse'),
    exit(2),
    { status: 'failed', systemMessage: 'guard exited with code 2.' },
  ],
  [
    'exit 1 fails, not a block',
    hook('PreToolUse'),
    exit(1, '', 'oops'),
    { status: 'failed', systemMessage: 'guard exited with code 1: oops' },
  ],
  [
    'exit 2 where the event cannot block fails',
    hook('SessionStart'),
    exit(2, '', 'nope'),
    { status: 'failed', systemMessage: 'guard exited with code 2, but SessionStart cannot be blocked: nope' },
  ],
  [
    'exit 2 where the format cannot block (Kiro PostToolUse) fails',
    kiro('PostToolUse', false),
    exit(2, '', 'nope'),
    { status: 'failed', systemMessage: 'guard exited with code 2, but PostToolUse cannot be blocked: nope' },
  ],
  [
    'killed by a signal fails',
    hook('Stop'),
    { ...exit(null), signal: 'SIGKILL' },
    { status: 'failed', systemMessage: 'guard was ended by SIGKILL.' },
  ],
  [
    'timed out fails saying after how long',
    hook('PreToolUse'),
    { ...exit(null), timedOutAfterMs: 60_000 },
    { status: 'failed', systemMessage: 'guard timed out after 60 s.' },
  ],
  [
    'not started fails with why',
    hook('PreToolUse'),
    { ...exit(127), error: 'spawn bash ENOENT' },
    { status: 'failed', systemMessage: 'guard failed: spawn bash ENOENT' },
  ],
  [
    'systemMessage is shown',
    hook('Stop'),
    json({ systemMessage: 'tests pass' }),
    { status: 'completed', systemMessage: 'tests pass' },
  ],
  [
    'PreToolUse deny blocks with its reason',
    hook('PreToolUse'),
    json({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: 'not on main',
      },
    }),
    { status: 'blocked', reason: 'not on main' },
  ],
  [
    'PreToolUse allow with updatedInput rewrites',
    hook('PreToolUse'),
    json({ hookSpecificOutput: { permissionDecision: 'allow', updatedInput: { command: 'ls -a' } } }),
    { status: 'completed', updatedInput: { command: 'ls -a' } },
  ],
  [
    'PreToolUse bare allow fails open',
    hook('PreToolUse'),
    json({ hookSpecificOutput: { permissionDecision: 'allow' } }),
    {
      status: 'completed',
      systemMessage:
        'guard: "permissionDecision": "allow" without "updatedInput" is not supported for PreToolUse; ignored (the event goes on).',
    },
  ],
  [
    'PreToolUse ask fails open',
    hook('PreToolUse'),
    json({ hookSpecificOutput: { permissionDecision: 'ask' } }),
    {
      status: 'completed',
      systemMessage: 'guard: "permissionDecision": "ask" is not supported for PreToolUse; ignored (the event goes on).',
    },
  ],
  [
    'PreToolUse continue:false fails open',
    hook('PreToolUse'),
    json({ continue: false, stopReason: 'x' }),
    {
      status: 'completed',
      systemMessage:
        'guard: "continue": false is not supported for PreToolUse; ignored (the event goes on).\nguard: "stopReason" is not supported for PreToolUse; ignored (the event goes on).',
    },
  ],
  [
    'PreToolUse legacy decision block',
    hook('PreToolUse'),
    json({ decision: 'block', reason: 'legacy' }),
    { status: 'blocked', reason: 'legacy' },
  ],
  [
    'decision block without a reason is ignored',
    hook('UserPromptSubmit'),
    json({ decision: 'block' }),
    { status: 'completed', systemMessage: 'guard: "decision": "block" without a reason; ignored (the event goes on).' },
  ],
  [
    'PreToolUse additionalContext',
    hook('PreToolUse'),
    json({ hookSpecificOutput: { additionalContext: 'careful' } }),
    { status: 'completed', additionalContext: 'careful' },
  ],
  [
    'UserPromptSubmit block',
    hook('UserPromptSubmit'),
    json({ decision: 'block', reason: 'no secrets in prompts' }),
    { status: 'blocked', reason: 'no secrets in prompts' },
  ],
  [
    'Stop block: the reason continues the turn',
    hook('Stop'),
    json({ decision: 'block', reason: 'run the tests' }),
    { status: 'blocked', reason: 'run the tests' },
  ],
  [
    'continue:false stops with stopReason',
    hook('Stop'),
    json({ continue: false, stopReason: 'budget' }),
    { status: 'completed', stop: { reason: 'budget' } },
  ],
  [
    'suppressOutput kept where supported',
    hook('PostToolUse'),
    json({ suppressOutput: true }),
    { status: 'completed', suppressOutput: true },
  ],
  [
    'PostToolUse updatedToolOutput',
    hook('PostToolUse'),
    json({ hookSpecificOutput: { updatedToolOutput: 'redacted' } }),
    { status: 'completed', updatedToolOutput: 'redacted' },
  ],
  [
    'PostToolUse updatedMCPToolOutput',
    hook('PostToolUse'),
    json({ hookSpecificOutput: { updatedMCPToolOutput: { content: [] } } }),
    { status: 'completed', updatedToolOutput: { content: [] } },
  ],
  [
    'PermissionRequest allow',
    hook('PermissionRequest'),
    json({ hookSpecificOutput: { decision: { behavior: 'allow' } } }),
    { status: 'completed', permission: 'allow' },
  ],
  [
    'PermissionRequest deny',
    hook('PermissionRequest'),
    json({ hookSpecificOutput: { decision: { behavior: 'deny', message: 'no network' } } }),
    { status: 'blocked', reason: 'no network', permission: 'deny' },
  ],
  [
    'PermissionRequest updatedInput fails closed',
    hook('PermissionRequest'),
    json({ hookSpecificOutput: { decision: { behavior: 'allow' }, updatedInput: {} } }),
    {
      status: 'failed',
      systemMessage: 'guard: "updatedInput" is not supported for PermissionRequest; the person is asked instead.',
    },
  ],
  [
    'an async hook cannot block',
    hook('PreToolUse', { action: { kind: 'command', command: 'x', timeoutMs: 1, async: true } }),
    exit(2, '', 'late'),
    { status: 'failed', systemMessage: 'guard exited with code 2, but an async hook cannot block: late' },
  ],
  [
    'Kiro: JSON of the script’s own is context',
    kiro('UserPromptSubmit', true),
    exit(0, '{"status":"ok"}\n'),
    { status: 'completed', additionalContext: '{"status":"ok"}' },
  ],
  [
    'Codex: JSON with no hook field is read and asks nothing',
    hook('UserPromptSubmit'),
    exit(0, '{"status":"ok"}'),
    { status: 'completed' },
  ],
  [
    'Kiro JSON is read as JSON too',
    kiro('PreToolUse', true),
    json({ decision: 'block', reason: 'kiro says no' }),
    { status: 'blocked', reason: 'kiro says no' },
  ],
  [
    'Kiro IDE (.kiro.hook): any non-zero exit blocks where it may block, its stderr the reason',
    kiroIde('UserPromptSubmit', true),
    exit(1, '', 'no prompts about production\n'),
    { status: 'blocked', reason: 'no prompts about production' },
  ],
  [
    'Kiro IDE: a silent non-zero exit still blocks, said by its code',
    kiroIde('PreToolUse', true),
    exit(3),
    { status: 'blocked', reason: 'guard exited with code 3' },
  ],
  [
    'Kiro IDE: where it may not block, a non-zero exit is a failure shown to the person',
    kiroIde('PostToolUse', false),
    exit(1, '', 'lint failed'),
    { status: 'failed', systemMessage: 'guard exited with code 1: lint failed' },
  ],
  [
    'Kiro v1 and CLI block on exit 2 only, as Codex',
    kiro('PreToolUse', true),
    exit(1, '', 'oops'),
    { status: 'failed', systemMessage: 'guard exited with code 1: oops' },
  ],
];

describe('interpretHookOutcome', () => {
  it.each(table)('%s', (_name, h, outcome, expected) => {
    expect(interpretHookOutcome(h, outcome)).toEqual(expected);
  });
});
