/** Calls a task's work or review so that whatever it does (throws, rejects, returns junk) ends in an outcome. */
import type { TaskOutcome } from './crew-types';

const normalize = (r: TaskOutcome): TaskOutcome =>
  r && typeof r === 'object' && 'ok' in r
    ? r
    : { ok: false, error: `returned ${JSON.stringify(r)} instead of an outcome` };
const failure = (e: unknown): TaskOutcome => ({ ok: false, error: e instanceof Error ? e.message : String(e) });

/** Never rejects: a thrown error or a rejected promise is a failed outcome with its message. */
export function outcomeOf(call: () => TaskOutcome | Promise<TaskOutcome>): Promise<TaskOutcome> {
  let outcome: Promise<TaskOutcome>;
  try {
    outcome = Promise.resolve(call());
  } catch (e) {
    outcome = Promise.reject(e);
  }
  return outcome.then(normalize, failure);
}
