import { describe, expect, it } from 'vitest';
import { hookMatches, matchingHooks, type HookSubject, type MatcherDiagnostic } from './hook-matcher';
import type { HookDefinition } from './hook-types';

function hook(over: Partial<HookDefinition>): HookDefinition {
  return {
    id: 'h',
    name: 'h',
    source: {
      format: 'codex-json',
      scope: 'repository',
      file: '/repo/.codex/hooks.json',
      position: 'PreToolUse[0].hooks[0]',
    },
    event: 'PreToolUse',
    action: { kind: 'command', command: 'true', timeoutMs: 600_000 },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: 'x',
    ...over,
  };
}

const bash: HookSubject = { event: 'PreToolUse', toolName: 'exec_command' };
const patch: HookSubject = { event: 'PreToolUse', toolName: 'apply_patch' };
const mcp: HookSubject = { event: 'PreToolUse', toolName: 'mcp__github__create_issue' };

describe('hookMatches', () => {
  const table: [string, Partial<HookDefinition>, HookSubject, boolean][] = [
    ['no matcher matches every tool', {}, mcp, true],
    ['empty matcher matches every tool', { matcher: '' }, bash, true],
    ['* matches every tool', { matcher: '*' }, patch, true],
    ['Bash matches exec_command', { matcher: 'Bash' }, bash, true],
    ['Bash does not match apply_patch', { matcher: 'Bash' }, patch, false],
    ['Edit matches apply_patch', { matcher: 'Edit' }, patch, true],
    ['Write matches apply_patch', { matcher: '^Write$' }, patch, true],
    ['apply_patch matches apply_patch', { matcher: 'apply_patch' }, patch, true],
    ['a translated Kiro CLI matcher on exec_command', { matcher: '^exec_command$' }, bash, true],
    [
      'the same when the input already says Bash',
      { matcher: '^exec_command$' },
      { event: 'PreToolUse', toolName: 'Bash' },
      true,
    ],
    ['a translated Kiro CLI @builtin', { matcher: '^(?!mcp__)' }, mcp, false],
    ['Kiro CLI @server/tool', { matcher: '^mcp__github__create_issue$' }, mcp, true],
    ['the regex is unanchored', { matcher: 'ash' }, bash, true],
    ['anchored regex respected', { matcher: '^ash' }, bash, false],
    ['alternatives', { matcher: 'Edit|Write' }, patch, true],
    ['MCP tool by full name', { matcher: 'mcp__github__.*' }, mcp, true],
    ['MCP server by prefix misses another server', { matcher: '^mcp__gitlab__' }, mcp, false],
    ['another event never matches', { event: 'PostToolUse' }, bash, false],
    ['disabled hook never matches', { enabled: false }, bash, false],
    [
      'PermissionRequest matches the tool',
      { event: 'PermissionRequest', matcher: 'Bash' },
      { event: 'PermissionRequest', toolName: 'exec_command' },
      true,
    ],
    [
      'SessionStart matches the source',
      { event: 'SessionStart', matcher: 'startup|resume' },
      { event: 'SessionStart', source: 'resume' },
      true,
    ],
    [
      'SessionStart other source',
      { event: 'SessionStart', matcher: 'startup' },
      { event: 'SessionStart', source: 'clear' },
      false,
    ],
    [
      'PreCompact matches manual|auto',
      { event: 'PreCompact', matcher: 'auto' },
      { event: 'PreCompact', source: 'auto' },
      true,
    ],
    [
      'UserPromptSubmit ignores the matcher',
      { event: 'UserPromptSubmit', matcher: 'Bash' },
      { event: 'UserPromptSubmit' },
      true,
    ],
    ['Stop ignores the matcher', { event: 'Stop', matcher: 'nothing' }, { event: 'Stop' }, true],
    [
      'file event by Kiro glob at any depth',
      { event: 'FileSaved', patterns: ['*.ts'] },
      { event: 'FileSaved', filePath: 'src/a/b.ts' },
      true,
    ],
    [
      'file event glob misses',
      { event: 'FileSaved', patterns: ['src/**/*.ts'] },
      { event: 'FileSaved', filePath: 'docs/a.md' },
      false,
    ],
    [
      'file event by regex on the path',
      { event: 'FileCreated', matcher: '\\.md$' },
      { event: 'FileCreated', filePath: 'docs/a.md' },
      true,
    ],
    ['toolTypes shell is Bash', { toolTypes: ['shell'] }, bash, true],
    ['toolTypes shell is not apply_patch', { toolTypes: ['shell'] }, patch, false],
    ['toolTypes write is apply_patch', { toolTypes: ['write'] }, patch, true],
    ['toolTypes read matches no Trellis tool', { toolTypes: ['read'] }, bash, false],
    ['toolTypes @mcp is every MCP tool', { toolTypes: ['@mcp'] }, mcp, true],
    ['toolTypes * is all', { toolTypes: ['*'] }, patch, true],
    ['toolTypes other is a regex on the tool name', { toolTypes: ['^mcp__github'] }, mcp, true],
  ];
  it.each(table)('%s', (_name, over, subject, expected) => {
    expect(hookMatches(hook(over), subject)).toBe(expected);
  });

  it('an invalid regex never matches and says which hook and why', () => {
    const diagnostics: MatcherDiagnostic[] = [];
    expect(hookMatches(hook({ id: 'bad', matcher: '(Bash' }), bash, (d) => diagnostics.push(d))).toBe(false);
    expect(diagnostics).toEqual([
      {
        hookId: 'bad',
        message: expect.stringMatching(
          /^\/repo\/\.codex\/hooks\.json PreToolUse\[0\]\.hooks\[0\]: matcher "\(Bash" is not a valid regular expression/,
        ),
      },
    ]);
  });
});

describe('matchingHooks', () => {
  it('keeps the matching hooks once each, in order, even where several aliases match', () => {
    const hooks = [
      hook({ id: 'a', matcher: 'Edit|Write|apply_patch' }),
      hook({ id: 'b', matcher: 'Bash' }),
      hook({ id: 'c' }),
    ];
    expect(matchingHooks(hooks, patch).map((h) => h.id)).toEqual(['a', 'c']);
  });
});
