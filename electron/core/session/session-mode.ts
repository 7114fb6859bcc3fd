import { extractProposedPlan, type SessionEventBody } from '../../contract';
import type { ConversationItem } from '../models/model-client';
import type { Tool } from '../tools/tool';
import { modeNote, planModeReminder, type SessionMode } from './mode-notes';
import type { PlanModeCommands } from './plan-mode-commands';
import { planModeTools } from './plan-mode-tools';

export type { SessionMode } from './mode-notes';

/**
 * The session's mode and its switches. A switch asked for while a turn runs takes effect at the turn's next model
 * request (the calls of a response run in the mode that response was made in), or when the turn ends; an idle
 * session switches at once. Either way the mode.changed event and the message telling the model land at the same
 * place in the log and in the conversation, so resume rebuilds exactly what the model saw.
 */
export class SessionModes {
  private current: SessionMode;
  private wanted: SessionMode;
  private turnRunning = false;
  private commands?: Promise<PlanModeCommands>;

  constructor(
    initial: SessionMode,
    private readonly emit: (body: SessionEventBody) => Promise<unknown>,
    private readonly planCommands: () => Promise<PlanModeCommands>,
  ) {
    this.current = initial;
    this.wanted = initial;
  }

  /** The mode in effect now. */
  get mode(): SessionMode {
    return this.current;
  }

  /** The person's switch; `tell` adds the model's message to the conversation. */
  async request(mode: SessionMode, tell: (item: ConversationItem) => void): Promise<void> {
    this.wanted = mode;
    if (!this.turnRunning) await this.apply(tell);
  }

  /** At a turn's start, before each model request and at its end: a switch asked for meanwhile takes effect. */
  async apply(tell: (item: ConversationItem) => void): Promise<void> {
    if (this.wanted === this.current) return;
    this.current = this.wanted;
    await this.emit({ type: 'mode.changed', mode: this.current });
    tell({ type: 'user', text: modeNote(this.current) });
  }

  /** Runs a turn: switches wait for its model requests (see apply) instead of cutting into a response's calls. */
  async duringTurn<T>(tell: (item: ConversationItem) => void, run: () => Promise<T>): Promise<T> {
    await this.apply(tell);
    this.turnRunning = true;
    try {
      return await run();
    } finally {
      this.turnRunning = false;
      await this.apply(tell);
    }
  }

  /** A compacted context still tells a planning model it plans: the summary alone may not say so. */
  afterCompaction(items: ConversationItem[]): ConversationItem[] {
    return this.current === 'plan' ? [...items, planModeReminder()] : items;
  }

  /** The tools as the mode lets them run: in plan mode, each call guarded (plan-mode-tools.ts). */
  tools(tools: Tool[]): Tool[] {
    if (this.current !== 'plan') return tools;
    return planModeTools(tools, () => (this.commands ??= this.planCommands()));
  }

  /** A plan-mode answer's `<proposed_plan>` block, logged as plan.proposed; null when there is none. */
  async proposedPlan(turn: number, finalMessage: string | null): Promise<string | null> {
    if (this.current !== 'plan' || !finalMessage) return null;
    const proposed = extractProposedPlan(finalMessage);
    if (!proposed) return null;
    await this.emit({ type: 'plan.proposed', turn, plan: proposed.plan });
    return proposed.plan;
  }

  /** The read-only sandbox, if plan mode ever started one. */
  async close(): Promise<void> {
    const commands = await this.commands?.catch(() => undefined);
    // Without a sandbox of its own, plan mode borrowed the session's executor, which the session disposes.
    if (commands && !commands.unconfinedBecause) await commands.executor.dispose?.();
  }
}
