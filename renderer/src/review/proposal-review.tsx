import { api } from '../state/api-instance';
import { decisionsFor, isWholeFile, useReview, type ReviewItem } from '../state/review-store';
import { FileReview } from './file-review';
import { LayoutToggle } from './review-controls';
import { ReviewFileList } from './review-file-list';
import { onReviewKeys } from './review-keys';

/** A patch the agent proposed, file by file and hunk by hunk, to accept, reject and comment before anything is written. */
export function ProposalReview({ review }: { review: ReviewItem }) {
  const selectedPath = useReview((s) => s.selectedPath);
  const verdicts = useReview((s) => s.verdicts);
  const layout = useReview((s) => s.layout);
  const submitting = useReview((s) => s.submitting);
  const error = useReview((s) => s.error);
  const comments = useReview((s) => s.comments);

  const decided = !!review.outcome;
  const selected = review.files.find((f) => f.path === selectedPath) ?? review.files[0];
  const decisions = decisionsFor(review.files, verdicts);
  const totalHunks = review.files.reduce((n, f) => n + (isWholeFile(f) ? 1 : f.hunks.length), 0);
  const acceptedHunks = review.files.reduce((n, f) => {
    const d = decisions[f.path];
    return n + (d === 'accept' ? (isWholeFile(f) ? 1 : f.hunks.length) : Array.isArray(d) ? d.length : 0);
  }, 0);
  const store = useReview.getState();

  return (
    // The pane around this is the "Review changes" region; keys work anywhere inside it.
    <div className="review-pane" onKeyDown={onReviewKeys}>
      <div className="review-toolbar" role="toolbar" aria-label="Review actions">
        <button type="button" disabled={decided} onClick={() => store.decideAll('accept')}>
          Accept all
        </button>
        <button type="button" disabled={decided} onClick={() => store.decideAll('reject')}>
          Reject all
        </button>
        <span className="toolbar-spacer" />
        <LayoutToggle />
        <button type="button" className="primary" disabled={decided || submitting} onClick={() => void store.submit()}>
          Apply
        </button>
      </div>
      <p className="review-status" aria-live="polite">
        {decided
          ? review.error
            ? `Not written: ${review.error}`
            : `Applied: ${review.outcome!.filter((f) => f.status !== 'rejected').length} of ${review.outcome!.length} file(s) written.`
          : `${acceptedHunks} of ${totalHunks} hunk(s) accepted${comments.length ? `, ${comments.length} comment(s)` : ''}. Apply writes exactly the accepted hunks.`}
      </p>
      {error && <p className="pane-message tone-error">{error}</p>}
      <ReviewFileList files={review.files} selected={selected?.path ?? null} />
      {selected && (
        <FileReview
          key={`${review.callId}:${selected.path}`}
          file={selected}
          layout={layout}
          mode={decided ? 'decided' : 'proposal'}
          source={review.callId}
          sides={() =>
            api().request('session.reviewFile', {
              sessionId: review.sessionId,
              callId: review.callId,
              path: selected.path,
            })
          }
        />
      )}
    </div>
  );
}
