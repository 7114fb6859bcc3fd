export interface ProposedPlan {
  /** The block's Markdown, without its tags. */
  plan: string;
  /** The message without the block: what the transcript still shows as the agent's words. */
  outside: string;
}

const BLOCK = /^[ \t]*<proposed_plan>[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*<\/proposed_plan>[ \t]*$/gm;

/**
 * The `<proposed_plan>` block of a plan-mode answer (Codex's format: each tag on its own line, Markdown between).
 * The last complete one counts when a model writes several; a block never closed, or empty, is no plan.
 */
export function extractProposedPlan(message: string): ProposedPlan | null {
  const blocks = [...message.matchAll(BLOCK)];
  const last = blocks.at(-1);
  if (!last) return null;
  const plan = last[1].trim();
  if (!plan) return null;
  const outside = (message.slice(0, last.index) + message.slice(last.index + last[0].length)).trim();
  return { plan, outside };
}

/** A message as the transcript shows it once its plan is a card of its own. */
export function withoutProposedPlan(message: string): string {
  return extractProposedPlan(message)?.outside ?? message;
}
