import type { SessionEvent, Usage } from '../../contract';
import { ZERO_USAGE } from '../../contract';
import type { ConversationItem } from '../models/model-client';
import { compactedContext } from './compaction';
import { modeNote, planModeReminder, type SessionMode } from './mode-notes';
import { userTurnText } from './turn-text';

export interface RebuiltSession {
  items: ConversationItem[];
  /** The person's prompts as sent, every turn's: a later compaction keeps the most recent of them. */
  prompts: string[];
  usage: Usage;
  turns: number;
  /** The mode the log left the session in (mode.changed); the model's messages about it are in `items`. */
  mode: SessionMode;
  started: Extract<SessionEvent, { type: 'session.started' }> | undefined;
}

/**
 * The conversation as the model saw it, rebuilt from the log: prompts (with their attached resources' text and what
 * hooks added beside them), completed messages, tool calls and their results; a compaction replaces what came before
 * it with the same context the live session built (compactedContext). A call whose result never
 * reached the log (the process died mid-tool) is answered as interrupted, so
 * the history stays valid for every API.
 */
export function rebuildSession(events: SessionEvent[]): RebuiltSession {
  let items: ConversationItem[] = [];
  const prompts: string[] = [];
  const answered = new Set<string>();
  let usage = ZERO_USAGE;
  let turns = 0;
  let mode: SessionMode = 'default';
  let started: RebuiltSession['started'];
  for (const event of events) {
    if (event.type === 'tool.result') answered.add(event.callId);
  }
  const kinds = new Map<string, 'function' | 'custom'>();
  for (const event of events) {
    switch (event.type) {
      case 'session.started':
        started ??= event;
        break;
      case 'turn.started':
        turns = event.turn + 1;
        prompts.push(userTurnText(event.prompt, event.attachments));
        items.push({ type: 'user', text: prompts.at(-1)! });
        if (event.context) items.push({ type: 'user', text: event.context });
        break;
      case 'compaction.completed':
        items = compactedContext(prompts, event.summary);
        usage = event.sessionUsage ?? usage;
        // As the live session does (SessionModes.afterCompaction): plan mode is said again after the summary.
        if (mode === 'plan') items.push(planModeReminder());
        break;
      case 'prompt.steered':
        // Where the live session put it: between model requests, after the previous response's results.
        prompts.push(event.prompt);
        items.push({ type: 'user', text: event.prompt });
        break;
      case 'message.completed':
        items.push({ type: 'assistant', text: event.text });
        break;
      case 'tool.call':
        kinds.set(event.callId, event.kind);
        items.push({ type: 'tool_call', callId: event.callId, name: event.tool, input: event.input, kind: event.kind });
        if (!answered.has(event.callId)) {
          items.push({
            type: 'tool_result',
            callId: event.callId,
            output: 'Interrupted: the session ended before this call finished.',
            kind: event.kind,
          });
        }
        break;
      case 'tool.result':
        items.push({
          type: 'tool_result',
          callId: event.callId,
          output: event.output,
          kind: kinds.get(event.callId) ?? 'function',
        });
        break;
      case 'mode.changed':
        // Logged only between model requests, never inside a response's calls: the message goes where it was sent.
        mode = event.mode;
        items.push({ type: 'user', text: modeNote(event.mode) });
        break;
      case 'turn.completed':
        usage = event.sessionUsage;
        break;
    }
  }
  return { items, prompts, usage, turns, mode, started };
}
