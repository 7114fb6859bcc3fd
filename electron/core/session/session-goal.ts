import type { GoalState, SessionEvent, SessionEventBody, Usage } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import type { TurnStatus } from './agent-session-options';

/** A session's goal as the log last recorded it. */
export interface Goal {
  objective: string;
  /** Tokens the goal may spend; null: no budget of its own (`[budgets]` still apply). */
  tokenBudget: number | null;
  /** Tokens (input + output) the session spent while the goal was active, since it was set. */
  tokensUsed: number;
  state: GoalState;
  note?: string;
  setAt: string;
}

/** What ended a turn, as far as the goal cares (agent-session's TurnResult). */
export interface TurnOutcome {
  status: TurnStatus;
  error?: string;
  usage: Usage;
}

/** The longest objective a person may set (a paragraph or a pasted issue, not a file). */
export const MAX_OBJECTIVE_CHARS = 4000;

/** The goal the log ends with; a cleared one is none. */
export function goalFromEvents(events: readonly SessionEvent[]): Goal | null {
  let goal = null as Goal | null;
  for (const event of events) {
    if (event.type !== 'goal.updated') continue;
    goal = {
      objective: event.objective,
      tokenBudget: event.tokenBudget,
      tokensUsed: event.tokensUsed,
      state: event.state,
      ...(event.note ? { note: event.note } : {}),
      setAt: event.setAt ?? goal?.setAt ?? event.ts,
    };
  }
  return goal?.state === 'cleared' ? null : goal;
}

const sessionTokens = (usage: Usage) => usage.inputTokens + usage.outputTokens;

/**
 * The session's goal: set, paused, resumed and cleared by the person, marked complete or blocked by the model
 * (update_goal), and charged with the tokens the session spends while it is active. Every change is a
 * `goal.updated` event first, so resume rebuilds it from the log (goalFromEvents).
 */
export class SessionGoal {
  private goal: Goal | null;
  /** The session's token count already charged (or deliberately not charged) to the goal. */
  private counted: number;

  constructor(
    private readonly emit: (body: SessionEventBody) => Promise<unknown>,
    restored: Goal | null,
    sessionUsage: Usage,
  ) {
    this.goal = restored;
    this.counted = sessionTokens(sessionUsage);
  }

  get current(): Goal | null {
    return this.goal;
  }

  /** Continuation turns run only while this holds. */
  get active(): boolean {
    return this.goal?.state === 'active';
  }

  get overBudget(): boolean {
    const goal = this.goal;
    return goal !== null && goal.tokenBudget !== null && goal.tokensUsed >= goal.tokenBudget;
  }

  /** A new objective replaces any other, active at once, its tokens counted from now. */
  async set(objective: string, tokenBudget: number | null, sessionUsage: Usage): Promise<void> {
    const text = objective.trim();
    if (!text) throw new ExpectedFailure('invalid-params', 'Say what the goal is: the objective is empty.');
    if (text.length > MAX_OBJECTIVE_CHARS)
      throw new ExpectedFailure(
        'invalid-params',
        `The objective is longer than ${MAX_OBJECTIVE_CHARS} characters; put the details in a file and name it.`,
      );
    if (tokenBudget !== null && (!Number.isInteger(tokenBudget) || tokenBudget <= 0))
      throw new ExpectedFailure('invalid-params', 'The token budget must be a whole number above 0.');
    this.counted = sessionTokens(sessionUsage);
    await this.change({
      objective: text,
      tokenBudget,
      tokensUsed: 0,
      state: 'active',
      setAt: new Date().toISOString(),
    });
  }

  async pause(note?: string): Promise<void> {
    const goal = this.expect('paused', ['active']);
    await this.change({ ...goal, state: 'paused', note });
  }

  /**
   * A paused or blocked goal is pursued again; a reached budget needs a new goal (or a larger budget) instead. An
   * active one stays as it is: a session resumed after its process died mid-pursuit goes on from there.
   */
  async resume(): Promise<void> {
    const goal = this.expect('resumed', ['paused', 'blocked', 'active']);
    if (goal.state !== 'active') await this.change({ ...goal, state: 'active', note: undefined });
  }

  async clear(): Promise<void> {
    const goal = this.expect('cleared', ['active', 'paused', 'budget-reached', 'complete', 'blocked']);
    await this.change({ ...goal, state: 'cleared', note: undefined });
    this.goal = null;
  }

  /** update_goal: the model may only end the pursuit (complete, blocked); it can never start, widen or resume it. */
  async mark(state: 'complete' | 'blocked', reason: string | undefined, sessionUsage: Usage): Promise<void> {
    const goal = this.expect(`marked ${state}`, ['active']);
    await this.change({ ...this.charged(goal, sessionUsage), state, note: reason?.trim() || undefined });
  }

  /** The wrap-up turn after the budget ran out is over: the goal stays there until the person sets another. */
  async reachBudget(sessionUsage: Usage): Promise<void> {
    const goal = this.goal;
    if (goal?.state !== 'active') return;
    const charged = this.charged(goal, sessionUsage);
    await this.change({
      ...charged,
      state: 'budget-reached',
      note: `${charged.tokensUsed} of ${charged.tokenBudget} tokens used.`,
    });
  }

  /**
   * After every turn of the session: its tokens are charged to an active goal, and a turn that did not end on its
   * own (interrupted, failed, a `[budgets]` ceiling) pauses the goal with the reason, so nothing continues after it.
   */
  async afterTurn(outcome: TurnOutcome): Promise<void> {
    const goal = this.goal;
    if (goal?.state !== 'active') {
      this.counted = sessionTokens(outcome.usage);
      return;
    }
    const charged = this.charged(goal, outcome.usage);
    if (outcome.status === 'completed') {
      if (charged.tokensUsed !== goal.tokensUsed) await this.change(charged);
      return;
    }
    const note = outcome.status === 'interrupted' ? 'interrupted' : (outcome.error ?? 'The turn failed.');
    await this.change({ ...charged, state: 'paused', note });
  }

  private charged(goal: Goal, sessionUsage: Usage): Goal {
    const now = sessionTokens(sessionUsage);
    const spent = Math.max(0, now - this.counted);
    this.counted = now;
    return { ...goal, tokensUsed: goal.tokensUsed + spent };
  }

  /** The goal, if it is in one of `states`; `done`: what the change would do to it ("paused"). */
  private expect(done: string, states: GoalState[]): Goal {
    const goal = this.goal;
    if (!goal) throw new ExpectedFailure('no-goal', 'There is no goal; set one with /goal <objective>.');
    if (!states.includes(goal.state))
      throw new ExpectedFailure('goal-state', `The goal is ${goalStateName(goal.state)}, so it cannot be ${done}.`);
    return goal;
  }

  private async change(goal: Goal): Promise<void> {
    const { note, ...rest } = goal;
    const next: Goal = note ? { ...rest, note } : rest;
    await this.emit({ type: 'goal.updated', ...next });
    this.goal = next;
  }
}

/** A state as a sentence says it ("budget reached"). */
export function goalStateName(state: GoalState): string {
  return state.replace('-', ' ');
}
