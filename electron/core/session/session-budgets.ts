import type { Usage } from '../../contract';

export interface Budgets {
  /** Model requests in one run of a prompt (a loop that never ends is the usual runaway). */
  maxTurns?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Which budget this run of a prompt has reached, said for a person (with its config key), or null. */
export function budgetReached(budgets: Budgets | undefined, usage: Usage, requests: number): string | null {
  const { maxTurns, maxTokens, maxCostUsd } = budgets ?? {};
  if (maxTurns !== undefined && requests >= maxTurns) return `${maxTurns} model turns (budgets.max_turns)`;
  const tokens = usage.inputTokens + usage.outputTokens;
  if (maxTokens !== undefined && tokens >= maxTokens) return `${tokens} of ${maxTokens} tokens (budgets.max_tokens)`;
  if (maxCostUsd !== undefined && usage.costUsd >= maxCostUsd)
    return `$${usage.costUsd.toFixed(4)} of $${maxCostUsd} (budgets.max_cost_usd)`;
  return null;
}
