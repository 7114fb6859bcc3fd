import { useSession } from '../state/session-store';

/** "Review edits before they are written": the person's choice, locked on by an untrusted approval policy. */
export function ReviewEditsToggle() {
  const reviewEdits = useSession((s) => s.reviewEdits);
  const reviewForcedBy = useSession((s) => s.reviewForcedBy);
  return (
    <div className="review-edits">
      <label
        className="review-edits-toggle"
        title="Hold every patch in Review changes until you accept or reject its hunks (always on under the untrusted policy)"
      >
        <input
          type="checkbox"
          checked={reviewEdits || reviewForcedBy !== null}
          disabled={reviewForcedBy !== null}
          aria-describedby={reviewForcedBy !== null ? 'review-edits-forced' : undefined}
          onChange={(e) => void useSession.getState().setReviewEdits(e.target.checked)}
        />{' '}
        Review edits before they are written
      </label>
      {reviewForcedBy !== null && (
        <span id="review-edits-forced" className="review-edits-forced">
          Locked on: {reviewForcedBy}
        </span>
      )}
    </div>
  );
}
