import type { Usage } from '../../contract';
import type { TokenUsage } from '../models/model-client';

/** USD per million tokens. */
export interface ModelPrice {
  input_per_mtok: number;
  cached_input_per_mtok?: number;
  output_per_mtok: number;
}

export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  const cachedPrice = price.cached_input_per_mtok ?? price.input_per_mtok;
  return (
    (uncached * price.input_per_mtok +
      usage.cachedInputTokens * cachedPrice +
      usage.outputTokens * price.output_per_mtok) /
    1e6
  );
}

export function addUsage(total: Usage, usage: TokenUsage, costUsd: number): Usage {
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    reasoningTokens: total.reasoningTokens + usage.reasoningTokens,
    costUsd: total.costUsd + costUsd,
  };
}

/** What was spent between two running totals (one turn's usage). */
export function usageSince(now: Usage, before: Usage): Usage {
  return {
    inputTokens: now.inputTokens - before.inputTokens,
    cachedInputTokens: now.cachedInputTokens - before.cachedInputTokens,
    outputTokens: now.outputTokens - before.outputTokens,
    reasoningTokens: now.reasoningTokens - before.reasoningTokens,
    costUsd: now.costUsd - before.costUsd,
  };
}
