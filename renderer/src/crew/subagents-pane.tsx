import { useEffect, useState } from 'react';
import type { CrewTaskRow, FlaggedFile } from '../../../electron/contract';
import { EmptyState } from '../components/empty-state';
import { CREW_STATE_LABEL } from './crew-states';
import { useCrew } from '../state/crew-store';
import { useLayout } from '../state/layout-store';
import { useSession } from '../state/session-store';
import { useWorkspace } from '../state/workspace-store';

/**
 * One row per subagent of the current crew run: task, state, current step, elapsed time, tokens and cost,
 * with its review, retry and transcript; runs an earlier app left unfinished; the task worktrees.
 */
export function SubagentsPane() {
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const rows = useCrew((s) => s.rows);
  const interrupted = useCrew((s) => s.interrupted);
  const error = useCrew((s) => s.error);

  return (
    <div className="subagents-pane">
      {interrupted.map((run) => (
        <InterruptedRun key={run.runId} runId={run.runId} spec={run.spec} rows={run.rows} />
      ))}
      {error && (
        <p className="pane-message tone-error" role="alert">
          {error}
        </p>
      )}
      {rows.length ? (
        <CurrentRun />
      ) : (
        <EmptyState title="No subagents running">
          When a spec&apos;s tasks run (Run tasks in the spec pane, or trellis spec run), each subagent shows here with
          its task, state, current step, time and tokens; each finished task waits for your review before it merges.
        </EmptyState>
      )}
      {workspaceId && <Worktrees />}
    </div>
  );
}

