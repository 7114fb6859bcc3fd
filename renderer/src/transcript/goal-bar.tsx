import './goal-bar.css';
import { useEffect, useState } from 'react';
import { useGoal, type GoalAction, type ShownGoal } from '../state/goal-store';
import { useSession } from '../state/session-store';

const STATE_NAMES: Record<ShownGoal['state'], string> = {
  active: 'Active',
  paused: 'Paused',
  'budget-reached': 'Budget reached',
  complete: 'Complete',
  blocked: 'Blocked',
  cleared: 'Cleared',
};

/** 75 s -> "1 min 15 s"; 2 h and more -> "2 h 5 min". */
function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  if (h) return `${h} h ${min} min`;
  return min ? `${min} min ${seconds % 60} s` : `${seconds} s`;
}

/** Its time ticks while it is pursued; otherwise it stands at its last change. */
function useElapsed(goal: ShownGoal): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (goal.state !== 'active') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [goal.state]);
  const end = goal.state === 'active' ? now : Date.parse(goal.updatedAt);
  return elapsed(end - Date.parse(goal.setAt));
}

/** The session's goal above the transcript: objective, tokens of the budget, time, state, Pause/Resume/Clear. */
export function GoalBar() {
  const goal = useGoal((s) => s.goal);
  const sessionId = useSession((s) => s.sessionId);
  const running = useSession((s) => s.running);
  if (!goal || !sessionId) return null;
  return <GoalBarShown goal={goal} sessionId={sessionId} running={running} />;
}

function GoalBarShown({ goal, sessionId, running }: { goal: ShownGoal; sessionId: string; running: boolean }) {
  const [problem, setProblem] = useState<string | null>(null);
  const time = useElapsed(goal);
  const act = async (action: GoalAction) => setProblem(await useGoal.getState().request(sessionId, action));
  const used = goal.tokensUsed.toLocaleString('en');
  return (
    <section className={`goal-bar goal-${goal.state}`} aria-label="Goal">
      <div className="goal-main">
        <span className="goal-state">{STATE_NAMES[goal.state]}</span>
        <span className="goal-objective" title={goal.objective}>
          {goal.objective}
        </span>
      </div>
      <div className="goal-figures">
        {goal.tokenBudget === null ? (
          <span>{used} tokens</span>
        ) : (
          <>
            <meter
              aria-label="Tokens used of the goal's budget"
              min={0}
              max={goal.tokenBudget}
              value={Math.min(goal.tokensUsed, goal.tokenBudget)}
            />
            <span>
              {used} of {goal.tokenBudget.toLocaleString('en')} tokens
            </span>
          </>
        )}
        <span>{time} on it</span>
        {goal.state === 'active' && running && (
          <button type="button" className="button" onClick={() => void act({ action: 'pause' })}>
            Pause
          </button>
        )}
        {/* Active but idle: a session reopened after its process stopped mid-pursuit. */}
        {(goal.state === 'paused' || goal.state === 'blocked' || (goal.state === 'active' && !running)) && (
          <button type="button" className="button" onClick={() => void act({ action: 'resume' })}>
            Resume
          </button>
        )}
        <button type="button" className="button" onClick={() => void act({ action: 'clear' })}>
          Clear
        </button>
      </div>
      {goal.note && goal.state !== 'active' && <p className="goal-note">{goal.note}</p>}
      {problem && (
        <p className="goal-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
