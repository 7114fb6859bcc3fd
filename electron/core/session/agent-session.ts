import type { SessionEvent, SessionEventBody, TurnAttachment, Usage } from '../../contract';
import { ZERO_USAGE } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import { SessionApprovals } from '../approvals/approval-policy';
import type { ConversationItem } from '../models/model-client';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import type { Tool } from '../tools/tool';
import { DEFAULT_SESSION_LIMITS, ResponseTooLargeError, type SessionLimits } from '../limits/session-limits';
import type { AgentSessionOptions, TurnResult, TurnStatus } from './agent-session-options';
import { fitContextWindow } from './context-window';
import { goalTools } from './goal-tools';
import { requestUserInputTool } from '../questions/request-user-input-tool';
import { rebuildSession, type RebuiltSession } from './conversation';
import { SessionCompactor } from './session-compactor';
import { requestModel, type ModelTurnStreamOptions } from './model-turn-stream';
import { budgetReached } from './session-budgets';
import { attachExtensions } from './session-extensions';
import { goalFromEvents, SessionGoal, type Goal } from './session-goal';
import { SessionLog } from './session-log';
import { SessionModes, type SessionMode } from './session-mode';
import { SteeringQueue, type QueuedSteer } from './steering-queue';
import { DEFAULT_CONTEXT_WINDOW, modelChoiceFromEvents, modelOptions, type ModelChoice } from './session-model';
import type { SessionStatus } from '../../contract';
import { defaultPatchScope, runToolCall, type ToolCallContext } from './tool-calls';
import { TurnCheckpoints } from './turn-checkpoints';
import { userTurnText } from './turn-text';
import { addUsage, costOf, usageSince } from './usage-cost';