function CurrentRun() {
  const rows = useCrew((s) => s.rows);
  const spec = useCrew((s) => s.spec);
  const finished = useCrew((s) => s.finished);
  const paused = useCrew((s) => s.paused);
  const now = useNow(rows.some((r) => r.state === 'running'));
  const store = useCrew.getState();
  const running = rows.filter((r) => r.state === 'running').length;
  const reviewing = rows.filter((r) => r.state === 'reviewing' || r.state === 'conflict').length;
  const status = finished
    ? finished.ok
      ? 'all tasks done'
      : `${finished.failures.length} task(s) did not finish`
    : [running && `${running} running`, reviewing && `${reviewing} awaiting review`, paused && 'paused']
        .filter(Boolean)
        .join(', ') || 'starting';
  return (
    <>
      <p className="subagents-summary" aria-live="polite">
        {spec}: {status}
        {!finished && (
          <>
            <button type="button" className="button small" onClick={() => void store.setPaused(!paused)}>
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" className="button small" onClick={() => void store.stop()}>
              Stop
            </button>
          </>
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
            <tr
              key={r.taskId}
              aria-label={`Task ${r.taskId}: ${r.title}, ${CREW_STATE_LABEL[r.state]}`}
              className={`subagent state-${r.state}`}
            >
              <td>
                <span className="subagent-id">{r.taskId}</span> {r.title}
                {r.flagged?.length ? <FlaggedNote files={r.flagged} /> : null}
                <div className="subagent-actions">
                  <TaskActions row={r} />
                </div>
              </td>
              <td className="subagent-state">{CREW_STATE_LABEL[r.state]}</td>
              <td className="subagent-step" title={detailOf(r)}>
                {detailOf(r)}
              </td>
              <td>{r.startedAt ? formatSeconds(((r.finishedAt ?? now) - r.startedAt) / 1000) : ''}</td>
              <td>
                {r.tokens.toLocaleString('en')}
                {r.costUsd ? ` · $${r.costUsd.toFixed(4)}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TaskActions({ row }: { row: CrewTaskRow }) {
  const store = useCrew.getState();
  const label = `${row.taskId}`;
  return (
    <>
      {row.worktree && (
        <button
          type="button"
          className={row.state === 'reviewing' || row.state === 'conflict' ? 'button small primary' : 'link-button'}
          aria-label={
            row.state === 'reviewing' || row.state === 'conflict' ? `Review task ${label}` : `changes of task ${label}`
          }
          onClick={() => {
            useLayout.getState().setCollapsed('review', false);
            void store.review(row.taskId);
          }}
        >
          {row.state === 'reviewing' || row.state === 'conflict' ? 'Review' : 'changes'}
        </button>
      )}
      {(row.state === 'failed' || row.state === 'rejected') && (
        <button
          type="button"
          className="button small"
          aria-label={`Retry task ${label}`}
          onClick={() => void store.retry(row.taskId)}
        >
          Retry
        </button>
      )}
      {row.sessionId && (
        <button
          type="button"
          className="link-button"
          aria-label={`Transcript of task ${label}`}
          onClick={() => void useSession.getState().resume(row.sessionId!)}
        >
          transcript
        </button>
      )}
    </>
  );
}

/**
 * The task's change adds large or binary files: said on its row, so it is not approved unnoticed. The words
 * shown are the note's name (cut to the row's width, whole in the tooltip), as voice control needs.
 */
function FlaggedNote({ files }: { files: FlaggedFile[] }) {
  const text = `Adds large or binary files: ${files.map((f) => f.path).join(', ')}`;
  return (
    <span className="flagged-note" role="note" title={text} aria-label={text}>
      <span aria-hidden="true">⚠ </span>
      {text}
    </span>
  );
}

/** What to say about a row besides its state: why it failed, what the reviewer said, or its current step. */
function detailOf(row: CrewTaskRow): string {
  if (row.state === 'rejected') return row.comment ? `rejected: ${row.comment}` : 'rejected';
  if (row.state === 'conflict') return `conflicts in ${row.conflicts?.join(', ') || 'some files'}`;
  return row.error ?? row.step ?? '';
}

function InterruptedRun({ runId, spec, rows }: { runId: string; spec: string; rows: CrewTaskRow[] }) {
  const store = useCrew.getState();
  const unfinished = rows.filter((r) => r.state === 'interrupted' || r.state === 'queued').length;
  const reviewing = rows.filter((r) => r.state === 'reviewing' || r.state === 'conflict').length;
  return (
    <div className="crew-interrupted" role="status" aria-label={`Interrupted run of ${spec}`}>
      <p>
        A run of <strong>{spec}</strong> did not finish (Trellis stopped during it):{' '}
        {[unfinished && `${unfinished} task(s) unfinished`, reviewing && `${reviewing} awaiting review`]
          .filter(Boolean)
          .join(', ') || 'nothing left to do'}
        . Resuming runs the unfinished tasks again and brings the finished ones back for review.
      </p>
      <button type="button" className="button small primary" onClick={() => void store.resumeRun(runId)}>
        Resume run
      </button>
      <button type="button" className="button small" onClick={() => void store.dismissRun(runId)}>
        Dismiss
      </button>
    </div>
  );
}

/** The worktrees Trellis made for tasks, to remove the ones no longer needed. The person's own are never listed. */
function Worktrees() {
  const worktrees = useCrew((s) => s.worktrees);
  const [open, setOpen] = useState(false);
  const store = useCrew.getState();
  return (
    <details
      className="crew-worktrees"
      open={open}
      onToggle={(e) => {
        const isOpen = (e.target as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) void store.loadWorktrees();
      }}
    >
      <summary>Task worktrees</summary>
      {worktrees === null ? (
        <p className="pane-message">Loading…</p>
      ) : worktrees.length === 0 ? (
        <p className="pane-message">No task worktrees: Trellis has none left in this repository.</p>
      ) : (
        <ul aria-label="Task worktrees">
          {worktrees.map((w) => (
            <li key={w.path} aria-label={`Worktree of ${w.spec} task ${w.taskId}`}>
              <code title={w.path}>{w.branch}</code>{' '}
              <span className="pane-note">
                {w.inUse ? 'in use' : w.merged ? 'merged' : 'not merged: removing it discards its work'}
              </span>{' '}
              <button
                type="button"
                className="button small"
                disabled={w.inUse}
                aria-label={`Remove worktree of ${w.spec} task ${w.taskId}`}
                onClick={() => void store.removeWorktree(w.path)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** The clock, ticking once a second while something runs. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
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
