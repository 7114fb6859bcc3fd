import type { KeyboardEvent } from 'react';
import { isWholeFile, useReview, type HunkVerdict } from '../state/review-store';

/** The review pane's keys: j / n next hunk, k / p previous, a accept, r reject; not while typing a comment. */
export function onReviewKeys(event: KeyboardEvent) {
  const target = event.target as HTMLElement;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || event.metaKey || event.ctrlKey || event.altKey)
    return;
  const store = useReview.getState();
  const file = store.review?.files.find((f) => f.path === store.selectedPath);
  if (event.key === 'j' || event.key === 'n') store.moveHunk(1);
  else if (event.key === 'k' || event.key === 'p') store.moveHunk(-1);
  else if ((event.key === 'a' || event.key === 'r') && file && !store.review?.outcome) {
    const verdict: HunkVerdict = event.key === 'a' ? 'accept' : 'reject';
    if (isWholeFile(file)) store.decideFile(file.path, verdict);
    else store.decideHunk(file.path, store.focusedHunk, verdict);
  } else return;
  event.preventDefault();
}
