import { ExpectedFailure } from '../errors/expected-failure';
import { readSessionLog } from '../session/read-session-log';
import { createSpec, specNameProblem } from '../specs/create-spec';
import { planToSpec } from '../specs/plan-to-spec';

/**
 * The plan a session proposed at `turn`, read from its log (never taken from the window), written as the quick spec
 * `.kiro/specs/<name>/` (requirements, design, tasks). An existing spec of that name is refused, never overwritten.
 */
export async function savePlanAsSpec(
  logFile: string | null | undefined,
  root: string,
  turn: number,
  name: string,
): Promise<{ name: string; files: string[] }> {
  const problem = specNameProblem(name);
  if (problem) throw new ExpectedFailure('invalid-name', `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
  if (!logFile) throw new ExpectedFailure('not-found', 'This session keeps no log, so its plans cannot be saved.');
  const { events } = await readSessionLog(logFile);
  const proposed = events.findLast((e) => e.type === 'plan.proposed' && e.turn === turn);
  if (proposed?.type !== 'plan.proposed')
    throw new ExpectedFailure('not-found', `Turn ${turn + 1} of this session proposed no plan.`);
  const { files } = await createSpec(root, name, {
    kind: 'feature',
    workflow: 'quick',
    documents: planToSpec(proposed.plan),
  });
  return { name, files };
}
