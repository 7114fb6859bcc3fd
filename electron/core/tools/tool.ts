import type { SessionEventBody } from '../../contract';
import type { SessionApprovals, ApprovalPolicy } from '../approvals/approval-policy';
import type { ToolSpec } from '../models/model-client';
import type { Executor } from '../sandbox/executor';
import type { PatchReviewer } from './patch-review';

export interface PatchScope {
  writableRoots: string[];
  readOnlyPaths: string[];
}

/** What a tool may use while it runs one call. */
export interface ToolContext {
  cwd: string;
  turn: number;
  callId: string;
  signal: AbortSignal;
  executor: Executor;
  /** Where apply_patch may write: the sandbox's writable roots, minus what stays read-only inside them. */
  patchScope: PatchScope;
  /**
   * Where a person's decision (a review, or an approval under on-request / on-failure) lets a patch write,
   * whatever the sandbox mode: the opened folder, with .git, .trellis and the sandbox's read-only places still
   * refused. Default: patchScope.
   */
  reviewScope?: PatchScope;
  /** A person can be asked (the window); exec and crew sessions answer for themselves. */
  canAsk?: boolean;
  /** The session's sandbox_mode, named when a refusal says how to change it. */
  sandboxMode?: string;
  /** Runs outside the sandbox, only after a person approved exactly that (escalation). */
  escalatedExecutor: Executor;
  env: Record<string, string>;
  approvalPolicy: ApprovalPolicy;
  approvals: SessionApprovals;
  /** Edits are held for a person's review before they are written (`untrusted`, or the session's setting). */
  reviewEdits?: boolean;
  /** Who reviews them; absent (exec): edits that need a review are refused. */
  reviewer?: PatchReviewer;
  /** Streamed output of one command logged at most (session_log_max_exec_output_bytes); the rest is counted. */
  maxLoggedExecOutputBytes?: number;
  /** Log an event (on disk before anyone sees it). */
  emit(event: SessionEventBody): Promise<void>;
}

export interface ToolOutput {
  /** The text the model gets back. */
  output: string;
  isError: boolean;
}

export interface Tool {
  spec: ToolSpec;
  /**
   * It changes nothing (update_plan, an MCP tool its server annotates readOnlyHint): plan mode lets it run. Tools
   * without it are refused there, except exec_command, which plan mode runs under the read-only sandbox.
   */
  readOnly?: boolean;
  run(input: string, context: ToolContext): Promise<ToolOutput>;
}

/** Parse a function tool's JSON arguments; a model's malformed JSON becomes an error it can read and fix. */
export function parseArguments<T>(input: string, check: (value: unknown) => T | string): T | ToolOutput {
  let value: unknown;
  try {
    value = JSON.parse(input || '{}');
  } catch (err) {
    return {
      output: `The arguments are not valid JSON (${(err as Error).message}). Send a JSON object.`,
      isError: true,
    };
  }
  const checked = check(value);
  return typeof checked === 'string' ? { output: checked, isError: true } : checked;
}

export function isToolOutput(value: unknown): value is ToolOutput {
  return typeof value === 'object' && value !== null && 'isError' in value && 'output' in value;
}
