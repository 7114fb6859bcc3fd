import { useEffectEvent, useLayoutEffect, useState } from 'react';
import type { ChangeSource, ReviewFile, ReviewFileEntry } from '../../../electron/contract';
import { EmptyState } from '../components/empty-state';
import { api } from '../state/api-instance';
import { useCrew } from '../state/crew-store';
import { useReview } from '../state/review-store';
import { useSession } from '../state/session-store';
import { TaskActions, TurnActions } from './change-actions';
import { FileReview } from './file-review';
import { ReviewFileList } from './review-file-list';
import { onReviewKeys } from './review-keys';

/** After the fact: what a turn or a crew task changed, to revert by hunk, file or whole, comment on, and (a task) approve or reject. */
export function ChangesReview() {
  const turns = useReview((s) => s.checkpointTurns);
  const changes = useReview((s) => s.changes);
  const selectedPath = useReview((s) => s.selectedPath);
  const layout = useReview((s) => s.layout);
  const generation = useReview((s) => s.generation);
  const comments = useReview((s) => s.comments);
  const error = useReview((s) => s.error);
  const running = useSession((s) => s.running);
  const taskRef = changes?.source.kind === 'task' ? changes.source : null;
  const flagged = useCrew((s) =>
    taskRef && s.spec === taskRef.spec ? s.rows.find((r) => r.taskId === taskRef.taskId)?.flagged : undefined,
  );
  const store = useReview.getState();

  if (!changes) {
    return (
      <EmptyState title="Nothing to review">
        Changes an agent proposes appear here before they are written, file by file and hunk by hunk, to accept or
        reject.
        {turns.length > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" disabled={running} onClick={() => void store.loadTurn()}>
              Review the last turn&apos;s changes
            </button>
          </>
        )}
        {error && <span className="tone-error"> {error}</span>}
      </EmptyState>
    );
  }
  const source = changes.source;
  const selected = changes.files.find((f) => f.path === selectedPath) ?? changes.files[0];
  const key = `${source.kind === 'turn' ? `turn-${source.turn}` : `task-${source.spec}-${source.taskId}`}-${generation}`;
  // A turn's files are rewritten only while its agent is idle; a task's only while it waits for review.
  const busy = source.kind === 'turn' ? running : false;
  const what = source.kind === 'turn' ? `turn ${source.turn + 1}` : `task ${source.taskId}`;
  return (
    <div className="review-pane" onKeyDown={onReviewKeys}>
      {source.kind === 'turn' ? (
        <TurnActions undone={changes.undone} busy={busy} empty={!changes.files.length} />
      ) : (
        <TaskActions source={source} />
      )}
      <p className="review-status" aria-live="polite">
        {changes.files.length
          ? `${changes.files.length} file(s) changed since ${what} began${changes.undone ? ' (undone)' : ''}${comments.length ? `, ${comments.length} comment(s)` : ''}.`
          : `Nothing differs from how ${what} found the folder${changes.undone ? ' (undone)' : ''}.`}
      </p>
      {error && <p className="pane-message tone-error">{error}</p>}
      {flagged?.length ? (
        <p className="review-flagged" role="alert">
          ⚠ This task adds large or binary files ({flagged.map((f) => f.path).join(', ')}): once merged they stay in
          your history. Check them before you approve.
        </p>
      ) : null}
      <ReviewFileList files={changes.files} selected={selected?.path ?? null} showState={false} flagged={flagged} />
      {selected && (
        <ChangedFile key={`${key}:${selected.path}`} source={source} entry={selected} layout={layout} cacheKey={key} />
      )}
    </div>
  );
}

/** One changed file: its hunks and both sides load when it is opened. */
function ChangedFile({
  source,
  entry,
  layout,
  cacheKey,
}: {
  source: ChangeSource;
  entry: ReviewFileEntry;
  layout: 'side-by-side' | 'inline';
  cacheKey: string;
}) {
  const [detail, setDetail] = useState<{ file: ReviewFile | null; before: string | null; after: string | null } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  // The source object is rebuilt on every load: cacheKey names it, so the request reads it without re-running for it.
  const requestFile = useEffectEvent(() =>
    api().request('changes.file', { source, path: entry.path, oldPath: entry.oldPath, kind: entry.kind }),
  );
  // A layout effect: the request leaves in the frame of the click, not after the next paint.
  useLayoutEffect(() => {
    let current = true;
    void requestFile().then((result) => {
      if (!current) return;
      if (result.ok) {
        setDetail(result.value);
        useReview.setState({ openedHunks: result.value.file?.hunks.length ?? 0 });
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [cacheKey, entry.path, entry.oldPath, entry.kind]);
  if (error) return <p className="pane-message tone-error">{error}</p>;
  if (!detail) return <p className="pane-message">Loading {entry.path}…</p>;
  if (!detail.file) return <p className="pane-message">{entry.path} no longer differs from where it started.</p>;
  return <FileReview file={detail.file} layout={layout} mode="turn" source={cacheKey} sides={detail} />;
}
