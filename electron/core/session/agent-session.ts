import path from 'node:path';
import type { SessionEvent, SessionEventBody, TurnAttachment, Usage } from '../../contract';
import { ZERO_USAGE } from '../../contract';
import { SessionApprovals, type ApprovalPolicy, type Approver } from '../approvals/approval-policy';
import type { ConversationItem, ModelClient, TokenUsage } from '../models/model-client';
import { ModelError } from '../models/model-client';
import type { Executor } from '../sandbox/executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { createCheckpoint } from '../review/checkpoints';
import { repoRoot } from '../git/git';
import { pinRepository } from '../git/git-dir';
import type { PatchReviewer } from '../tools/patch-review';
import type { PatchScope, Tool } from '../tools/tool';
import type { McpSessionServers } from '../mcp/mcp-session-servers';
import { permissionModeFor, type HookEngine } from '../hooks/hook-engine';
import { fitContextWindow } from './context-window';
import { rebuildSession } from './conversation';
import { userTurnText } from './turn-text';
import { DEFAULT_SESSION_LIMITS, ResponseTooLargeError, type SessionLimits } from '../limits/session-limits';
import { SessionLog } from './session-log';
import { addUsage, costOf, type ModelPrice } from './usage-cost';

export interface Budgets {
  /** Model requests in one run of a prompt (a loop that never ends is the usual runaway). */
  maxTurns?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

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
  /** For commands a person approved to run outside the sandbox. Default: unconfined. */
  escalatedExecutor?: Executor;
  env: Record<string, string>;
  sandboxMode: string;
  approvalPolicy: ApprovalPolicy;
  approver: Approver;
  /** Reviews edits before they are written (the window); exec has none. */
  reviewer?: PatchReviewer;
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
  contextWindowTokens?: number;
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

export type TurnStatus = 'completed' | 'failed' | 'interrupted' | 'budget';
export interface TurnResult {
  status: TurnStatus;
  finalMessage: string | null;
  error?: string;
  usage: Usage;
}

const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * One agent conversation: streams the model, runs the tools it asks for,
 * feeds the results back, and records every step in the session log first.
 */
export class AgentSession {
  private items: ConversationItem[];
  private usage: Usage;
  private turn: number;
  private readonly approvals: SessionApprovals;
  private reviewEditsSetting: boolean;
  private readonly limits: SessionLimits;
  /** The repository of the working folder, found once, at the first checkpoint (before the agent acted). */
  private repo?: Promise<string | null>;
  /** Context hooks gave for the next prompt (SessionStart's, UserPromptSubmit's). */
  private hookContext?: string;

  private constructor(
    private readonly options: AgentSessionOptions,
    readonly log: SessionLog,
    restored: { items: ConversationItem[]; usage: Usage; turns: number },
  ) {
    this.items = restored.items;
    this.usage = restored.usage;
    this.turn = restored.turns;
    this.approvals = new SessionApprovals(options.hooks?.withPermissionHooks(options.approver) ?? options.approver);
    this.reviewEditsSetting = options.reviewEdits ?? false;
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
  }

  static async create(options: AgentSessionOptions): Promise<AgentSession> {
    // Without a log there is no session: its MCP servers, already starting, are stopped.
    const log = await SessionLog.create(options.home, { ephemeral: options.ephemeral }).catch(async (err: unknown) => {
      await options.mcp?.close();
      throw err;
    });
    const session = new AgentSession(options, log, { items: [], usage: ZERO_USAGE, turns: 0 });
    await session.emit({
      type: 'session.started',
      cwd: options.cwd,
      model: options.model,
      provider: options.providerId,
      sandbox: options.sandboxMode,
      approval: options.approvalPolicy,
      source: options.source ?? 'exec',
    });
    return session.attachMcp('startup');
  }

  /** Continue a logged session: the conversation comes back from its events. */
  static async resume(file: string, options: AgentSessionOptions): Promise<AgentSession> {
    const { log, events } = await SessionLog.reopen(file).catch(async (err: unknown) => {
      await options.mcp?.close();
      throw err;
    });
    return new AgentSession(options, log, rebuildSession(events)).attachMcp('resume');
  }

  /** The MCP servers' states go in the log; a required one that failed closes the session and fails its start. */
  private async attachMcp(source: 'startup' | 'resume'): Promise<AgentSession> {
    try {
      await this.options.mcp?.attach((body) => this.emit(body));
    } catch (err) {
      await this.close();
      throw err;
    }
    return this.attachHooks(source);
  }

