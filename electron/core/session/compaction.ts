import type { ConversationItem, ModelClient, TokenUsage } from '../models/model-client';
import { estimateTokens, fitContextWindow } from './context-window';

/**
 * Compaction, as Codex does it: the model writes a handoff summary of the conversation so far, and from then on what
 * is sent is the most recent prompts of the person (verbatim, within a small budget) followed by that summary. The
 * log keeps everything; `compactedContext` is a pure function of the prompts and the summary, so resume rebuilds the
 * very context the live session sent.
 */

/** Asked of the model, with no tools, after the conversation so far (Codex's compact prompt, in our words). */
export const COMPACT_PROMPT = [
  'Context checkpoint: the conversation above is about to be replaced by a summary you write now. Write a handoff',
  'summary for the assistant who continues this work without seeing the conversation. Include:',
  '- what the person asked for, their constraints and preferences;',
  '- what has been done so far and the decisions taken, with the files and commands involved;',
  '- what remains to do, as clear next steps;',
  '- any data, error messages or references needed to go on.',
  'Be concise and structured. Reply with the summary only; do not call tools.',
].join('\n');

/** Put before the summary in the compacted context, so the model knows what it reads (Codex's summary prefix in spirit). */
export const SUMMARY_PREFIX =
  'The conversation so far was compacted. Another assistant worked on this task before you and left this summary of ' +
  'it; the tools and files it used are still there. Build on its work rather than repeat it:\n\n';

/** The person's recent prompts kept verbatim after a compaction (Codex keeps 20,000 tokens; ours is smaller). */
export const KEPT_PROMPT_TOKENS = 8_000;
const CHARS_PER_TOKEN = 4;

/** `model_auto_compact_token_limit` when not configured: below fitContextWindow's trimming (80 %), so compaction comes first. */
export const AUTO_COMPACT_FRACTION = 0.75;

export function autoCompactLimit(configured: number | undefined, windowTokens: number): number {
  return configured ?? Math.floor(windowTokens * AUTO_COMPACT_FRACTION);
}

/** The most recent prompts within the budget, oldest first; the oldest one kept may be cut to its start. */
export function keptPrompts(prompts: readonly string[], budgetTokens = KEPT_PROMPT_TOKENS): string[] {
  let left = budgetTokens * CHARS_PER_TOKEN;
  const kept: string[] = [];
  for (let index = prompts.length - 1; index >= 0 && left > 0; index--) {
    const prompt = prompts[index];
    if (prompt.length <= left) kept.push(prompt);
    else
      kept.push(
        `${prompt.slice(0, left)}\n[… the rest of this message was left out when the conversation was compacted …]`,
      );
    left -= prompt.length;
  }
  return kept.reverse();
}

/** What is sent after a compaction: the kept prompts, then the summary. */
export function compactedContext(prompts: readonly string[], summary: string): ConversationItem[] {
  return [
    ...keptPrompts(prompts).map((text): ConversationItem => ({ type: 'user', text })),
    { type: 'user', text: `${SUMMARY_PREFIX}${summary}` },
  ];
}

export interface SummaryRequest {
  client: ModelClient;
  model: string;
  instructions: string;
  items: ConversationItem[];
  windowTokens: number;
  reasoningEffort?: string;
  cacheKey?: string;
  signal: AbortSignal;
  /** Codex's `compact_prompt`: the person's own wording of the request. */
  prompt?: string;
}

/**
 * One model call, without tools: the summary and what it cost. A conversation past the window has its old tool
 * outputs trimmed in this request only (the items themselves are not changed). Throws when the model fails or
 * answers nothing, so the caller keeps the conversation as it was.
 */
export async function requestSummary(request: SummaryRequest): Promise<{ summary: string; usage: TokenUsage }> {
  const { items } = fitContextWindow(request.items, request.instructions, request.windowTokens);
  const texts: string[] = [];
  let usage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  for await (const event of request.client.stream({
    model: request.model,
    instructions: request.instructions,
    items: [...items, { type: 'user', text: request.prompt ?? COMPACT_PROMPT }],
    tools: [],
    reasoningEffort: request.reasoningEffort,
    cacheKey: request.cacheKey,
    signal: request.signal,
  })) {
    if (event.type === 'message.done') texts.push(event.text);
    else if (event.type === 'completed') usage = event.usage;
  }
  const summary = texts.join('\n\n').trim();
  if (!summary) throw new Error('the model answered the summary request with no text');
  return { summary, usage };
}

/**
 * The tokens the next request will weigh: the provider's count for the last request (response usage) plus an
 * estimate of what was added since; the estimate alone before any response.
 */
export function nextRequestTokens(
  items: ConversationItem[],
  instructions: string,
  last: { inputTokens: number; outputTokens: number; itemCount: number } | null,
): number {
  if (!last || last.itemCount > items.length) return estimateTokens(items, instructions);
  return last.inputTokens + last.outputTokens + estimateTokens(items.slice(last.itemCount), '');
}
