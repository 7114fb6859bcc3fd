import { randomUUID } from 'node:crypto';
import type { SessionEventBody } from '../../contract';
import type { PreAnswer } from '../approvals/approval-policy';
import type { HookDefinition, HookEventName, HookInput, HookRun } from './hook-types';
import { hookToolView, safeJson, toolInputFrom } from './hook-tool-view';

/** Runs one hook (K2's runner bound to the session's executor, folder and environment). */
export type RunHook = (hook: HookDefinition, input: HookInput, signal: AbortSignal) => Promise<HookRun>;
/** Which of the given hooks apply to this input (K2's matcher: the tool name, the SessionStart source, …). */
export type SelectHooks = (hooks: HookDefinition[], input: HookInput) => HookDefinition[];

/** The session as a hook sees it: the common HookInput fields and where its runs are logged. */
export interface HookSessionContext {
  sessionId: string;
  transcriptPath: string | null;
  cwd: string;
  model: string;
  permissionMode: HookInput['permission_mode'];
  emit(body: SessionEventBody): Promise<unknown>;
}

export interface HookEngineOptions {
  /** The runnable hooks: enabled, and trusted (the person's own, or a repository's the person trusted). */
  hooks: HookDefinition[];
  runHook: RunHook;
  selectHooks: SelectHooks;
  /** Said once per session when a repository's hooks are not run because they are not trusted. */
  untrustedNotice?: string;
  /** `[hooks] max_stop_continuations`: how many times a Stop hook may send the turn on. Default 3. */
  maxStopContinuations?: number;
}

export interface ToolOutcome {
  output: string;
  isError: boolean;
}

