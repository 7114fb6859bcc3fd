import type { Usage } from '../../contract';
import { budgetWrapUpPrompt, continuationPrompt } from './goal-prompts';
import type { SessionGoal, TurnOutcome } from './session-goal';

/**
 * Continuation turns one pursuit runs at most, budget or not: a model that never marks its goal (nor exhausts a
 * budget) would otherwise run until `[budgets]` stops it, or forever without them. Resume goes on for as many more.
 */
export const MAX_CONTINUATION_TURNS = 50;

/** What a pursuit needs of a session: its goal, its usage, and a way to run a turn (AgentSession). */
export interface GoalSession<R extends TurnOutcome> {
  readonly goal: SessionGoal;
  readonly totalUsage: Usage;
  runTurn(prompt: string, signal: AbortSignal, origin: 'goal'): Promise<R>;
}

/**
 * While the goal stays active after a turn, run the next continuation turn. It ends when the model marks the goal
 * complete or blocked, the person pauses or clears it, a turn is interrupted or fails (the goal pauses: the
 * session's afterTurn does that), or the token budget runs out: then one wrap-up turn, and the goal's state is
 * budget-reached. Returns the last turn it ran, or null when none was due.
 */
export async function pursueGoal<R extends TurnOutcome>(
  session: GoalSession<R>,
  signal: AbortSignal,
  maxTurns = MAX_CONTINUATION_TURNS,
): Promise<R | null> {
  const { goal } = session;
  let last: R | null = null;
  for (let turns = 0; goal.active && !signal.aborted; turns++) {
    const current = goal.current!;
    if (goal.overBudget) {
      last = await session.runTurn(budgetWrapUpPrompt(current), signal, 'goal');
      await goal.reachBudget(session.totalUsage);
      return last;
    }
    if (turns >= maxTurns) {
      await goal.pause(
        `Stopped after ${maxTurns} continuation turns in a row (the safety cap); resume the goal to go on.`,
      );
      return last;
    }
    last = await session.runTurn(continuationPrompt(current), signal, 'goal');
  }
  return last;
}
