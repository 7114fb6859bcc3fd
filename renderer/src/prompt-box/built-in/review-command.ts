import { useLayout } from '../../state/layout-store';
import { useReview } from '../../state/review-store';
import type { BuiltInContext } from '../commands';

/** `/review`: the last turn's changes in the review pane (opened if folded), as its "Review the last turn's changes". */
export async function reviewLastTurn(_args: string, { session }: BuiltInContext): Promise<string | null> {
  const { sessionId, running } = session.getState();
  if (!sessionId) return 'No session yet: there is no turn whose changes to review.';
  if (running) return 'The agent is working; its turn can be reviewed once it ends.';
  const review = useReview.getState();
  if (!review.checkpointTurns.length)
    return 'No turn of this session has a checkpoint to compare with (the folder is not a git repository, or no turn ran yet).';
  useLayout.getState().setCollapsed('review', false);
  const before = review.error;
  await review.loadTurn();
  const after = useReview.getState().error;
  return after !== before ? after : null;
}
