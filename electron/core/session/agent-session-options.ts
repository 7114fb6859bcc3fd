import type { SessionEvent, Usage } from '../../contract';
import type { ApprovalPolicy, Approver } from '../approvals/approval-policy';
import type { ModelClient } from '../models/model-client';
import type { Executor } from '../sandbox/executor';
import type { PatchReviewer } from '../tools/patch-review';
import type { PatchScope, Tool } from '../tools/tool';
import type { McpSessionServers } from '../mcp/mcp-session-servers';
import type { HookEngine } from '../hooks/hook-engine';
import type { SessionLimits } from '../limits/session-limits';
import type { Budgets } from './session-budgets';
import type { ModelPrice } from './usage-cost';
import type { PlanModeCommands } from './plan-mode-commands';
import type { Asker } from '../questions/request-user-input-tool';

export interface AgentSessionOptions {
  home: string;
  cwd: string;
  model: string;
  providerId: string;
  client: ModelClient;
  /** Retries of a request the provider answered with a retryable error (429, 5xx), as Codex's request_max_retries. Default 0. */
  requestMaxRetries?: number;
  /** Retries of a response whose stream broke midway, as Codex's stream_max_retries. */
  streamMaxRetries: number;
  instructions: string;
  /** A function when the list can change while the session lives (MCP servers): asked before each model request. */
  tools: Tool[] | (() => Tool[]);
  /** The session's MCP servers: their states are logged at the start, and they close with the session. */
  mcp?: McpSessionServers;
  /** The session's hooks, called at each moment of the loop; absent when none are configured. */
  hooks?: HookEngine;
  executor: Executor;
  /** Where apply_patch may write. Default: the working folder, its .git and .trellis read-only. */
  patchScope?: PatchScope;
  /** Where a person's review or approval lets a patch write whatever the sandbox mode. Default: patchScope. */
  reviewScope?: PatchScope;
  /**
   * Where plan mode runs commands: the read-only sandbox (plan-mode-commands.ts), built the first time plan mode
   * runs one. Default: none, so plan mode runs only commands known to only read, with `executor`.
   */
  planCommands?: () => Promise<PlanModeCommands>;
  /** For commands a person approved to run outside the sandbox. Default: unconfined. */
  escalatedExecutor?: Executor;
  env: Record<string, string>;
  sandboxMode: string;
  approvalPolicy: ApprovalPolicy;
  approver: Approver;
  /** Reviews edits before they are written (the window); exec has none. */
  reviewer?: PatchReviewer;
  /** Shows request_user_input's questions to the person and waits (the window); without it they are refused. */
  asker?: Asker;
  /** Hold every patch for review, whatever the approval policy (always on under `untrusted`). */
  reviewEdits?: boolean;
  /**
   * The edits are reviewed whole, as a crew task's change before it merges (the window's crew, or branches left
   * with --no-merge): patches in its worktree are not held one by one, even under `untrusted`.
   */
  reviewedAsChange?: boolean;
  /** Snapshot the working tree at each turn's start (a private git ref), for review and undo of the turn. */
  checkpoints?: boolean;
  price?: ModelPrice;
  /** config.toml's prices, for a model the person switches to during the session (/model). */
  prices?: Readonly<Record<string, ModelPrice>>;
  contextWindowTokens?: number;
  /** `model_auto_compact_token_limit`: past it the conversation is compacted before the next request. */
  autoCompactTokenLimit?: number;
  /** `compact_prompt`: the person's own wording of the summary request. */
  compactPrompt?: string;
  budgets?: Budgets;
  outputSchema?: Record<string, unknown>;
  reasoningEffort?: string;
  ephemeral?: boolean;
  source?: 'exec' | 'window' | 'crew';
  /** Told of every event after it is on disk. */
  onEvent?: (event: SessionEvent) => void;
  /** What one response may weigh and what the log keeps of streams; defaults in session-limits.ts. */
  limits?: Partial<SessionLimits>;
  /** Base delay for retry backoff; tests shorten it. */
  retryBaseMs?: number;
}

/** `stopped`: a hook answered `"continue": false` (Codex's stop), its stopReason the error. */
export type TurnStatus = 'completed' | 'failed' | 'interrupted' | 'budget' | 'stopped';
export interface TurnResult {
  status: TurnStatus;
  finalMessage: string | null;
  /** The plan a plan-mode answer proposed (its `<proposed_plan>` block), also logged as plan.proposed. */
  plan?: string;
  error?: string;
  usage: Usage;
}
