import { useState } from 'react';
import type { ChangeSource } from '../../../electron/contract';
import { useCrew } from '../state/crew-store';
import { commentLines, useReview } from '../state/review-store';
import { useSession } from '../state/session-store';
import { LayoutToggle } from './review-controls';

function CloseReview() {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Close review"
      title="Close review"
      onClick={() => useReview.setState({ changes: null })}
    >
      ×
    </button>
  );
}

/** A turn's change: revert it, undo or redo it, or send the comments back as the next instruction. */
export function TurnActions({ undone, busy, empty }: { undone: boolean; busy: boolean; empty: boolean }) {
  const changes = useReview((s) => s.changes);
  const comments = useReview((s) => s.comments);
  const store = useReview.getState();
  if (changes?.source.kind !== 'turn') return null;
  return (
    <div className="review-toolbar" role="toolbar" aria-label="Turn actions">
      <span className="review-turn-label">Turn {changes.source.turn + 1}</span>
      <button type="button" disabled={busy || empty} onClick={() => void store.revert({})}>
        Revert turn
      </button>
      {undone ? (
        <button type="button" disabled={busy} onClick={() => void store.redoTurn()}>
          Redo turn
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void store.undoTurn()}>
          Undo turn
        </button>
      )}
      <span className="toolbar-spacer" />
      <LayoutToggle />
      <CloseReview />
      <button
        type="button"
        className="primary"
        disabled={busy || !comments.length}
        onClick={() => {
          const prompt = store.requestChangesPrompt();
          if (prompt)
            void useSession
              .getState()
              .send(prompt)
              .then((sent) => sent && useReview.setState({ comments: [] }));
        }}
      >
        Request changes
      </button>
    </div>
  );
}

/** A crew task's change: approve merges it into the workspace's branch; reject sends it back to todo with the comments. */
export function TaskActions({ source }: { source: Extract<ChangeSource, { kind: 'task' }> }) {
  const row = useCrew((s) => s.rows.find((r) => r.taskId === source.taskId && s.spec === source.spec));
  const comments = useReview((s) => s.comments);
  const [note, setNote] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const store = useReview.getState();
  const deciding = row?.state === 'reviewing' || row?.state === 'conflict';
  const reject = () => {
    const text = [note.trim(), commentLines(comments)].filter(Boolean).join('\n');
    void useCrew
      .getState()
      .reject(source.taskId, text)
      .then((ok) => ok && useReview.setState({ comments: [], changes: null }));
  };
  return (
    <>
      <div className="review-toolbar" role="toolbar" aria-label="Task actions">
        <span className="review-turn-label" title={row?.title}>
          Task {source.taskId}
          {row ? `: ${row.title}` : ''}
        </span>
        <button type="button" disabled={!deciding} onClick={() => void store.revert({})}>
          Revert all
        </button>
        <span className="toolbar-spacer" />
        <LayoutToggle />
        <CloseReview />
        <button type="button" disabled={!deciding} onClick={() => setRejecting((v) => !v)}>
          Reject task
        </button>
        <button
          type="button"
          className="primary"
          disabled={!deciding}
          onClick={() => void useCrew.getState().approve(source.taskId)}
        >
          Approve and merge
        </button>
      </div>
      {row?.state === 'conflict' && (
        <div className="review-conflict" role="alert">
          <p className="tone-error">
            {row.error ?? `Merging ${row.branch} conflicts with your branch in ${row.conflicts?.join(', ')}.`}
          </p>
          <p>
            <button
              type="button"
              className="button"
              onClick={() => void useCrew.getState().resolve(source.taskId, 'agent')}
            >
              Hand to an agent
            </button>{' '}
            <button
              type="button"
              className="button"
              onClick={() =>
                void useCrew
                  .getState()
                  .resolve(source.taskId, 'person')
                  .then(() => store.loadChanges(source))
              }
            >
              Resolve myself
            </button>
          </p>
          <p className="pane-note">
            Either way your branch is merged into the task&apos;s worktree ({row.worktree}) and the conflict is resolved
            there; the result comes back here for review. Or reject the task and retry it on top of your branch.
          </p>
        </div>
      )}
      {!deciding && row && (
        <p className="pane-message">
          This task is {row.state}; only a task waiting for review can be approved or rejected.
        </p>
      )}
      {rejecting && (
        <div className="hunk-comment-form">
          <textarea
            aria-label="Why reject"
            placeholder="What should the next attempt do differently?"
            value={note}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
            autoFocus
          />
          <button type="button" onClick={reject}>
            Reject and send back
          </button>
        </div>
      )}
    </>
  );
}