  /** The hooks learn the session; SessionStart's context waits for the first prompt. */
  private async attachHooks(source: 'startup' | 'resume'): Promise<AgentSession> {
    const { hooks } = this.options;
    if (!hooks) return this;
    await hooks.attach({
      sessionId: this.id,
      transcriptPath: this.log.file ?? null,
      cwd: this.options.cwd,
      model: this.options.model,
      permissionMode: permissionModeFor(this.options.approvalPolicy, this.options.sandboxMode),
      emit: (body) => this.emit(body),
    });
    if (hooks.has('SessionStart')) this.hookContext = (await hooks.sessionStart(source)).additionalContext;
    return this;
  }

  /** The tools offered now: MCP servers come, go and change their lists while the session lives. */
  private currentTools(): Tool[] {
    const { tools } = this.options;
    return typeof tools === 'function' ? tools() : tools;
  }

  get id(): string {
    return this.log.id;
  }

  get totalUsage(): Usage {
    return this.usage;
  }

  /** Log an event that belongs to the session but not to the agent loop (a spec workflow's stages and decisions). */
  async record(body: SessionEventBody): Promise<void> {
    await this.emit(body);
  }

  /** Whether patches wait for a person's review before they are written. */
  get reviewEdits(): boolean {
    return this.reviewEditsSetting || (this.options.approvalPolicy === 'untrusted' && !this.options.reviewedAsChange);
  }

  set reviewEdits(on: boolean) {
    this.reviewEditsSetting = on;
  }

  async close(): Promise<void> {
    await this.options.hooks?.sessionEnd();
    // The MCP servers first: their last state changes are logged before the log closes.
    await this.options.mcp?.close();
    await Promise.all([this.log.close(), this.options.executor.dispose?.()]);
  }

  /**
   * Run one prompt to its end: the model's answer without tools, an interrupt, an error, or a budget. A Stop hook
   * that blocks sends its reason as the next prompt, at most its engine's maxStopContinuations times.
   */
  async runTurn(
    prompt: string,
    signal: AbortSignal = new AbortController().signal,
    origin?: 'workflow',
    attachments: TurnAttachment[] = [],
  ): Promise<TurnResult> {
    const { hooks } = this.options;
    const refused = (error: string): TurnResult => ({ status: 'failed', finalMessage: null, error, usage: this.usage });
    if (!hooks) return this.runOneTurn(prompt, signal, origin, attachments);
    return hooks.aroundPrompt(prompt, { turn: () => this.turn, signal }, refused, (text, context, first) => {
      this.hookContext = [this.hookContext, context].filter(Boolean).join('\n\n') || undefined;
      return this.runOneTurn(text, signal, origin, first ? attachments : []);
    });
  }

  private async runOneTurn(
    prompt: string,
    signal: AbortSignal,
    origin: 'workflow' | undefined,
    attachments: TurnAttachment[],
  ): Promise<TurnResult> {
    const turn = this.turn++;
    await this.emit({
      type: 'turn.started',
      turn,
      prompt,
      ...(origin ? { origin } : {}),
      ...(attachments.length ? { attachments } : {}),
    });
    if (this.options.checkpoints) await this.checkpoint(turn);
    this.items.push({ type: 'user', text: userTurnText(prompt, attachments) });
    if (this.hookContext) this.items.push({ type: 'user', text: this.hookContext });
    this.hookContext = undefined;
    const turnStart = this.usage;
    let requests = 0;
    let finalMessage: string | null = null;
    const fail = async (status: Exclude<TurnStatus, 'completed'>, error: string): Promise<TurnResult> => {
      await this.emit({ type: 'turn.failed', turn, error, reason: status === 'failed' ? 'error' : status });
      return { status, finalMessage, error, usage: this.usage };
    };
    try {
      for (;;) {
        const reached = this.budgetReached(requests);
        if (reached)
          return await fail(
            'budget',
            `Budget reached: ${reached}. The session stopped cleanly; resume it to continue.`,
          );
        if (signal.aborted) return await fail('interrupted', 'Interrupted.');
        requests++;
        // The calls of a response run against the tools that response was offered, even if a server left since.
        const tools = this.currentTools();
        const response = await this.requestModel(turn, tools, signal);
        // An abort can end the stream quietly, before response.completed: that answer is cut short, not final.
        if (signal.aborted) return await fail('interrupted', 'Interrupted.');
        const cost = costOf(response.usage, this.options.price);
        this.usage = addUsage(this.usage, response.usage, cost);
        if (response.messages.length) finalMessage = response.messages.at(-1)!;
        if (!response.calls.length) {
          await this.emit({
            type: 'turn.completed',
            turn,
            usage: difference(this.usage, turnStart),
            sessionUsage: this.usage,
          });
          return { status: 'completed', finalMessage, usage: this.usage };
        }
        const results = await Promise.all(response.calls.map((call) => this.runTool(turn, tools, call, signal)));
        for (const [index, call] of response.calls.entries()) {
          this.items.push({ type: 'tool_result', callId: call.callId, output: results[index].output, kind: call.kind });
        }
      }
    } catch (err) {
      if (signal.aborted) return await fail('interrupted', 'Interrupted.');
      if (err instanceof ResponseTooLargeError)
        await this.emit({ type: 'error', message: err.message, willRetry: false });
      return await fail('failed', (err as Error).message);
    }
  }

