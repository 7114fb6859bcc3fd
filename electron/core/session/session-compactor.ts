import type { SessionEventBody, Usage } from '../../contract';
import type { HookEngine } from '../hooks/hook-engine';
import type { ConversationItem, ModelClient, TokenUsage } from '../models/model-client';
import { autoCompactLimit, compactedContext, nextRequestTokens, requestSummary } from './compaction';
import { estimateTokens } from './context-window';

export interface SessionCompactorOptions {
  client: ModelClient;
  model: string;
  instructions: string;
  windowTokens: number;
  /** `model_auto_compact_token_limit`; default a fraction of the window (compaction.ts). */
  autoCompactTokenLimit?: number;
  /** `compact_prompt`: the person's wording of the summary request. */
  compactPrompt?: string;
  reasoningEffort?: string;
  cacheKey: string;
  hooks?: HookEngine;
  emit(body: SessionEventBody): Promise<unknown>;
  /** The summary request's tokens count as the session's (budgets, cost); returns the session's usage with them. */
  spent(usage: TokenUsage): Usage;
}

/**
 * A session's compaction: it follows the person's prompts and the provider's token counts, says when the next
 * request passes the limit, and compacts (PreCompact hooks, the summary request, the `compaction.completed` event,
 * PostCompact hooks). A failed summary is an `error` event and leaves the conversation as it was.
 */
export class SessionCompactor {
  private readonly prompts: string[];
  /** The provider's count for the last request, with the conversation's length once its response was added. */
  private last: { inputTokens: number; outputTokens: number; itemCount: number } | null = null;
  /** Auto compaction waits for a new response after one (done or failed): never two summary requests in a row. */
  private respondedSinceCompaction = true;
  readonly limit: number;

  constructor(
    private readonly options: SessionCompactorOptions,
    prompts: string[] = [],
  ) {
    this.prompts = prompts;
    this.limit = autoCompactLimit(options.autoCompactTokenLimit, options.windowTokens);
  }

  /** A turn's prompt, as the model gets it: a later compaction keeps the most recent ones verbatim. */
  prompted(text: string): void {
    this.prompts.push(text);
  }

  /** A response came, and the conversation now holds `itemCount` items with it. */
  responded(usage: TokenUsage, itemCount: number): void {
    this.respondedSinceCompaction = true;
    this.last =
      usage.inputTokens > 0 ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, itemCount } : null;
  }

  /** What the next request weighs, as well as we know it. */
  tokens(items: ConversationItem[]): number {
    return nextRequestTokens(items, this.options.instructions, this.last);
  }

  /**
   * Whether the next request passes model_auto_compact_token_limit and a compaction could still help: not right
   * after one, and not before the model has said or done anything (only the person's prompts, which a summary
   * could only cut: a first message pasted over the limit is sent whole, for the provider to take or refuse).
   */
  due(items: ConversationItem[]): boolean {
    return this.respondedSinceCompaction && items.some((i) => i.type !== 'user') && this.tokens(items) >= this.limit;
  }

  /**
   * Summarise `items` and return the compacted context, or null when the summary failed (said in an `error` event;
   * nothing changed). An abort ends it quietly with null.
   */
  async compact(
    trigger: 'manual' | 'auto',
    items: ConversationItem[],
    signal: AbortSignal,
    turn?: number,
  ): Promise<ConversationItem[] | null> {
    const { hooks } = this.options;
    const at = { ...(turn !== undefined ? { turn } : {}), signal };
    this.respondedSinceCompaction = false;
    const tokensBefore = this.tokens(items);
    if (hooks?.has('PreCompact')) await hooks.compaction('PreCompact', trigger, at);
    let summary: string;
    let sessionUsage: Usage;
    try {
      const answer = await requestSummary({
        client: this.options.client,
        model: this.options.model,
        instructions: this.options.instructions,
        items,
        windowTokens: this.options.windowTokens,
        reasoningEffort: this.options.reasoningEffort,
        cacheKey: this.options.cacheKey,
        signal,
        prompt: this.options.compactPrompt,
      });
      sessionUsage = this.options.spent(answer.usage);
      summary = answer.summary;
    } catch (err) {
      if (signal.aborted) return null;
      await this.options.emit({
        type: 'error',
        message: `The conversation was not compacted (it stays as it was): ${(err as Error).message}`,
        willRetry: false,
      });
      return null;
    }
    const compacted = compactedContext(this.prompts, summary);
    this.last = null;
    const tokensAfter = estimateTokens(compacted, this.options.instructions);
    await this.options.emit({
      type: 'compaction.completed',
      ...(turn !== undefined ? { turn } : {}),
      trigger,
      summary,
      tokensBefore,
      tokensAfter,
      sessionUsage,
    });
    if (hooks?.has('PostCompact')) await hooks.compaction('PostCompact', trigger, at);
    return compacted;
  }
}
