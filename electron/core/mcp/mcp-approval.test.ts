import { describe, expect, it } from 'vitest';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { decideMcpApproval, type McpApprovalInput } from './mcp-approval';
import type { McpToolApprovalMode } from './mcp-types';

const READ_ONLY: ToolAnnotations = { readOnlyHint: true };
const DESTRUCTIVE: ToolAnnotations = { destructiveHint: true };
const BOTH: ToolAnnotations = { readOnlyHint: true, destructiveHint: true };
const CLOSED_SAFE: ToolAnnotations = { destructiveHint: false, openWorldHint: false };
const SAFE_OPEN: ToolAnnotations = { destructiveHint: false, openWorldHint: true };
const NONE: ToolAnnotations = {};

function input(mode: McpToolApprovalMode, annotations: ToolAnnotations, more: Partial<McpApprovalInput> = {}) {
  return {
    definition: {
      name: 'everything',
      source: { format: 'codex-toml', scope: 'user', file: '/home/me/.trellis/config.toml' },
      defaultApprovalMode: mode,
      toolApprovalModes: {},
    },
    tool: 'echo',
    annotations,
    approvalPolicy: 'on-request',
    sandboxMode: 'workspace-write',
    canAsk: true,
    ...more,
  } satisfies McpApprovalInput;
}

describe('MCP tool approvals follow Codex', () => {
  // [mode, annotations, asks?]
  const table: [McpToolApprovalMode, ToolAnnotations, boolean][] = [
    ['approve', DESTRUCTIVE, false],
    ['approve', NONE, false],
    ['prompt', READ_ONLY, true],
    ['prompt', CLOSED_SAFE, true],
    ['auto', DESTRUCTIVE, true],
    ['auto', BOTH, true],
    ['auto', READ_ONLY, false],
    ['auto', CLOSED_SAFE, false],
    ['auto', SAFE_OPEN, true],
    ['auto', { openWorldHint: false }, true],
    ['auto', NONE, true],
    ['writes', READ_ONLY, false],
    ['writes', CLOSED_SAFE, true],
    ['writes', NONE, true],
  ];
  it.each(table)('mode %s with %j asks: %s', (mode, annotations, asks) => {
    expect(decideMcpApproval(input(mode, annotations)).kind).toBe(asks ? 'ask' : 'run');
  });

  it('"approve for this session" is offered except under prompt, which asks every time', () => {
    expect(decideMcpApproval(input('auto', NONE))).toMatchObject({ kind: 'ask', remember: true });
    expect(decideMcpApproval(input('prompt', NONE))).toMatchObject({ kind: 'ask', remember: false });
  });

  it('a per-tool mode overrides the server default', () => {
    const base = input('prompt', DESTRUCTIVE);
    const overridden = { ...base, definition: { ...base.definition, toolApprovalModes: { echo: 'approve' as const } } };
    expect(decideMcpApproval(overridden).kind).toBe('run');
    expect(decideMcpApproval({ ...overridden, tool: 'other' }).kind).toBe('ask');
  });

  it('full access (never + danger-full-access) runs what would ask', () => {
    const full = input('prompt', DESTRUCTIVE, { approvalPolicy: 'never', sandboxMode: 'danger-full-access' });
    expect(decideMcpApproval(full).kind).toBe('run');
  });

  it('approval_policy never otherwise refuses with a sentence naming the key that allows it', () => {
    const outcome = decideMcpApproval(input('auto', DESTRUCTIVE, { approvalPolicy: 'never' }));
    expect(outcome).toEqual({
      kind: 'refuse',
      message:
        'The MCP tool echo of server everything was not called: it needs approval (the server marks it destructive) and approval_policy is "never", so nobody is asked; set approval_mode = "approve" under [mcp_servers.everything.tools.echo] in /home/me/.trellis/config.toml to allow it.',
    });
  });

  it('where nobody can be asked (exec), a call that would ask is refused; one that would run still runs', () => {
    const refused = decideMcpApproval(input('auto', DESTRUCTIVE, { canAsk: false }));
    expect(refused.kind).toBe('refuse');
    expect(refused.kind === 'refuse' && refused.message).toContain('nobody can be asked here');
    expect(decideMcpApproval(input('auto', READ_ONLY, { canAsk: false })).kind).toBe('run');
  });

  it("a Kiro server's refusal names autoApprove in its mcp.json", () => {
    const kiro = input('auto', DESTRUCTIVE, { canAsk: false });
    kiro.definition.source = { format: 'kiro-json', scope: 'repository', file: '/repo/.kiro/settings/mcp.json' };
    const outcome = decideMcpApproval(kiro);
    expect(outcome.kind === 'refuse' && outcome.message).toContain(
      'add "echo" to autoApprove of server "everything" in /repo/.kiro/settings/mcp.json',
    );
  });
});