  /** The working tree as this turn found it; outside a git repository there is nothing to keep it in, and no checkpoint. */
  private async checkpoint(turn: number): Promise<void> {
    // The repository as the session's first turn found it: a `git init` the agent runs in its working folder
    // later must not turn checkpoints (git add -A, outside the sandbox) into its nested repository's.
    this.repo ??= pinRepository(this.options.cwd)
      .then((found) => (found ? repoRoot(this.options.cwd) : null))
      .catch(() => null);
    const root = await this.repo;
    if (!root) return;
    try {
      const checkpoint = await createCheckpoint(root, this.id, `turn ${turn}`);
      await this.emit({ type: 'checkpoint.created', turn, commit: checkpoint.commit, ref: checkpoint.ref });
    } catch (err) {
      await this.emit({
        type: 'error',
        message: `No checkpoint for this turn (undo and turn review are off for it): ${(err as Error).message}`,
        willRetry: false,
      });
    }
  }

  private budgetReached(requests: number): string | null {
    const { maxTurns, maxTokens, maxCostUsd } = this.options.budgets ?? {};
    if (maxTurns !== undefined && requests >= maxTurns) return `${maxTurns} model turns (budgets.max_turns)`;
    const tokens = this.usage.inputTokens + this.usage.outputTokens;
    if (maxTokens !== undefined && tokens >= maxTokens) return `${tokens} of ${maxTokens} tokens (budgets.max_tokens)`;
    if (maxCostUsd !== undefined && this.usage.costUsd >= maxCostUsd)
      return `$${this.usage.costUsd.toFixed(4)} of $${maxCostUsd} (budgets.max_cost_usd)`;
    return null;
  }

  /**
   * One model response, retried with backoff when the provider is overloaded (request_max_retries) or the stream
   * breaks (stream_max_retries), each budget counted on its own as Codex does. Every retry is an event before its wait.
   */
  private async requestModel(turn: number, tools: Tool[], signal: AbortSignal) {
    const spent = { request: 0, stream: 0 };
    for (;;) {
      try {
        return await this.streamOnce(turn, tools, signal);
      } catch (err) {
        if (signal.aborted || !(err instanceof ModelError) || !err.retryable) throw err;
        const budget = err.status === undefined ? 'stream' : 'request';
        const maxRetries = budget === 'stream' ? this.options.streamMaxRetries : (this.options.requestMaxRetries ?? 0);
        const attempt = spent[budget]++;
        if (attempt >= maxRetries) throw err;
        const base = this.options.retryBaseMs ?? 500;
        const delay = err.retryAfterMs ?? Math.min(base * 2 ** attempt, 20_000) * (0.8 + Math.random() * 0.4);
        await this.emit({
          type: 'error',
          message: `${err.message}; retrying in ${(delay / 1000).toFixed(1)} s (${attempt + 1}/${maxRetries})`,
          willRetry: true,
        });
        await sleep(delay, signal);
      }
    }
  }

