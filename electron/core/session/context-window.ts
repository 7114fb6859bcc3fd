import type { ConversationItem } from '../models/model-client';

/** Rough but safe: about four characters a token for English and code. */
const CHARS_PER_TOKEN = 4;
const TRIM_AT = 0.8;
const TRIM_TO = 0.6;
const KEEP_CHARS = 400;

export function estimateTokens(items: ConversationItem[], instructions: string): number {
  let chars = instructions.length;
  for (const item of items)
    chars += 'text' in item ? item.text.length : item.type === 'tool_call' ? item.input.length : item.output.length;
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/**
 * When the conversation nears the model's window, trim the oldest tool
 * outputs (the bulk of most sessions) rather than fail the request. The last
 * few results stay whole: the model is most likely still working with them.
 */
export function fitContextWindow(
  items: ConversationItem[],
  instructions: string,
  windowTokens: number,
): { items: ConversationItem[]; trimmed: number } {
  let estimate = estimateTokens(items, instructions);
  if (estimate < windowTokens * TRIM_AT) return { items, trimmed: 0 };
  const result = [...items];
  const results = result.flatMap((item, index) => (item.type === 'tool_result' ? [index] : []));
  let trimmed = 0;
  for (const index of results.slice(0, -3)) {
    if (estimate < windowTokens * TRIM_TO) break;
    const item = result[index] as Extract<ConversationItem, { type: 'tool_result' }>;
    if (item.output.length <= KEEP_CHARS * 2) continue;
    const cut = item.output.length - KEEP_CHARS;
    result[index] = {
      ...item,
      output: `${item.output.slice(0, KEEP_CHARS)}\n[… ${cut} characters of this old output were removed to fit the context window …]`,
    };
    estimate -= Math.floor(cut / CHARS_PER_TOKEN);
    trimmed++;
  }
  return { items: result, trimmed };
}
