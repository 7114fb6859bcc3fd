import { useReview, type HunkVerdict } from '../state/review-store';

/** Side by side or inline: one setting for every diff in the pane. */
export function LayoutToggle() {
  const layout = useReview((s) => s.layout);
  return (
    <label className="layout-toggle">
      <input
        type="checkbox"
        checked={layout === 'inline'}
        onChange={(e) => useReview.getState().setLayout(e.target.checked ? 'inline' : 'side-by-side')}
      />{' '}
      Inline
    </label>
  );
}

/** Accept and reject for a hunk or a whole file, showing the verdict given. */
export function Verdict({
  verdict,
  decided,
  onAccept,
  onReject,
  what,
}: {
  verdict?: HunkVerdict;
  decided: boolean;
  onAccept(): void;
  onReject(): void;
  what: 'hunk' | 'file';
}) {
  return (
    <span className="verdict-buttons">
      <button
        type="button"
        aria-pressed={verdict === 'accept'}
        className={verdict === 'accept' ? 'accepted' : ''}
        disabled={decided}
        onClick={onAccept}
      >
        {what === 'hunk' ? 'Accept hunk' : 'Accept file'}
      </button>
      <button
        type="button"
        aria-pressed={verdict === 'reject'}
        className={verdict === 'reject' ? 'rejected' : ''}
        disabled={decided}
        onClick={onReject}
      >
        {what === 'hunk' ? 'Reject hunk' : 'Reject file'}
      </button>
    </span>
  );
}
