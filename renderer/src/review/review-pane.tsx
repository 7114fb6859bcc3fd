import { useEffect } from 'react';
import { useReview } from '../state/review-store';
import { ChangesReview } from './changes-review';
import { loadDiffView } from './file-review';
import { ProposalReview } from './proposal-review';

/**
 * The review pane: a patch the agent proposes, before anything is written (the proposal view), or else what a
 * turn or a crew task changed, after the fact (the change view).
 */
export function ReviewPane() {
  // Monaco's diff chunk loads while the app is idle, not when the person opens the first diff.
  useEffect(() => {
    const idle = requestIdleCallback(() => void loadDiffView());
    return () => cancelIdleCallback(idle);
  }, []);
  const review = useReview((s) => s.review);
  return review ? <ProposalReview review={review} /> : <ChangesReview />;
}