export type { AgentSessionOptions, TurnResult, TurnStatus } from './agent-session-options';
export type { Budgets } from './session-budgets';

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
  private readonly checkpoints: TurnCheckpoints;
  private readonly modes: SessionModes;
  /** Context hooks gave for the next prompt (SessionStart's, UserPromptSubmit's). */
  private hookContext?: string;
  /** The session's goal (none until the person sets one); get_goal and update_goal are offered while it exists. */
  readonly goal: SessionGoal;
  private readonly goalTools: Tool[];
  private readonly compactor: SessionCompactor;
  private readonly askTool: Tool;
  /** Messages typed while a turn runs, delivered at its next model request (steer). */
  private readonly steering = new SteeringQueue();

  private constructor(
    private options: AgentSessionOptions,
    readonly log: SessionLog,
    restored: Pick<RebuiltSession, 'items' | 'prompts' | 'usage' | 'turns' | 'mode'> & { goal: Goal | null },
  ) {
    this.items = restored.items;
    this.usage = restored.usage;
    this.turn = restored.turns;
    this.approvals = new SessionApprovals(options.approver, options.hooks?.permissionPreAnswer());
    this.reviewEditsSetting = options.reviewEdits ?? false;
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
    this.checkpoints = new TurnCheckpoints(options.cwd, log.id, (body) => this.emit(body));
    this.goal = new SessionGoal((body) => this.emit(body), restored.goal, restored.usage);
    this.goalTools = goalTools(this.goal, () => this.usage);
    this.askTool = requestUserInputTool(options.asker);
    this.compactor = new SessionCompactor(
      {
        client: options.client,
        model: options.model,
        instructions: options.instructions,
        windowTokens: options.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW,
        autoCompactTokenLimit: options.autoCompactTokenLimit,
        compactPrompt: options.compactPrompt,
        reasoningEffort: options.reasoningEffort,
        cacheKey: log.id,
        hooks: options.hooks,
        emit: (body) => this.emit(body),
        spent: (usage) => (this.usage = addUsage(this.usage, usage, costOf(usage, options.price))),
      },
      restored.prompts,
    );
    this.modes = new SessionModes(
      restored.mode,
      (body) => this.emit(body),
      options.planCommands ??
        (async () => ({ executor: options.executor, unconfinedBecause: 'the session was given no read-only sandbox' })),
    );
  }

  static async create(options: AgentSessionOptions): Promise<AgentSession> {
    // Without a log there is no session: its MCP servers, already starting, are stopped.
    const log = await SessionLog.create(options.home, { ephemeral: options.ephemeral }).catch(async (err: unknown) => {
      await options.mcp?.close();
      throw err;
    });
    const session = new AgentSession(options, log, {
      items: [],
      prompts: [],
      usage: ZERO_USAGE,
      turns: 0,
      goal: null,
      mode: 'default',
    });
    await session.emit({
      type: 'session.started',
      cwd: options.cwd,
      model: options.model,
      provider: options.providerId,
      sandbox: options.sandboxMode,
      approval: options.approvalPolicy,
      source: options.source ?? 'exec',
    });
    return session.attach('startup');
  }

  /** Continue a logged session: the conversation comes back from its events. */
  static async resume(file: string, options: AgentSessionOptions): Promise<AgentSession> {
    const { log, events } = await SessionLog.reopen(file).catch(async (err: unknown) => {
      await options.mcp?.close();
      throw err;
    });
    const goal = goalFromEvents(events);
    // A model the person switched to with /model stays the session's, over config.toml's.
    const chosen = modelChoiceFromEvents(events);
    const resumed = chosen ? { ...options, ...modelOptions(options.prices, chosen) } : options;
    return new AgentSession(resumed, log, { ...rebuildSession(events), goal }).attach('resume');
  }

  /** Its MCP servers and hooks attach to the logged session; SessionStart's context waits for the first prompt. */
  private async attach(source: 'startup' | 'resume'): Promise<AgentSession> {
    const session = {
      id: this.id,
      transcriptPath: this.log.file ?? null,
      emit: (body: SessionEventBody) => this.emit(body),
      close: () => this.close(),
    };
    this.hookContext = await attachExtensions(this.options, session, source);
    return this;
  }

  /** The tools offered now: MCP servers come, go and change their lists while the session lives. */
  private currentTools(): Tool[] {
    const { tools } = this.options;
    const offered = typeof tools === 'function' ? tools() : tools;
    return [...offered, this.askTool, ...(this.goal.current ? this.goalTools : [])];
  }

  get id(): string {
    return this.log.id;
  }

  /** The folder the session works in (where a plan it proposed is saved as a spec). */
  get cwd(): string {
    return this.options.cwd;
  }

  get totalUsage(): Usage {
    return this.usage;
  }

  /** Log an event that belongs to the session but not to the agent loop (a spec workflow's stages and decisions). */
  async record(body: SessionEventBody): Promise<void> {
    await this.emit(body);
  }

  /** The model the session's next request goes to, what it holds, and the sandbox and approval it runs under. */
  get status(): SessionStatus {
    const { model, reasoningEffort, providerId, contextWindowTokens, sandboxMode, approvalPolicy } = this.options;
    return {
      model,
      reasoningEffort: reasoningEffort ?? null,
      provider: providerId,
      contextWindowTokens: contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW,
      sandboxMode,
      approvalPolicy,
    };
  }

  /**
   * Switch the model (same provider) from the next request on; logged, so resume keeps it. The model is told nothing:
   * the conversation simply continues on the new one.
   */
  async setModel(choice: ModelChoice): Promise<void> {
    // No effort named: the session's stays (a switch from gpt-5 high to gpt-5.1 keeps high).
    const chosen = { model: choice.model, reasoningEffort: choice.reasoningEffort ?? this.options.reasoningEffort };
    this.options = { ...this.options, ...modelOptions(this.options.prices, chosen) };
    await this.emit({ type: 'model.changed', ...chosen });
  }

  /** Whether patches wait for a person's review before they are written. */
  get reviewEdits(): boolean {
    return this.reviewEditsSetting || (this.options.approvalPolicy === 'untrusted' && !this.options.reviewedAsChange);
  }

  set reviewEdits(on: boolean) {
    this.reviewEditsSetting = on;
  }

  /** Whether there is anything to compact. */
  get hasConversation(): boolean {
    return this.items.length > 0;
  }

  /**
   * `/compact`: the model summarises the conversation and the summary replaces it in what is sent. Between turns
   * only (the session manager refuses it while one runs). False when the summary failed (an `error` event says why).
   */
  async compact(signal: AbortSignal = new AbortController().signal): Promise<boolean> {
    if (!this.hasConversation)
      throw new ExpectedFailure('nothing-to-compact', 'There is no conversation to compact yet.');
    const compacted = await this.compactor.compact('manual', this.items, signal);
    if (compacted) this.items = this.modes.afterCompaction(compacted);
    return compacted !== null;
  }

  /** `plan`: commands read-only, no patches, until the person approves a plan (session-mode.ts). */
  get mode(): SessionMode {
    return this.modes.mode;
  }

  /** Switch modes: at once when idle, at the running turn's next model request otherwise; the model is told. */
  async setMode(mode: SessionMode): Promise<void> {
    await this.modes.request(mode, (item) => this.items.push(item));
  }

  /** Queue a message for the running turn's next model request (the caller knows a turn runs). */
  steer(prompt: string): QueuedSteer {
    return this.steering.add(prompt);
  }

  /** Take a queued message back; false when it was already delivered. */
  unsteer(id: string): boolean {
    return this.steering.remove(id);
  }

  /** What was queued but never delivered (the turn ended first): the caller sends it as the next prompt. */
  takeSteered(): string | null {
    const left = this.steering.take();
    return left.length ? left.map((s) => s.prompt).join('\n\n') : null;
  }

  async close(): Promise<void> {
    await this.options.hooks?.sessionEnd();
    // The MCP servers first: their last state changes are logged before the log closes.
    await this.options.mcp?.close();
    await Promise.all([this.log.close(), this.options.executor.dispose?.(), this.modes.close()]);
  }

  /**
   * Run one prompt to its end: the model's answer without tools, an interrupt, an error, or a budget. A Stop hook
   * that blocks sends its reason as the next prompt, at most its engine's maxStopContinuations times. The goal is
   * charged with the turn's tokens, and paused by a turn that did not end on its own (goal-pursuit.ts continues it).
   */
  async runTurn(
    prompt: string,
    signal: AbortSignal = new AbortController().signal,
    origin?: 'workflow' | 'goal' | 'hook',
    attachments: TurnAttachment[] = [],
  ): Promise<TurnResult> {
    const { hooks } = this.options;
    const refused = (error: string, status: TurnStatus): TurnResult => ({
      status,
      finalMessage: null,
      error,
      usage: this.usage,
    });
    const tell = (item: ConversationItem) => this.items.push(item);
    const result = await this.modes.duringTurn(tell, () =>
      hooks
        ? hooks.aroundPrompt(prompt, { turn: () => this.turn, signal }, refused, (text, context, first) => {
            this.hookContext = [this.hookContext, context].filter(Boolean).join('\n\n') || undefined;
            return this.runOneTurn(text, signal, origin, first ? attachments : []);
          })
        : this.runOneTurn(prompt, signal, origin, attachments),
    );
    await this.goal.afterTurn(result);
    return result;
  }

  private async runOneTurn(
    prompt: string,
    signal: AbortSignal,
    origin: 'workflow' | 'goal' | 'hook' | undefined,
    attachments: TurnAttachment[],
  ): Promise<TurnResult> {
    const turn = this.turn++;
    await this.emit({
      type: 'turn.started',
      turn,
      prompt,
      ...(origin ? { origin } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(this.hookContext ? { context: this.hookContext } : {}),
    });
    if (this.options.checkpoints) await this.checkpoints.take(turn);
    const text = userTurnText(prompt, attachments);
    this.items.push({ type: 'user', text });
    this.compactor.prompted(text);
    if (this.hookContext) this.items.push({ type: 'user', text: this.hookContext });
    this.hookContext = undefined;
    const turnStart = this.usage;
    let requests = 0;
    let finalMessage: string | null = null;
    const fail = async (status: Exclude<TurnStatus, 'completed'>, error: string): Promise<TurnResult> => {
      const reason = status === 'failed' ? 'error' : status === 'stopped' ? 'hook' : status;
      await this.emit({ type: 'turn.failed', turn, error, reason });
      return { status, finalMessage, error, usage: this.usage };
    };
    try {
      for (;;) {
        const reached = budgetReached(this.options.budgets, this.usage, requests);
        if (reached)
          return await fail(
            'budget',
            `Budget reached: ${reached}. The session stopped cleanly; resume it to continue.`,
          );
        if (signal.aborted) return await fail('interrupted', 'Interrupted.');
        // Past model_auto_compact_token_limit: summarise first, mid-turn if need be; trimming stays the last resort.
        if (this.compactor.due(this.items)) {
          const compacted = await this.compactor.compact('auto', this.items, signal, turn);
          if (compacted) this.items = this.modes.afterCompaction(compacted);
        }
        if (signal.aborted) return await fail('interrupted', 'Interrupted.');
        requests++;
        await this.modes.apply((item) => this.items.push(item));
        await this.deliverSteered(turn);
        // The calls of a response run against the tools that response was offered, even if a server left since.
        const tools = this.modes.tools(this.currentTools());
        const window = this.options.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW;
        const fitted = fitContextWindow(this.items, this.options.instructions, window);
        if (fitted.trimmed) this.items = fitted.items;
        const response = await requestModel(this.streamOptions(), turn, this.items, tools, signal);
        this.items.push(...response.items);
        this.compactor.responded(response.usage, this.items.length);
        // An abort can end the stream quietly, before response.completed: that answer is cut short, not final.
        if (signal.aborted) return await fail('interrupted', 'Interrupted.');
        const cost = costOf(response.usage, this.options.price);
        const contextTokens = response.usage.inputTokens + response.usage.outputTokens;
        this.usage = addUsage(this.usage, response.usage, cost);
        if (response.messages.length) finalMessage = response.messages.at(-1)!;
        if (!response.calls.length) {
          const plan = await this.modes.proposedPlan(turn, finalMessage);
          await this.emit({
            type: 'turn.completed',
            turn,
            usage: usageSince(this.usage, turnStart),
            sessionUsage: this.usage,
            contextTokens,
          });
          return { status: 'completed', finalMessage, usage: this.usage, ...(plan ? { plan } : {}) };
        }
        const context = this.toolCallContext(turn, signal);
        const results = await Promise.all(response.calls.map((call) => runToolCall(tools, call, context)));
        for (const [index, call] of response.calls.entries()) {
          this.items.push({ type: 'tool_result', callId: call.callId, output: results[index].output, kind: call.kind });
        }
        // A tool's hook answered `"continue": false`: the results are logged, and the turn ends here.
        const stopped = this.options.hooks?.takeStop();
        if (stopped) return await fail('stopped', stopped);
      }
    } catch (err) {
      if (signal.aborted) return await fail('interrupted', 'Interrupted.');
      if (err instanceof ResponseTooLargeError)
        await this.emit({ type: 'error', message: err.message, willRetry: false });
      return await fail('failed', (err as Error).message);
    }
  }

  /** Queued messages join the conversation as the person's, logged first (prompt.steered; resume rebuilds them). */
  private async deliverSteered(turn: number): Promise<void> {
    for (const { prompt } of this.steering.take()) {
      await this.emit({ type: 'prompt.steered', turn, prompt });
      this.items.push({ type: 'user', text: prompt });
      this.compactor.prompted(prompt);
    }
  }

  private streamOptions(): ModelTurnStreamOptions {
    const { options } = this;
    return {
      client: options.client,
      model: options.model,
      instructions: options.instructions,
      outputSchema: options.outputSchema,
      reasoningEffort: options.reasoningEffort,
      cacheKey: this.log.id,
      requestMaxRetries: options.requestMaxRetries,
      streamMaxRetries: options.streamMaxRetries,
      retryBaseMs: options.retryBaseMs,
      limits: this.limits,
      emit: (body) => this.emit(body),
    };
  }

  private toolCallContext(turn: number, signal: AbortSignal): ToolCallContext {
    const { options } = this;
    const patchScope = options.patchScope ?? defaultPatchScope(options.cwd);
    return {
      cwd: options.cwd,
      turn,
      signal,
      executor: options.executor,
      escalatedExecutor: options.escalatedExecutor ?? new UnconfinedExecutor(),
      patchScope,
      reviewScope: options.reviewScope ?? patchScope,
      canAsk: options.source === 'window',
      sandboxMode: options.sandboxMode,
      env: options.env,
      approvalPolicy: options.approvalPolicy,
      approvals: this.approvals,
      reviewEdits: this.reviewEdits,
      reviewer: options.reviewer,
      maxLoggedExecOutputBytes: this.limits.maxLoggedExecOutputBytes,
      emit: async (event) => void (await this.emit(event)),
      hooks: options.hooks,
    };
  }

  private async emit(body: SessionEventBody): Promise<SessionEvent> {
    const event = await this.log.append(body);
    this.options.onEvent?.(event);
    return event;
  }
}
