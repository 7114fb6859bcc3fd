import { describe, expect, it } from 'vitest';
import { goalStatus, parseGoalArgs } from './goal-command';

describe('/goal', () => {
  it('alone asks for the status; pause, resume and clear are actions, in any case', () => {
    expect(parseGoalArgs('')).toEqual({ action: 'status' });
    expect(parseGoalArgs('  Pause ')).toEqual({ action: 'pause' });
    expect(parseGoalArgs('resume')).toEqual({ action: 'resume' });
    expect(parseGoalArgs('CLEAR')).toEqual({ action: 'clear' });
  });

  it('sets an objective, with --budget anywhere in the line (50000, 50k, 1.5M, --budget=N)', () => {
    expect(parseGoalArgs('Port the parser to Rust')).toEqual({ action: 'set', objective: 'Port the parser to Rust' });
    expect(parseGoalArgs('Port the parser --budget 50k')).toEqual({
      action: 'set',
      objective: 'Port the parser',
      tokenBudget: 50_000,
    });
    expect(parseGoalArgs('--budget=1.5M Port it')).toEqual({
      action: 'set',
      objective: 'Port it',
      tokenBudget: 1_500_000,
    });
    expect(parseGoalArgs('Fix\nall the tests --budget 20,000')).toEqual({
      action: 'set',
      objective: 'Fix\nall the tests',
      tokenBudget: 20_000,
    });
    // "pause the build" is an objective, not the pause action.
    expect(parseGoalArgs('pause the build on red')).toEqual({ action: 'set', objective: 'pause the build on red' });
  });

  it('refuses a budget that is no token count, a missing objective and a second --budget, with a sentence', () => {
    expect(parseGoalArgs('Fix it --budget lots')).toEqual({
      action: 'error',
      message: '--budget takes a number of tokens above 0 (50000, 50k, 1.5M), not “lots”.',
    });
    expect(parseGoalArgs('Fix it --budget')).toMatchObject({
      action: 'error',
      message: expect.stringContaining('nothing'),
    });
    expect(parseGoalArgs('Fix it --budget 0')).toMatchObject({ action: 'error' });
    expect(parseGoalArgs('--budget 100')).toMatchObject({
      action: 'error',
      message: expect.stringContaining('Say what'),
    });
    expect(parseGoalArgs('a --budget 1 --budget 2')).toEqual({ action: 'error', message: 'Give --budget once.' });
  });

  it('says the status in one sentence', () => {
    expect(goalStatus(null)).toContain('There is no goal.');
    expect(
      goalStatus({
        objective: 'Ship it',
        tokenBudget: 10_000,
        tokensUsed: 2_500,
        state: 'budget-reached',
        note: null,
        setAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:01:00Z',
      }),
    ).toBe('Goal budget reached: “Ship it”, 2,500 of 10,000 tokens used.');
  });
});