/** Where a moment happens: the turn, and the tool call for tool events. */
interface Moment {
  turn?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_STOP_CONTINUATIONS = 3;

/**
 * The session moments where an agent action (Kiro's askAgent, v1 `agent`) means something inside a turn. Kiro
 * (kiro.dev/docs/hooks/actions): the prompt "is sent to the agent each time the hook is triggered", and on Prompt
 * Submit it "is appended to the user prompt": here it is the model's context for the turn (SessionStart,
 * UserPromptSubmit), context after the tool's result (Pre/PostToolUse), or the next prompt (Stop). File and manual
 * agent hooks start turns from the workspace (core/workbench/hook-actions.ts), not from here.
 */
const AGENT_MOMENTS = new Set<HookEventName>(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop']);

/**
 * The hooks of one session, called by the agent loop at each moment. Matching hooks run concurrently; each run is
 * logged as hook.started / hook.completed. A moment with no hook for its event costs one map lookup: no process,
 * no event.
 */
export class HookEngine {
  private readonly byEvent = new Map<HookEventName, HookDefinition[]>();
  private context?: HookSessionContext;
  /** Codex's `async` hooks: started and logged, never waited for by the moment that started them. */
  private readonly background = new Set<Promise<unknown>>();
  /** A hook answered `"continue": false`: why the turn stops, said for the person, until the loop takes it. */
  private stopping?: string;
  readonly maxStopContinuations: number;

  constructor(private readonly options: HookEngineOptions) {
    for (const hook of options.hooks) {
      if (!hook.enabled || (hook.action.kind === 'agent' && !AGENT_MOMENTS.has(hook.event))) continue;
      this.byEvent.set(hook.event, [...(this.byEvent.get(hook.event) ?? []), hook]);
    }
    this.maxStopContinuations = options.maxStopContinuations ?? DEFAULT_MAX_STOP_CONTINUATIONS;
  }

  /** Whether any hook listens for this event (the loop's cheap check before building an input). */
  has(event: HookEventName): boolean {
    return this.byEvent.has(event);
  }

  /**
   * Codex's `"continue": false` ("stops processing after the hook runs"): the stopReason, for the person, once. The
   * loop takes it after each moment that can stop and ends the turn there (status `stopped`).
   */
  takeStop(): string | undefined {
    const reason = this.stopping;
    this.stopping = undefined;
    return reason;
  }

  /** Binds the engine to its session; says once why a repository's hooks do not run. */
  async attach(context: HookSessionContext): Promise<void> {
    this.context = context;
    if (this.options.untrustedNotice)
      await context.emit({
        type: 'error',
        message: this.options.untrustedNotice,
        willRetry: false,
        about: 'untrusted-hooks',
      });
  }

  /** SessionStart (`startup | resume | clear`): context for the model's first turn. */
  async sessionStart(source: 'startup' | 'resume' | 'clear'): Promise<{ additionalContext?: string }> {
    const runs = await this.fire('SessionStart', { source }, {});
    return { additionalContext: contextOf(runs) };
  }

  /** UserPromptSubmit: a block keeps the turn from running (the person sees why); context is added to the turn. */
  async userPromptSubmit(prompt: string, at: Moment): Promise<{ blocked?: string; additionalContext?: string }> {
    const runs = await this.fire('UserPromptSubmit', { prompt }, at);
    return { blocked: blockOf(runs), additionalContext: contextOf(runs) };
  }

  /** PreToolUse: a deny keeps the tool from running (the reason is its result); updatedInput rewrites its input. */
  async preToolUse(
    tool: string,
    input: unknown,
    callId: string,
    at: Moment,
  ): Promise<{ denied?: string; updatedInput?: unknown; additionalContext?: string }> {
    const runs = await this.fire('PreToolUse', { tool_name: tool, tool_input: input, tool_use_id: callId }, at);
    const denied = blockOf(runs);
    // Several rewrites: the last to finish wins, as in Codex (runs are in the order they finished).
    const updated = runs.filter((r) => r.status === 'completed' && r.updatedInput !== undefined).at(-1);
    return { denied, updatedInput: denied ? undefined : updated?.updatedInput, additionalContext: contextOf(runs) };
  }

  /** PermissionRequest, before a person is asked: any deny wins, else an allow answers; else the person decides. */
  async permissionRequest(tool: string, input: unknown, callId: string, at: Moment): Promise<'allow' | 'deny' | null> {
    const runs = await this.fire('PermissionRequest', { tool_name: tool, tool_input: input, tool_use_id: callId }, at);
    if (runs.some((r) => r.permission === 'deny')) return 'deny';
    return runs.some((r) => r.permission === 'allow') ? 'allow' : null;
  }

  /**
   * PostToolUse: what the hooks add for the model (context, or a block's reason) after the tool's result, and an
   * `updatedToolOutput` that replaces the result (the last to finish wins).
   */
  async postToolUse(
    tool: string,
    input: unknown,
    response: unknown,
    callId: string,
    at: Moment,
  ): Promise<{ added: string; updatedOutput?: string }> {
    const runs = await this.fire(
      'PostToolUse',
      { tool_name: tool, tool_input: input, tool_response: response, tool_use_id: callId },
      at,
    );
    const updated = runs.filter((r) => r.updatedToolOutput !== undefined).at(-1)?.updatedToolOutput;
    return {
      added: [blockOf(runs), contextOf(runs)].filter(Boolean).join('\n'),
      updatedOutput:
        updated === undefined ? undefined : typeof updated === 'string' ? updated : JSON.stringify(updated),
    };
  }

  /**
   * Stop: a block's reason, or an agent hook's prompt, becomes the next prompt (the loop counts continuations against
   * the maximum).
   */
  async stop(lastMessage: string | null, stopHookActive: boolean, at: Moment): Promise<{ continueWith?: string }> {
    const runs = await this.fire('Stop', { last_assistant_message: lastMessage, stop_hook_active: stopHookActive }, at);
    return { continueWith: blockOf(runs) ?? contextOf(runs.filter((r) => r.hook.action.kind === 'agent')) };
  }

  /**
   * A person's prompt with its hooks around it: UserPromptSubmit may refuse it (the turn does not run, the person
   * sees why) or add context; after a completed turn, a Stop hook's block sends its reason as the next prompt, with
   * stop_hook_active, at most maxStopContinuations times.
   */
  async aroundPrompt<R extends { status: string; finalMessage: string | null }>(
    prompt: string,
    at: { turn: () => number; signal: AbortSignal },
    refused: (error: string, status: 'failed' | 'stopped') => R,
    run: (prompt: string, context: string | undefined, first: boolean) => Promise<R>,
  ): Promise<R> {
    let context: string | undefined;
    let blocked: string | undefined;
    if (this.has('UserPromptSubmit')) {
      const submitted = await this.userPromptSubmit(prompt, { turn: at.turn(), signal: at.signal });
      blocked = submitted.blocked;
      context = submitted.additionalContext;
    }
    // A stop from this prompt's hooks, or one SessionStart's hooks left for the first prompt.
    const stopped = this.takeStop();
    if (blocked || stopped) {
      // Not a turn: the prompt never reaches the model, so the log keeps the reason, not the prompt.
      const error = stopped ?? `A UserPromptSubmit hook blocked this prompt: ${blocked}`;
      await this.context?.emit({ type: 'error', message: error, willRetry: false });
      return refused(error, stopped ? 'stopped' : 'failed');
    }
    let result = await run(prompt, context, true);
    for (let continuations = 0; this.has('Stop') && result.status === 'completed'; continuations++) {
      // The turn that just ended: the counter already points past it.
      const ended = { turn: at.turn() - 1, signal: at.signal };
      const stop = await this.stop(result.finalMessage, continuations > 0, ended);
      const stopped = this.takeStop();
      if (stopped) {
        // The turn already ended; `"continue": false` means no continuation, and the person is told why.
        await this.context?.emit({ type: 'error', message: stopped, willRetry: false });
        break;
      }
      if (!stop.continueWith) break;
      if (continuations >= this.maxStopContinuations) {
        const message = `A Stop hook asked to go on after ${continuations} continuations ([hooks] max_stop_continuations); the turn ends here.`;
        await this.context?.emit({ type: 'error', message, willRetry: false });
        break;
      }
      result = await run(stop.continueWith, undefined, false);
    }
    return result;
  }

  /**
   * A tool call with its hooks around it: PreToolUse may deny it (the reason is the model's result) or rewrite its
   * input; PostToolUse's context or block reason is appended to the result the model gets.
   */
  async aroundTool(
    call: { callId: string; name: string; input: string },
    at: Moment,
    run: (input: string) => Promise<ToolOutcome>,
  ): Promise<ToolOutcome> {
    const view = hookToolView(call.name, call.input);
    let input = call.input;
    let before: string | undefined;
    if (this.has('PreToolUse')) {
      const pre = await this.preToolUse(view.tool, view.input, call.callId, at);
      if (pre.denied) return { output: `A PreToolUse hook denied this call: ${pre.denied}`, isError: true };
      if (pre.updatedInput !== undefined) input = toolInputFrom(call.name, call.input, pre.updatedInput);
      before = pre.additionalContext;
    }
    let result = await run(input);
    let after = '';
    if (this.has('PostToolUse')) {
      const post = await this.postToolUse(
        view.tool,
        hookToolView(call.name, input).input,
        result.output,
        call.callId,
        at,
      );
      if (post.updatedOutput !== undefined) result = { ...result, output: post.updatedOutput };
      after = post.added;
    }
    const added = [before, after].filter(Boolean).join('\n');
    return added ? { ...result, output: `${result.output}\n\n${added}` } : result;
  }

  /**
   * PermissionRequest hooks as the approvals' pre-answer: they answer before any approval card is logged or shown;
   * null asks the person. Undefined when no such hook is configured.
   */
  permissionPreAnswer(): PreAnswer | undefined {
    if (!this.has('PermissionRequest')) return undefined;
    return async (request) => {
      const tool = request.mcp ? request.mcp.qualifiedName : 'Bash';
      const input = request.mcp ? safeJson(request.mcp.arguments) : { command: request.command };
      const answer = await this.permissionRequest(tool, input, request.callId, {});
      if (answer === 'allow') return 'approved';
      if (answer === 'deny') return 'denied';
      return null;
    };
  }

  /** PreCompact / PostCompact (`source: manual | auto`) around a compaction; they are told, they cannot stop it. */
  async compaction(event: 'PreCompact' | 'PostCompact', source: 'manual' | 'auto', at: Moment): Promise<void> {
    await this.fire(event, { source }, at);
  }

  /** Kiro's PreTaskExec / PostTaskExec around a crew task; a PreTaskExec block fails the task with its reason. */
  async taskExec(event: 'PreTaskExec' | 'PostTaskExec', at: Moment): Promise<{ blocked?: string }> {
    const runs = await this.fire(event, {}, at);
    return { blocked: event === 'PreTaskExec' ? blockOf(runs) : undefined };
  }

  /** SubagentStart, before a crew task's subagent begins: agent_id the task, agent_type its role. */
  async subagentStart(agent: { id: string; type: string }, at: Moment): Promise<void> {
    await this.fire('SubagentStart', { agent_id: agent.id, agent_type: agent.type }, at);
  }

  /** SubagentStop, when the subagent's turn ended: a block's reason sends it on (the caller counts, as for Stop). */
  async subagentStop(
    agent: { id: string; type: string },
    lastMessage: string | null,
    stopHookActive: boolean,
    at: Moment,
  ): Promise<{ continueWith?: string }> {
    const fields = {
      agent_id: agent.id,
      agent_type: agent.type,
      last_assistant_message: lastMessage,
      stop_hook_active: stopHookActive,
    };
    return { continueWith: blockOf(await this.fire('SubagentStop', fields, at)) };
  }

  /** SessionEnd, then the `async` hooks still running are waited for, so their ends are logged before the log closes. */
  async sessionEnd(): Promise<void> {
    await this.fire('SessionEnd', {}, {});
    await Promise.all(this.background);
  }

  /** Runs the hooks of one event that match, concurrently, each logged as it starts and ends; in finishing order. */
  private async fire(event: HookEventName, fields: Partial<HookInput>, at: Moment): Promise<HookRun[]> {
    const candidates = this.byEvent.get(event);
    const context = this.context;
    if (!candidates || !context) return [];
    const input: HookInput = {
      session_id: context.sessionId,
      ...(at.turn !== undefined ? { turn_id: `${context.sessionId}:${at.turn}` } : {}),
      transcript_path: context.transcriptPath,
      cwd: context.cwd,
      hook_event_name: event,
      model: context.model,
      permission_mode: context.permissionMode,
      ...fields,
    };
    const hooks = this.options.selectHooks(candidates, input);
    if (!hooks.length) return [];
    const signal = at.signal ?? new AbortController().signal;
    const finished: HookRun[] = [];
    const runOne = async (hook: HookDefinition) => {
      const runId = randomUUID();
      const ref = { runId, hook: hook.name, file: hook.source.file, format: hook.source.format, event };
      const turn = at.turn !== undefined ? { turn: at.turn } : {};
      const status = hook.action.kind === 'command' ? hook.action.statusMessage : undefined;
      await context.emit({ type: 'hook.started', ...ref, ...turn, ...(status ? { statusMessage: status } : {}) });
      const running = hook.action.kind === 'agent' ? agentRun(hook, hook.action.prompt, input) : null;
      const run = await (running ?? this.options.runHook(hook, input, signal)).catch((err: unknown): HookRun => ({
        hook,
        status: 'failed',
        durationMs: 0,
        exitCode: null,
        systemMessage: `the hook could not run: ${(err as Error).message}`,
        output: '',
      }));
      if (!isAsync(hook)) finished.push(run);
      if (run.stop && !isAsync(hook))
        this.stopping ??= `The ${event} hook ${hook.name} stopped the turn: ${run.stop.reason ?? 'it gave no reason'}`;
      await context.emit({
        type: 'hook.completed',
        ...ref,
        ...turn,
        status: run.status,
        durationMs: run.durationMs,
        exitCode: run.exitCode,
        ...(run.reason ? { reason: run.reason } : {}),
        ...(run.systemMessage ? { systemMessage: run.systemMessage } : {}),
        output: run.output,
        ...(run.suppressOutput ? { suppressOutput: true } : {}),
      });
    };
    for (const hook of hooks.filter(isAsync)) {
      const running = runOne(hook).catch(() => undefined);
      this.background.add(running);
      void running.finally(() => this.background.delete(running));
    }
    await Promise.all(hooks.filter((h) => !isAsync(h)).map(runOne));
    return finished;
  }
}

/**
 * An agent action runs no process: its prompt is what it gives (context, or Stop's next prompt). On Stop it asks once
 * per person's prompt: the continuation it started ends with stop_hook_active and does not ask again.
 */
async function agentRun(hook: HookDefinition, prompt: string, input: HookInput): Promise<HookRun> {
  const again = input.hook_event_name === 'Stop' && input.stop_hook_active === true;
  const base = { hook, status: 'completed' as const, durationMs: 0, exitCode: null };
  if (again) return { ...base, output: '', systemMessage: 'Not asked again: this turn is its continuation.' };
  return { ...base, additionalContext: prompt, output: prompt };
}

function isAsync(hook: HookDefinition): boolean {
  return hook.action.kind === 'command' && hook.action.async === true;
}

/** Codex's permission_mode for hooks, from the approval policy and sandbox mode. */
export function permissionModeFor(policy: string, sandbox: string): HookInput['permission_mode'] {
  if (policy === 'never') return sandbox === 'danger-full-access' ? 'bypassPermissions' : 'dontAsk';
  return 'default';
}

/** The first block's reason among the runs (a hook that may not block for its event never reports blocked). */
function blockOf(runs: HookRun[]): string | undefined {
  const blocked = runs.find((r) => r.status === 'blocked');
  return blocked ? (blocked.reason ?? `blocked by the hook ${blocked.hook.name}`) : undefined;
}

function contextOf(runs: HookRun[]): string | undefined {
  const parts = runs.map((r) => r.additionalContext?.trim()).filter((text): text is string => !!text);
  return parts.length ? parts.join('\n\n') : undefined;
}
