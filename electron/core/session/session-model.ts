import type { SessionEvent } from '../../contract';
import type { TrellisConfig } from '../config/config-types';
import { DEFAULT_MODEL_PRICES, priceFor, type ModelPrice } from '../config/model-prices';

/** The window of a model this table does not know. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** Models whose context window differs from the 128k default, by name prefix. */
const CONTEXT_WINDOWS: [string, number][] = [
  ['claude', 200_000],
  ['gpt-5', 272_000],
  ['gpt-4.1', 1_000_000],
  ['o3', 200_000],
  ['o4', 200_000],
];

/** The model of a provider whose config.toml names none. */
export const DEFAULT_MODELS: Record<string, string> = { openai: 'gpt-5', anthropic: 'claude-sonnet-4-5' };

/** How many tokens `model` holds in one request. */
export function contextWindowFor(model: string): number {
  return CONTEXT_WINDOWS.find(([prefix]) => model.startsWith(prefix))?.[1] ?? DEFAULT_CONTEXT_WINDOW;
}

/** What the person chose with /model: the model the session's next request goes to, and its reasoning effort. */
export interface ModelChoice {
  model: string;
  reasoningEffort?: string;
}

/** The session's options a model decides: its name, effort, price (config.toml's table) and window. */
export function modelOptions(
  prices: Readonly<Record<string, ModelPrice>> | undefined,
  choice: ModelChoice,
): { model: string; reasoningEffort?: string; price?: ModelPrice; contextWindowTokens: number } {
  return {
    model: choice.model,
    reasoningEffort: choice.reasoningEffort,
    price: priceFor(prices ?? {}, choice.model),
    contextWindowTokens: contextWindowFor(choice.model),
  };
}

/** The last model the person switched to in a logged session (resume keeps it), or null when they never did. */
export function modelChoiceFromEvents(events: readonly SessionEvent[]): ModelChoice | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.type === 'model.changed') return { model: event.model, reasoningEffort: event.reasoningEffort };
  }
  return null;
}

/**
 * The models /model offers for the configured provider: the one configured, the priced models of its family
 * (OpenAI's or Anthropic's list), and the names config.toml's own [model_prices] adds. Any other name may be typed.
 */
export function modelChoices(config: TrellisConfig, current: string | null): string[] {
  const wire = config.model_providers[config.model_provider]?.wire_api;
  const family = (name: string) =>
    wire === 'anthropic'
      ? name.startsWith('claude')
      : config.model_provider === 'openai'
        ? !name.startsWith('claude')
        : !Object.hasOwn(DEFAULT_MODEL_PRICES, name);
  const names = Object.keys(config.model_prices).filter(family);
  return [...new Set([...(current ? [current] : []), ...names])];
}

/** What a new session of this config starts with, as the window shows it before the first message. */
export function configuredModel(config: TrellisConfig): {
  model: string | null;
  reasoningEffort: string | null;
  provider: string;
  contextWindowTokens: number;
  models: string[];
} {
  const model = config.model ?? DEFAULT_MODELS[config.model_provider] ?? null;
  return {
    model,
    reasoningEffort: config.model_reasoning_effort ?? null,
    provider: config.model_provider,
    contextWindowTokens: config.model_context_window ?? (model ? contextWindowFor(model) : DEFAULT_CONTEXT_WINDOW),
    models: modelChoices(config, model),
  };
}
