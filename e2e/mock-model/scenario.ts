import { z } from 'zod';

/** A scripted conversation: turn k answers the k-th model request of a conversation. */
export interface MockScenario {
  turns: MockTurn[];
  /**
   * Other conversations in the same session, told apart by a text in the request's history (its JSON, so plain words):
   * the first branch whose `contains` appears answers instead of `turns`, its own turns indexed the same way (earlier
   * model responses in the request). A compaction's summary request is one; the conversation after the summary another.
   */
  branches?: MockBranch[];
}

export interface MockBranch {
  contains: string;
  turns: MockTurn[];
}

export interface MockTurn {
  /** What the model "says" this turn, in order. */
  items?: MockItem[];
  /** OpenAI semantics: input_tokens includes cached_tokens, output_tokens includes reasoning_tokens. */
  usage?: MockUsage;
  /** Served on the first attempts of this turn (failures[attempt]), before success. */
  failures?: MockFailure[];
  /** Optional pause between streamed chunks (for interruption tests). */
  delayMs?: number;
}

export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

export type MockItem =
  /** `repeat`: the text streamed that many times over (a model that never stops), generated as it is sent. */
  | { type: 'message'; text: string; repeat?: number }
  /** arguments is the raw JSON string; it may be deliberately malformed. */
  | { type: 'function_call'; name: string; arguments: string }
  /** A freeform tool call (apply_patch on the Responses API). */
  | { type: 'custom_tool_call'; name: string; input: string };

export type MockFailure =
  | { kind: 'http'; status: number; retryAfterSeconds?: number; body?: string }
  /** The stream starts, then the socket is destroyed midway. */
  | { kind: 'cut' };

const count = z.number().int().nonnegative();

// Scenario files come from disk (cli.ts), so they are validated on arrival with readable errors.
const TurnSchema = z.strictObject({
  items: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({
          type: z.literal('message'),
          text: z.string(),
          repeat: z.number().int().positive().optional(),
        }),
        z.strictObject({ type: z.literal('function_call'), name: z.string().min(1), arguments: z.string() }),
        z.strictObject({ type: z.literal('custom_tool_call'), name: z.string().min(1), input: z.string() }),
      ]),
    )
    .optional(),
  usage: z
    .strictObject({
      input_tokens: count,
      output_tokens: count,
      cached_tokens: count.optional(),
      reasoning_tokens: count.optional(),
    })
    .optional(),
  failures: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('http'),
          status: z.number().int().min(400).max(599),
          retryAfterSeconds: z.number().nonnegative().optional(),
          body: z.string().optional(),
        }),
        z.strictObject({ kind: z.literal('cut') }),
      ]),
    )
    .optional(),
  delayMs: count.optional(),
});

const ScenarioSchema = z.strictObject({
  turns: z.array(TurnSchema),
  branches: z.array(z.strictObject({ contains: z.string().min(1), turns: z.array(TurnSchema) })).optional(),
}) satisfies z.ZodType<MockScenario>;

/** The scripted turns that answer this request's history: the first matching branch's, else the scenario's own. */
export function turnsFor(scenario: MockScenario, history: unknown): MockTurn[] {
  if (!scenario.branches?.length) return scenario.turns;
  const text = JSON.stringify(history ?? null);
  return scenario.branches.find((branch) => text.includes(branch.contains))?.turns ?? scenario.turns;
}

/** Validates an untrusted scenario (e.g. parsed from a JSON file); throws with every problem listed. */
export function parseScenario(value: unknown): MockScenario {
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`invalid mock scenario:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Deterministic ids: k is the item's index in its turn, so tests can predict them from the scenario alone. */
export function callId(turn: number, k: number): string {
  return `call_t${turn}_${k}`;
}
export function anthropicToolUseId(turn: number, k: number): string {
  return `toolu_t${turn}_${k}`;
}

/** Usage with every field filled; when the turn scripts none, a rough size-based estimate keeps benches meaningful. */
export function resolveUsage(turn: MockTurn, requestBody: unknown): Required<MockUsage> {
  if (turn.usage) {
    return { cached_tokens: 0, reasoning_tokens: 0, ...turn.usage };
  }
  const outputChars = (turn.items ?? []).reduce(
    (n, item) => n + itemText(item).length * (item.type === 'message' ? (item.repeat ?? 1) : 1),
    0,
  );
  return {
    input_tokens: Math.ceil(JSON.stringify(requestBody ?? '').length / 4),
    output_tokens: Math.max(1, Math.ceil(outputChars / 4)),
    cached_tokens: 0,
    reasoning_tokens: 0,
  };
}

function itemText(item: MockItem): string {
  switch (item.type) {
    case 'message':
      return item.text;
    case 'function_call':
      return item.name + item.arguments;
    case 'custom_tool_call':
      return item.name + item.input;
  }
}

/** A message's deltas, lazily: `repeat` times the text's own deltas, so a huge message costs no memory in the mock. */
export function* messageDeltas(item: { text: string; repeat?: number }): Generator<string> {
  const once = textDeltas(item.text);
  for (let k = 0; k < (item.repeat ?? 1); k++) yield* once;
}

export function messageText(item: { text: string; repeat?: number }): string {
  return item.text.repeat(item.repeat ?? 1);
}

/**
 * Splits message text into word-sized deltas (at least two when possible) so clients
 * must really concatenate deltas rather than read one blob.
 */
export function textDeltas(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  if (words.length >= 2 || text.length < 2) return words.length ? words : [text];
  const mid = Math.ceil(text.length / 2);
  return [text.slice(0, mid), text.slice(mid)];
}

/**
 * Splits a JSON/argument string into fixed-size pieces that cut through tokens and
 * strings, the way real servers stream tool arguments.
 */
export function argumentDeltas(raw: string, size = 12): string[] {
  if (raw === '') return [];
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += size) out.push(raw.slice(i, i + size));
  return out;
}