  private async streamOnce(turn: number, tools: Tool[], signal: AbortSignal) {
    const window = this.options.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW;
    const fitted = fitContextWindow(this.items, this.options.instructions, window);
    if (fitted.trimmed) this.items = fitted.items;
    const messages: string[] = [];
    const calls: { callId: string; name: string; input: string; kind: 'function' | 'custom' }[] = [];
    const pending: { item: ConversationItem; itemId?: string }[] = [];
    let usage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    // Its own abort, so a response past model_max_response_bytes stops the download, not only our reading of it.
    const stream = new AbortController();
    const stop = () => stream.abort();
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stream.abort();
    const { maxResponseBytes, maxLoggedDeltaBytes } = this.limits;
    let received = 0;
    let loggedDeltas = 0;
    const weigh = (text: string) => {
      received += Buffer.byteLength(text, 'utf8');
      if (received > maxResponseBytes) {
        stream.abort();
        throw new ResponseTooLargeError(maxResponseBytes);
      }
    };
    try {
      for await (const event of this.options.client.stream({
        model: this.options.model,
        instructions: this.options.instructions,
        items: this.items,
        tools: tools.map((t) => t.spec),
        outputSchema: this.options.outputSchema,
        reasoningEffort: this.options.reasoningEffort,
        cacheKey: this.log.id,
        signal: stream.signal,
      })) {
        if (event.type === 'text.delta') {
          weigh(event.text);
          // Past the cap, deltas are neither logged nor shown: the completed message carries the whole text.
          if (loggedDeltas < maxLoggedDeltaBytes) {
            loggedDeltas += Buffer.byteLength(event.text, 'utf8');
            await this.emit({ type: 'message.delta', turn, itemId: event.itemId, text: event.text });
          }
        } else if (event.type === 'message.done') {
          // Deltas were weighed as they came; a message sent whole (no deltas) is weighed here.
          if (Buffer.byteLength(event.text, 'utf8') > maxResponseBytes) weigh(event.text);
          messages.push(event.text);
          pending.push({ item: { type: 'assistant', text: event.text }, itemId: event.itemId });
        } else if (event.type === 'tool_call') {
          weigh(event.input);
          calls.push(event);
          pending.push({
            item: { type: 'tool_call', callId: event.callId, name: event.name, input: event.input, kind: event.kind },
          });
        } else if (event.type === 'completed') {
          usage = event.usage;
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
    // Only a whole response enters the log's conversation: a broken stream is retried from scratch.
    for (const { item, itemId } of pending) {
      if (item.type === 'assistant')
        await this.emit({
          type: 'message.completed',
          turn,
          itemId: itemId ?? `${turn}-${this.items.length}`,
          text: item.text,
        });
      else if (item.type === 'tool_call')
        await this.emit({
          type: 'tool.call',
          turn,
          callId: item.callId,
          tool: item.name,
          input: item.input,
          kind: item.kind,
        });
      this.items.push(item);
    }
    return { messages, calls, usage };
  }

  private async runTool(
    turn: number,
    tools: Tool[],
    call: { callId: string; name: string; input: string },
    signal: AbortSignal,
  ) {
    const tool = tools.find((t) => t.spec.name === call.name);
    let result;
    if (!tool) {
      result = {
        output: `There is no tool named ${call.name}. Available: ${tools.map((t) => t.spec.name).join(', ')}.`,
        isError: true,
      };
    } else {
      const run = (input: string) =>
        tool.run(input, {
          cwd: this.options.cwd,
          turn,
          callId: call.callId,
          signal,
          executor: this.options.executor,
          escalatedExecutor: this.options.escalatedExecutor ?? new UnconfinedExecutor(),
          patchScope: this.options.patchScope ?? this.defaultScope(),
          reviewScope: this.options.reviewScope ?? this.options.patchScope ?? this.defaultScope(),
          canAsk: this.options.source === 'window',
          sandboxMode: this.options.sandboxMode,
          env: this.options.env,
          approvalPolicy: this.options.approvalPolicy,
          approvals: this.approvals,
          reviewEdits: this.reviewEdits,
          reviewer: this.options.reviewer,
          maxLoggedExecOutputBytes: this.limits.maxLoggedExecOutputBytes,
          emit: async (event) => void (await this.emit(event)),
        });
      try {
        const { hooks } = this.options;
        result = hooks ? await hooks.aroundTool(call, { turn, signal }, run) : await run(call.input);
      } catch (err) {
        result = { output: `The tool failed: ${(err as Error).message}`, isError: true };
      }
    }
    await this.emit({ type: 'tool.result', turn, callId: call.callId, output: result.output, isError: result.isError });
    return result;
  }

  private defaultScope(): PatchScope {
    return {
      writableRoots: [this.options.cwd],
      readOnlyPaths: ['.git', '.trellis'].map((name) => path.join(this.options.cwd, name)),
    };
  }

  private async emit(body: SessionEventBody): Promise<SessionEvent> {
    const event = await this.log.append(body);
    this.options.onEvent?.(event);
    return event;
  }
}

function difference(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens - b.inputTokens,
    cachedInputTokens: a.cachedInputTokens - b.cachedInputTokens,
    outputTokens: a.outputTokens - b.outputTokens,
    reasoningTokens: a.reasoningTokens - b.reasoningTokens,
    costUsd: a.costUsd - b.costUsd,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
