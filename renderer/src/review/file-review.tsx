import { lazy, Suspense } from 'react';
import type { Result, ReviewFile } from '../../../electron/contract';
import { isWholeFile, useReview, WHOLE_FILE } from '../state/review-store';
import { HunkList, type ReviewMode } from './hunk-list';
import { Verdict } from './review-controls';

/** Monaco's diff view, in its own chunk; the review pane asks for it early, while the app is idle. */
export const loadDiffView = () => import('./diff-view');
const DiffView = lazy(loadDiffView);

/** Both sides of a file, or how to fetch them. */
export type DiffSides =
  | { before: string | null; after: string | null }
  | (() => Promise<Result<{ before: string | null; after: string | null }>>);

/**
 * One file under review: its diff and its hunks, or (binary, very large, no line changes) the file as a whole.
 * A proposal is accepted or rejected; a turn's or task's change is reverted.
 */
export function FileReview({
  file,
  layout,
  mode,
  source,
  sides,
}: {
  file: ReviewFile;
  layout: 'side-by-side' | 'inline';
  mode: ReviewMode;
  source: string;
  sides: DiffSides;
}) {
  const decided = mode === 'decided';
  const verdicts = useReview((s) => s.verdicts[file.path]) ?? {};
  const focused = useReview((s) => s.focusedHunk);
  const store = useReview.getState();
  const whole = isWholeFile(file);
  const focusedHunk = file.hunks[focused];

  return (
    <div className="review-file-detail">
      {whole ? (
        <div className="review-whole-file" role="group" aria-label={`${file.path}, whole file`}>
          <p className="pane-message">
            {file.binary
              ? 'Binary file'
              : file.tooLarge
                ? 'Very large file'
                : file.kind === 'renamed'
                  ? 'Renamed without changes'
                  : 'No line changes'}
            : {mode === 'turn' ? 'it can be reverted as a whole.' : 'accept or reject it as a whole.'}
            {file.binary || file.tooLarge
              ? mode === 'turn'
                ? ' Show it in its folder to open it with another program.'
                : ' It is not written yet; accept it to see it on disk.'
              : ''}
          </p>
          {mode === 'turn' ? (
            <span className="verdict-buttons">
              <button type="button" className="review-action" onClick={() => void store.revert({ path: file.path })}>
                Revert file
              </button>
              {(file.binary || file.tooLarge) && file.kind !== 'deleted' && (
                <button type="button" className="review-action" onClick={() => void store.reveal(file.path)}>
                  Show in folder
                </button>
              )}
            </span>
          ) : (
            <Verdict
              verdict={verdicts[WHOLE_FILE]}
              decided={decided}
              onAccept={() => store.decideFile(file.path, 'accept')}
              onReject={() => store.decideFile(file.path, 'reject')}
              what="file"
            />
          )}
        </div>
      ) : (
        <>
          <Suspense fallback={<p className="pane-message">Loading the diff…</p>}>
            <DiffView
              source={source}
              path={file.path}
              sides={sides}
              hunks={file.hunks}
              layout={layout}
              revealLine={focusedHunk ? Math.max(focusedHunk.newStart, 1) : 1}
              live={!decided}
            />
          </Suspense>
          <HunkList file={file} verdicts={verdicts} focused={focused} mode={mode} />
        </>
      )}
    </div>
  );
}
