// The turn is derived from the request alone (never from server state) so that retries, parallel
// conversations and replays all get the same answer for the same history.
import { createHash } from 'node:crypto';

export type MockApi = 'responses' | 'chat' | 'anthropic';

/** Responses input items the model produced; a run of them is one earlier model response. */
const MODEL_ITEM_TYPES = new Set([
  'function_call',
  'custom_tool_call',
  'reasoning',
  'local_shell_call',
  'web_search_call',
]);

/** How many model responses the request's history already holds, i.e. the index of the turn to answer. */
export function turnIndex(api: MockApi, body: Record<string, unknown>): number {
  if (api === 'responses') {
    const input = body.input;
    if (!Array.isArray(input)) return 0; // a plain string input is a first turn
    let groups = 0;
    let inGroup = false;
    for (const item of input) {
      const produced = isModelItem(item);
      if (produced && !inGroup) groups++;
      inGroup = produced;
    }
    return groups;
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.filter((m) => isRecord(m) && m.role === 'assistant').length;
}

function isModelItem(item: unknown): boolean {
  if (!isRecord(item)) return false;
  // Messages may omit `type` (EasyInputMessage); the role decides.
  if (item.type === undefined || item.type === 'message') return item.role === 'assistant';
  return typeof item.type === 'string' && MODEL_ITEM_TYPES.has(item.type);
}

/**
 * Identifies "this turn of this conversation": a hash of the history (plus the system prompt) so
 * that a retry of the same request counts as a further attempt while another conversation does not.
 */
export function conversationKey(api: MockApi, body: Record<string, unknown>): string {
  const history =
    api === 'responses'
      ? [body.instructions ?? null, body.input ?? null]
      : api === 'chat'
        ? [body.messages ?? null]
        : [body.system ?? null, body.messages ?? null];
  return createHash('sha256')
    .update(JSON.stringify([api, history]))
    .digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
