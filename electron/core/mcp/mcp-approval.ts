import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalPolicy } from '../approvals/approval-policy';
import type { McpServerDefinition, McpToolApprovalMode } from './mcp-types';

/**
 * Whether an MCP tool call runs, asks a person, or is refused, by Codex's rules (`requires_mcp_tool_approval`):
 * the tool's approval mode, its annotations, the session's approval policy and sandbox, and whether anybody can
 * be asked at all. Pure, so the whole table is tested.
 */
export type McpApprovalOutcome =
  | { kind: 'run' }
  /** `remember`: "approve for this session" may be offered (never under `prompt`). */
  | { kind: 'ask'; reason: string; remember: boolean }
  | { kind: 'refuse'; message: string };

export interface McpApprovalInput {
  definition: Pick<McpServerDefinition, 'name' | 'source' | 'defaultApprovalMode' | 'toolApprovalModes'>;
  /** The tool's own name on its server. */
  tool: string;
  annotations?: ToolAnnotations;
  approvalPolicy: ApprovalPolicy;
  sandboxMode?: string;
  /** A person can answer (the window); exec and crew sessions cannot. */
  canAsk: boolean;
}

/** The per-tool mode when the definition sets one, else the server's default. */
export function approvalModeFor(
  definition: Pick<McpServerDefinition, 'defaultApprovalMode' | 'toolApprovalModes'>,
  tool: string,
): McpToolApprovalMode {
  return definition.toolApprovalModes[tool] ?? definition.defaultApprovalMode;
}

/** Why a mode asks for a tool with these annotations, or null when it runs without asking. */
export function whyModeAsks(mode: McpToolApprovalMode, annotations: ToolAnnotations = {}): string | null {
  switch (mode) {
    case 'approve':
      return null;
    case 'prompt':
      return 'its approval mode is "prompt", which asks before every call';
    case 'writes':
      return annotations.readOnlyHint === true
        ? null
        : 'its approval mode is "writes" and the server does not mark it read-only';
    case 'auto':
      // Destructive wins over read-only: a server that says both is asked about.
      if (annotations.destructiveHint === true) return 'the server marks it destructive';
      if (annotations.readOnlyHint === true) return null;
      if (annotations.destructiveHint === false && annotations.openWorldHint === false) return null;
      return 'the server does not mark it read-only, nor both non-destructive and closed-world';
  }
}

export function decideMcpApproval(input: McpApprovalInput): McpApprovalOutcome {
  const mode = approvalModeFor(input.definition, input.tool);
  const why = whyModeAsks(mode, input.annotations);
  if (!why) return { kind: 'run' };
  // Codex's full access: nothing is asked, the person chose to let the agent do anything.
  if (input.approvalPolicy === 'never' && input.sandboxMode === 'danger-full-access') return { kind: 'run' };
  const subject = `The MCP tool ${input.tool} of server ${input.definition.name} was not called: it needs approval (${why})`;
  if (input.approvalPolicy === 'never')
    return {
      kind: 'refuse',
      message: `${subject} and approval_policy is "never", so nobody is asked; ${allowHint(input)}.`,
    };
  if (!input.canAsk)
    return { kind: 'refuse', message: `${subject} and nobody can be asked here; ${allowHint(input)}.` };
  return { kind: 'ask', reason: why, remember: mode !== 'prompt' };
}

/** The setting that lets this tool run without asking, where its server was defined. */
function allowHint(input: McpApprovalInput): string {
  const { definition, tool } = input;
  if (definition.source.format === 'kiro-json')
    return `add "${tool}" to autoApprove of server "${definition.name}" in ${definition.source.file} to allow it`;
  return `set approval_mode = "approve" under [mcp_servers.${tomlKey(definition.name)}.tools.${tomlKey(tool)}] in ${definition.source.file} to allow it`;
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
