import { describe, expect, it } from 'vitest';
import { historyStep, usePromptHistory } from './prompt-history';

describe('the prompt history', () => {
  it('keeps what was sent per workspace, most recent first, each prompt once', () => {
    const { remember } = usePromptHistory.getState();
    remember('w1', 'first');
    remember('w1', 'second');
    remember('w2', 'elsewhere');
    remember('w1', 'first');
    expect(usePromptHistory.getState().byWorkspace).toEqual({ w1: ['first', 'second'], w2: ['elsewhere'] });
  });

  it('steps back with Up from the first line and forward with Down from the last, back to the draft', () => {
    expect(historyStep('ArrowUp', 'draft', 5, -1, 2)).toBe(0);
    expect(historyStep('ArrowUp', 'older', 0, 0, 2)).toBe(1);
    expect(historyStep('ArrowUp', 'oldest', 0, 1, 2)).toBeNull(); // nothing older
    expect(historyStep('ArrowDown', 'oldest', 6, 1, 2)).toBe(0);
    expect(historyStep('ArrowDown', 'newest', 6, 0, 2)).toBe(-1);
    expect(historyStep('ArrowDown', 'draft', 5, -1, 2)).toBeNull();
  });

  it('leaves Up and Down to the textarea inside a message of several lines', () => {
    expect(historyStep('ArrowUp', 'line one\nline two', 12, -1, 3)).toBeNull();
    expect(historyStep('ArrowUp', 'line one\nline two', 3, -1, 3)).toBe(0);
    expect(historyStep('ArrowDown', 'line one\nline two', 3, 0, 3)).toBeNull();
    expect(historyStep('ArrowDown', 'line one\nline two', 12, 0, 3)).toBe(-1);
  });
});
