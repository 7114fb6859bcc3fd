import { create } from 'zustand';

/** Enough to find last hour's prompts again; older ones drop off. */
const KEPT = 100;

interface PromptHistoryState {
  /** Per workspace id: what the person sent (messages and commands), most recent first, each once. */
  byWorkspace: Record<string, string[]>;
  remember(workspaceId: string, text: string): void;
}

/** The prompts sent in this window, per workspace, for Up/Down in the prompt box. */
export const usePromptHistory = create<PromptHistoryState>()((set) => ({
  byWorkspace: {},
  remember(workspaceId, text) {
    set((s) => {
      const earlier = (s.byWorkspace[workspaceId] ?? []).filter((t) => t !== text);
      return { byWorkspace: { ...s.byWorkspace, [workspaceId]: [text, ...earlier].slice(0, KEPT) } };
    });
  },
}));

/**
 * Where Up or Down leads in the history: `position` -1 is the person's own draft, 0 the most recent prompt. Up
 * recalls only from the first line of the message and Down only from its last, so moving within a long message
 * still works; null when the key is the textarea's own.
 */
export function historyStep(
  key: 'ArrowUp' | 'ArrowDown',
  text: string,
  caret: number,
  position: number,
  count: number,
): number | null {
  if (key === 'ArrowUp') {
    if (text.slice(0, caret).includes('\n') || position + 1 >= count) return null;
    return position + 1;
  }
  if (text.slice(caret).includes('\n') || position < 0) return null;
  return position - 1;
}
