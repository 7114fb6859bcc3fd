import { ExpectedFailure } from '../core/errors/expected-failure';
import type { AgentSession, TurnResult } from '../core/session/agent-session';
import { pursueGoal } from '../core/session/goal-pursuit';
import { MAX_OBJECTIVE_CHARS, type Goal } from '../core/session/session-goal';

export interface HeadlessGoal {
  objective: string;
  tokenBudget: number | null;
}

/** `--goal` and `--token-budget` checked before any session starts; a mistake is a usage error (exit 2). */
export function goalFlags(goal: string | undefined, tokenBudget: string | undefined): HeadlessGoal | null {
  if (goal === undefined) {
    if (tokenBudget !== undefined) throw new ExpectedFailure('usage', '--token-budget needs --goal OBJECTIVE.');
    return null;
  }
  const objective = goal.trim();
  if (!objective) throw new ExpectedFailure('usage', 'the --goal objective is empty.');
  if (objective.length > MAX_OBJECTIVE_CHARS)
    throw new ExpectedFailure('usage', `the --goal objective is longer than ${MAX_OBJECTIVE_CHARS} characters.`);
  if (tokenBudget === undefined) return { objective, tokenBudget: null };
  const budget = Number(tokenBudget);
  if (!/^\d+$/.test(tokenBudget.trim()) || !Number.isSafeInteger(budget) || budget <= 0)
    throw new ExpectedFailure(
      'usage',
      `--token-budget must be a whole number of tokens above 0, not "${tokenBudget}".`,
    );
  return { objective, tokenBudget: budget };
}

/**
 * Set the goal, run the prompt if there is one, then continuation turns to an end state. `problem`: why exec must
 * exit non-zero although the last turn completed (blocked, budget reached, paused at the safety cap), or null.
 */
export async function runHeadlessGoal(
  session: AgentSession,
  goal: HeadlessGoal,
  prompt: string | null,
  signal: AbortSignal,
): Promise<{ result: TurnResult; problem: string | null }> {
  await session.goal.set(goal.objective, goal.tokenBudget, session.totalUsage);
  const first = prompt === null ? null : await session.runTurn(prompt, signal);
  const result = (await pursueGoal(session, signal)) ??
    first ?? { status: 'interrupted', finalMessage: null, error: 'Interrupted.', usage: session.totalUsage };
  return { result, problem: goalProblem(session.goal.current) };
}

/** The sentence exec prints for a goal that did not end complete. */
function goalProblem(goal: Goal | null): string | null {
  if (!goal || goal.state === 'complete') return null;
  const note = goal.note ? `: ${goal.note}` : '.';
  switch (goal.state) {
    case 'blocked':
      return `the goal is blocked${note}`;
    case 'budget-reached':
      return `the goal's token budget ran out (${goal.tokensUsed} of ${goal.tokenBudget} tokens) before it was complete; the message above says where things stand.`;
    default:
      return `the goal stopped before it was complete (${goal.state})${note}`;
  }
}
