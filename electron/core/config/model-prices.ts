/** USD per million tokens. Cached input is what a prompt-cache hit costs; absent ⇒ priced as plain input. */
export interface ModelPrice {
  input_per_mtok: number;
  cached_input_per_mtok?: number;
  output_per_mtok: number;
}

const price = (input: number, cached: number, output: number): ModelPrice => ({
  input_per_mtok: input,
  cached_input_per_mtok: cached,
  output_per_mtok: output,
});

/**
 * Public list prices of common models (standard tier, late 2025), used for cost display and
 * `budgets.max_cost_usd`. `[model_prices."<model>"]` in config.toml overrides or extends them.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  // OpenAI
  'gpt-5.2': price(1.75, 0.175, 14),
  'gpt-5.2-codex': price(1.75, 0.175, 14),
  'gpt-5.1': price(1.25, 0.125, 10),
  'gpt-5.1-codex': price(1.25, 0.125, 10),
  'gpt-5.1-codex-mini': price(0.25, 0.025, 2),
  'gpt-5': price(1.25, 0.125, 10),
  'gpt-5-codex': price(1.25, 0.125, 10),
  'gpt-5-mini': price(0.25, 0.025, 2),
  'gpt-5-nano': price(0.05, 0.005, 0.4),
  'gpt-4.1': price(2, 0.5, 8),
  'gpt-4.1-mini': price(0.4, 0.1, 1.6),
  'gpt-4.1-nano': price(0.1, 0.025, 0.4),
  'gpt-4o': price(2.5, 1.25, 10),
  'gpt-4o-mini': price(0.15, 0.075, 0.6),
  o3: price(2, 0.5, 8),
  'o3-mini': price(1.1, 0.55, 4.4),
  'o4-mini': price(1.1, 0.275, 4.4),
  'codex-mini-latest': price(1.5, 0.375, 6),
  // Anthropic (cached = cache read, a tenth of input; cache writes are not modelled)
  'claude-opus-4-5': price(5, 0.5, 25),
  'claude-opus-4-1': price(15, 1.5, 75),
  'claude-opus-4': price(15, 1.5, 75),
  'claude-sonnet-4-5': price(3, 0.3, 15),
  'claude-sonnet-4': price(3, 0.3, 15),
  'claude-3-7-sonnet': price(3, 0.3, 15),
  'claude-haiku-4-5': price(1, 0.1, 5),
  'claude-3-5-haiku': price(0.8, 0.08, 4),
});

// Dated snapshots share their family's price: gpt-4.1-2025-04-14, claude-sonnet-4-5-20250929, claude-3-5-haiku-latest.
const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The price of a model: an exact entry, else the entry its dated-snapshot name derives from. */
export function priceFor(prices: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  if (Object.hasOwn(prices, model)) return prices[model];
  let best: string | undefined;
  for (const name of Object.keys(prices)) {
    if (model.startsWith(name) && SNAPSHOT_SUFFIX.test(model.slice(name.length)) && name.length > (best?.length ?? 0))
      best = name;
  }
  return best === undefined ? undefined : prices[best];
}
