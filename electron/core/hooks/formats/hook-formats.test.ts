import { describe, expect, it } from 'vitest';
import { parseCodexEvents, parseCodexHooksJson } from './codex-hooks';
import type { HookFileContext } from './hook-format-common';
import {
  CODEX_HOOKS_JSON,
  KIRO_AGENT_WITH_HOOKS,
  KIRO_INVENTED_HOOK,
  KIRO_LEGACY_HOOK,
  KIRO_V1_HOOKS,
} from './hook-fixtures';
import { parseKiroAgentHooks, translateKiroMatcher } from './kiro-agent-hooks';
import { parseKiroHookFile } from './kiro-hook-file';
import { parseKiroV1Hooks } from './kiro-v1-hooks';

const at = (shown: string): HookFileContext => ({ file: `/repo/${shown}`, shown, scope: 'repository' });

describe('hook formats', () => {
  it("reads a real Codex hooks.json: a Stop command with its timeout in seconds and status message, Codex's blocking", () => {
    const { hooks, diagnostics } = parseCodexHooksJson(CODEX_HOOKS_JSON, at('.codex/hooks.json'));
    expect(diagnostics).toEqual([]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      id: '/repo/.codex/hooks.json:stop:0:0',
      event: 'Stop',
      source: { format: 'codex-json', scope: 'repository', position: 'Stop[0].hooks[0]' },
      action: { kind: 'command', timeoutMs: 300_000, statusMessage: 'Running stop-hook checks' },
      enabled: true,
      canBlock: true,
      plainStdoutIsContext: false,
    });
    expect(hooks[0]!.matcher).toBeUndefined();
  });

  it('reads inline [hooks] the same way, skipping prompt/agent handlers and [hooks.state] with a diagnostic for the first only', () => {
    const inline = {
      PreToolUse: [
        {
          matcher: 'Bash',
          hooks: [
            { type: 'command', command: 'check.sh' },
            { type: 'prompt', prompt: 'is this safe?' },
          ],
        },
      ],
      NotAnEvent: [],
      state: { 'x:pre_tool_use:0:0': { enabled: false } },
    };
    const { hooks, diagnostics } = parseCodexEvents(inline, at('config.toml'), 'codex-toml');
    expect(hooks.map((h) => [h.event, h.matcher, h.action.kind === 'command' && h.action.timeoutMs])).toEqual([
      ['PreToolUse', 'Bash', 600_000],
    ]);
    expect(diagnostics).toEqual([
      'config.toml: hooks.PreToolUse[0].hooks[1]: type "prompt" is not run (only "command" hooks are); skipped',
      'config.toml: hooks.NotAnEvent: not a Codex hook event; skipped',
    ]);
  });

  it('reads a real legacy .kiro.hook: a file-save agent hook with its globs, enabled, not blocking', () => {
    const { hooks, diagnostics } = parseKiroHookFile(KIRO_LEGACY_HOOK, at('.kiro/hooks/prisma-sync-agent.kiro.hook'));
    expect(diagnostics).toEqual([]);
    expect(hooks[0]).toMatchObject({
      name: 'Prisma Database Sync Agent',
      event: 'FileSaved',
      patterns: expect.arrayContaining(['backend/prisma/schema.prisma']) as string[],
      action: { kind: 'agent' },
      enabled: true,
      canBlock: false,
      plainStdoutIsContext: true,
    });
  });

  it('maps every legacy when.type, runCommand with its default 60 s, and blocks only where Kiro does', () => {
    const hook = (type: string) =>
      parseKiroHookFile(
        JSON.stringify({ name: type, when: { type }, then: { type: 'runCommand', command: 'true' } }),
        at(`.kiro/hooks/${type}.kiro.hook`),
      ).hooks[0]!;
    expect(
      [
        'fileCreated',
        'fileDeleted',
        'userTriggered',
        'promptSubmit',
        'agentStop',
        'preToolUse',
        'postToolUse',
        'preTaskExecution',
        'postTaskExecution',
      ].map((t) => [hook(t).event, hook(t).canBlock]),
    ).toEqual([
      ['FileCreated', false],
      ['FileDeleted', false],
      ['Manual', false],
      ['UserPromptSubmit', true],
      ['Stop', false],
      ['PreToolUse', true],
      ['PostToolUse', false],
      ['PreTaskExec', true],
      ['PostTaskExec', false],
    ]);
    expect(hook('agentStop').action).toEqual({ kind: 'command', command: 'true', timeoutMs: 60_000 });
  });

  it('skips an invented trigger/action .kiro.hook with one diagnostic saying what is wrong', () => {
    const { hooks, diagnostics } = parseKiroHookFile(KIRO_INVENTED_HOOK, at('.kiro/hooks/docs-sync.kiro.hook'));
    expect(hooks).toEqual([]);
    expect(diagnostics).toEqual([
      '.kiro/hooks/docs-sync.kiro.hook: not a Kiro hook: expected "when" and "then", found "trigger" and "action"; skipped',
    ]);
  });

  it('reads a real Kiro v1 file: PostFileSave as FileSaved with its regex, disabled as written', () => {
    const { hooks, diagnostics } = parseKiroV1Hooks(KIRO_V1_HOOKS, at('.kiro/hooks/run-tests-on-save.json'));
    expect(diagnostics).toEqual([]);
    expect(hooks[0]).toMatchObject({
      name: 'Run Tests on Save',
      event: 'FileSaved',
      action: { kind: 'agent' },
      enabled: false,
      source: { format: 'kiro-v1', position: 'hooks[0]' },
    });
    expect(new RegExp(hooks[0]!.matcher!).test('src/a.test.ts')).toBe(true);
  });

  it('reads v1 AgentSpawn as SessionStart and keeps the good entries when one is broken', () => {
    const text = JSON.stringify({
      version: 'v1',
      hooks: [
        { name: 'spawn', trigger: 'AgentSpawn', action: { type: 'command', command: 'git status' }, timeout: 0 },
        { name: 'bad', trigger: 'OnSave', action: { type: 'command', command: 'x' } },
        { name: 'gate', trigger: 'PreTaskExec', action: { type: 'command', command: 'make lint' } },
      ],
    });
    const { hooks, diagnostics } = parseKiroV1Hooks(text, at('.kiro/hooks/h.json'));
    expect(hooks.map((h) => [h.name, h.event, h.canBlock])).toEqual([
      ['spawn', 'SessionStart', false],
      ['gate', 'PreTaskExec', true],
    ]);
    expect(hooks[0]!.action).toMatchObject({ timeoutMs: 0 });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^\.kiro\/hooks\/h\.json: hooks\[1\]: trigger "OnSave" is not one of .*; skipped$/);
  });

  it("reads a Kiro CLI agent's hooks with timeout_ms, cache_ttl_seconds and matchers on Trellis tool names", () => {
    const { hooks, diagnostics } = parseKiroAgentHooks(KIRO_AGENT_WITH_HOOKS, at('.kiro/agents/aws.json'));
    expect(diagnostics).toEqual([]);
    expect(
      hooks.map((h) => [h.event, h.matcher, h.action.kind === 'command' && h.action.timeoutMs, h.cacheTtlSeconds]),
    ).toEqual([
      ['SessionStart', undefined, 30_000, undefined],
      ['PreToolUse', '^exec_command$', 30_000, undefined],
      ['PreToolUse', '^mcp__git__status$', 5000, 60],
      ['Stop', undefined, 30_000, undefined],
    ]);
    expect(hooks.every((h) => h.source.format === 'kiro-agent' && h.plainStdoutIsContext)).toBe(true);
  });

  it('translates Kiro CLI matchers, and says which name no Trellis tool has', () => {
    expect(translateKiroMatcher('*')).toBeUndefined();
    expect(translateKiroMatcher('fs_write')).toBe('^apply_patch$');
    expect(translateKiroMatcher('@git')).toBe('^mcp__git__');
    expect(new RegExp(translateKiroMatcher('@builtin')!).test('mcp__git__status')).toBe(false);
    expect(translateKiroMatcher('fs_read')).toBeNull();
    const { hooks, diagnostics } = parseKiroAgentHooks(
      JSON.stringify({ hooks: { postToolUse: [{ matcher: 'fs_read', command: 'x' }] } }),
      at('.kiro/agents/r.json'),
    );
    expect(hooks).toEqual([]);
    expect(diagnostics).toEqual([
      '.kiro/agents/r.json: hooks.postToolUse[0]: matcher "fs_read" names no Trellis tool; skipped',
    ]);
  });

  it("hashes each hook's own definition: key order does not matter, an edit of one leaves its neighbour's hash alone", () => {
    const file = (first: string, second: string) =>
      JSON.stringify({
        hooks: {
          PreToolUse: [
            {
              matcher: 'Bash',
              hooks: [
                { type: 'command', command: first },
                { command: second, type: 'command' },
              ],
            },
          ],
        },
      });
    const before = parseCodexHooksJson(file('a.sh', 'b.sh'), at('.codex/hooks.json')).hooks;
    const after = parseCodexHooksJson(file('a.sh --edited', 'b.sh'), at('.codex/hooks.json')).hooks;
    const reordered = parseCodexHooksJson(
      '{"hooks":{"PreToolUse":[{"hooks":[{"command":"a.sh","type":"command"},{"type":"command","command":"b.sh"}],"matcher":"Bash"}]}}',
      at('.codex/hooks.json'),
    ).hooks;
    expect(after[0]!.hash).not.toBe(before[0]!.hash);
    expect(after[1]!.hash).toBe(before[1]!.hash);
    expect(reordered.map((h) => h.hash)).toEqual(before.map((h) => h.hash));
  });
});
