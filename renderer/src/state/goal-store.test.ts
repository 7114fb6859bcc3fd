import { beforeEach, describe, expect, it } from 'vitest';
import { SESSION_LOG_VERSION, type SessionEvent, type SessionEventBody } from '../../../electron/contract';
import { useGoal } from './goal-store';

let seq = 0;
const ev = (body: SessionEventBody, ts: string): SessionEvent =>
  ({ v: SESSION_LOG_VERSION, session: 's1', seq: seq++, ts, ...body }) as SessionEvent;
const goal = { objective: 'Ship it', tokenBudget: 1000, tokensUsed: 0 };

beforeEach(() => useGoal.getState().reset(null));

describe('the goal store', () => {
  it("keeps the shown session's goal as its last goal.updated left it, its time counted from when it was set", () => {
    useGoal
      .getState()
      .ingest('s1', [
        ev({ type: 'goal.updated', ...goal, state: 'active', setAt: '2026-01-01T00:00:00Z' }, '2026-01-01T00:00:00Z'),
      ]);
    useGoal
      .getState()
      .ingest('s1', [
        ev(
          { type: 'goal.updated', ...goal, tokensUsed: 400, state: 'paused', note: 'interrupted' },
          '2026-01-01T00:05:00Z',
        ),
      ]);
    expect(useGoal.getState().goal).toEqual({
      ...goal,
      tokensUsed: 400,
      state: 'paused',
      note: 'interrupted',
      setAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:05:00Z',
    });
  });

  it('shows no goal once it is cleared, nor another session’s', () => {
    useGoal.getState().ingest('s1', [ev({ type: 'goal.updated', ...goal, state: 'active' }, '2026-01-01T00:00:00Z')]);
    useGoal.getState().ingest('s2', []);
    expect(useGoal.getState().goal).toBeNull();
    useGoal
      .getState()
      .ingest('s1', [
        ev({ type: 'goal.updated', ...goal, state: 'active' }, '2026-01-01T00:00:00Z'),
        ev({ type: 'goal.updated', ...goal, state: 'cleared' }, '2026-01-01T00:01:00Z'),
      ]);
    expect(useGoal.getState().goal).toBeNull();
  });
});
