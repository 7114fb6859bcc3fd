import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReviewFile, ReviewHunk } from '../../../electron/contract';
import { useReview, type HunkVerdict } from '../state/review-store';
import { Verdict } from './review-controls';

/** What the person does with a file's hunks: decide a proposal, see a decided one, or revert a turn's or task's change. */
export type ReviewMode = 'proposal' | 'decided' | 'turn';

/** The hunks of one file, virtualized: a 10,000-line file's thousand hunks render as the few on screen. */
export function HunkList({
  file,
  verdicts,
  focused,
  mode,
}: {
  file: ReviewFile;
  verdicts: Record<number, HunkVerdict>;
  focused: number;
  mode: ReviewMode;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: file.hunks.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 150,
    overscan: 4,
  });
  const scrolled = useRef(false);
  useEffect(() => {
    // A newly opened file starts at its first hunk, already in view: scrolling there would only force a layout.
    if (!scrolled.current && focused === 0) return;
    scrolled.current = true;
    if (focused < file.hunks.length) virtual.scrollToIndex(focused, { align: 'auto' });
  }, [focused, file.hunks.length, virtual]);
  return (
    <div className="review-hunks" ref={parent} role="list" aria-label={`Hunks of ${file.path}`}>
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const hunk = file.hunks[item.index];
          return (
            <div
              key={hunk.index}
              data-index={item.index}
              ref={virtual.measureElement}
              className="review-hunk-slot"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <HunkCard
                file={file}
                hunk={hunk}
                verdict={verdicts[hunk.index]}
                focused={hunk.index === focused}
                mode={mode}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** One hunk: its range and first lines, its verdict (or Revert hunk), and the comments on it. */
function HunkCard({
  file,
  hunk,
  verdict,
  focused,
  mode,
}: {
  file: ReviewFile;
  hunk: ReviewHunk;
  verdict?: HunkVerdict;
  focused: boolean;
  mode: ReviewMode;
}) {
  const decided = mode === 'decided';
  const store = useReview.getState();
  const ref = useRef<HTMLDivElement>(null);
  const comments = useReview((s) => s.comments);
  const [draft, setDraft] = useState('');
  const [commenting, setCommenting] = useState(false);
  useEffect(() => {
    if (!focused || !ref.current) return;
    // Keyboard review moves the focus along with the current hunk, unless a comment is being typed
    // or the person is moving through the file list (a new file's first hunk must not take the focus away).
    const active = document.activeElement;
    if (active?.closest('.review-pane') && !active.closest('.review-files') && active.tagName !== 'TEXTAREA')
      ref.current.focus();
  }, [focused]);
  const addComment = useCallback(() => {
    const text = draft.trim();
    if (!text) return;
    // The first added line is what a comment on a hunk is usually about; else where the hunk starts.
    const firstAdded = hunk.lines.findIndex((l) => l.marker === '+');
    const line =
      hunk.newStart +
      Math.max(0, hunk.lines.slice(0, firstAdded < 0 ? 0 : firstAdded).filter((l) => l.marker !== '-').length);
    store.addComment({ path: file.path, hunk: hunk.index, line: Math.max(line, 1), text });
    setDraft('');
    setCommenting(false);
  }, [draft, file.path, hunk, store]);
  const mine = comments.map((c, i) => ({ c, i })).filter(({ c }) => c.path === file.path && c.hunk === hunk.index);

  return (
    <div
      ref={ref}
      role="listitem"
      className={`review-hunk${focused ? ' focused' : ''} verdict-${verdict ?? 'none'}`}
      aria-label={`Hunk ${hunk.index + 1} of ${file.hunks.length}`}
      aria-current={focused ? 'true' : undefined}
      tabIndex={focused ? 0 : -1}
      onClick={() => store.focusHunk(hunk.index)}
      onFocus={(e) => e.target === e.currentTarget && store.focusHunk(hunk.index)}
    >
      <div className="hunk-head">
        <code className="hunk-range">
          @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@{hunk.header ? ` ${hunk.header}` : ''}
        </code>
        {mode === 'turn' ? (
          <button
            type="button"
            className="review-action"
            onClick={() => void store.revert({ path: file.path, hunks: [hunk.index] })}
          >
            Revert hunk
          </button>
        ) : (
          <Verdict
            verdict={verdict}
            decided={decided}
            onAccept={() => store.decideHunk(file.path, hunk.index, 'accept')}
            onReject={() => store.decideHunk(file.path, hunk.index, 'reject')}
            what="hunk"
          />
        )}
        {!decided && (
          <button type="button" className="link-button" onClick={() => setCommenting((v) => !v)}>
            Comment
          </button>
        )}
      </div>
      {/* Long lines scroll sideways: focusable so the keyboard can scroll them. */}
      <pre className="hunk-lines" tabIndex={0}>
        {hunk.lines.slice(0, 12).map((l, i) => (
          <span key={i} className={`hunk-line line-${l.marker === '+' ? 'add' : l.marker === '-' ? 'del' : 'ctx'}`}>
            {l.marker}
            {l.text}
            {'\n'}
          </span>
        ))}
        {hunk.lines.length > 12 && (
          <span className="hunk-more">… {hunk.lines.length - 12} more line(s) in the diff above</span>
        )}
      </pre>
      {mine.map(({ c, i }) => (
        <p key={i} className="hunk-comment">
          <span>
            Line {c.line}: {c.text}
          </span>
          {!decided && (
            <button
              type="button"
              className="icon-button"
              aria-label="Remove comment"
              onClick={() => store.removeComment(i)}
            >
              ×
            </button>
          )}
        </p>
      ))}
      {commenting && (
        <div className="hunk-comment-form">
          <textarea
            aria-label={`Comment on hunk ${hunk.index + 1}`}
            value={draft}
            rows={2}
            onChange={(e) => setDraft(e.target.value)}
            autoFocus
          />
          <button type="button" onClick={addComment} disabled={!draft.trim()}>
            Add comment
          </button>
        </div>
      )}
    </div>
  );
}
