import { useEffect, useState } from 'react';
import { EmptyState } from '../components/empty-state';
import { useCrew } from '../state/crew-store';
import { useSession } from '../state/session-store';

const STATE_LABEL = { running: 'running', done: 'done', merged: 'merged', failed: 'failed', blocked: 'waiting' } as const;

/** One row per subagent of the current crew run: task, state, current step, elapsed time, tokens and cost. */
export function SubagentsPane() {
  const rows = useCrew((s) => s.rows);
  const spec = useCrew((s) => s.spec);
  const finished = useCrew((s) => s.finished);
  const now = useNow(rows.some((r) => r.state === 'running'));
  if (!rows.length) {
    return (
      <EmptyState title="No subagents running">
        When a spec&apos;s tasks run (Run tasks in the spec pane, or trellis spec run), each subagent shows here with its task, state, current step, time and tokens.
      </EmptyState>
    );
  }
  const running = rows.filter((r) => r.state === 'running').length;
  return (
    <div className="subagents-pane">
      <p className="subagents-summary" aria-live="polite">
        {spec}: {running ? `${running} running` : finished ? (finished.ok ? 'all tasks done' : `${finished.failures.length} task(s) did not finish`) : 'starting'}
        {!finished && (
          <button type="button" className="button small" onClick={() => void useCrew.getState().stop()}>
            Stop
          </button>
        )}
      </p>
      <table className="subagents-table" aria-label="Subagents">
        <thead>
          <tr>
            <th>Task</th>
            <th>State</th>
            <th>Step</th>
            <th>Time</th>
            <th>Tokens</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.taskId} aria-label={`Task ${r.taskId}: ${r.title}, ${STATE_LABEL[r.state]}`} className={`subagent state-${r.state}`}>
              <td>
                <span className="subagent-id">{r.taskId}</span> {r.title}
              </td>
              <td className="subagent-state">{STATE_LABEL[r.state]}</td>
              <td className="subagent-step" title={r.error ?? r.step}>
                {r.error ?? r.step ?? ''}
              </td>
              <td>{r.startedAt ? formatSeconds(((r.finishedAt ?? now) - r.startedAt) / 1000) : ''}</td>
              <td>
                {r.tokens.toLocaleString('en')}
                {r.costUsd ? ` · $${r.costUsd.toFixed(4)}` : ''}
                {r.sessionId && (
                  <>
                    {' '}
                    <button type="button" className="link-button" onClick={() => void useSession.getState().resume(r.sessionId!)}>
                      transcript
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The clock, ticking once a second while something runs. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function formatSeconds(s: number): string {
  return s < 60 ? `${Math.max(0, s).toFixed(0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
