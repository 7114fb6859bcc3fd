import type { TaskStatus } from '../../contract/specs';
import { ExpectedFailure } from '../errors/expected-failure';
import { parseTasks } from './parse-tasks';
import type { SpecTask } from './spec-model';
import { STATUS_CHAR, statusOfChar } from './task-status';

/** An edit that cannot be made as asked: unknown or ambiguous task, or text that changed under us. */
export class SpecEditError extends ExpectedFailure {
  declare readonly code: 'unknown-task' | 'ambiguous-task' | 'stale-offset';

  constructor(code: SpecEditError['code'], message: string) {
    super(code, message);
    this.name = 'SpecEditError';
  }
}

/**
 * Sets one task's status in tasks.md text and returns the new text: exactly one character changes
 * (none when the task already has that status). `x` and `X` both count as done and are left alone.
 */
export function setTaskStatus(text: string, taskId: string, status: TaskStatus): string {
  const matches = parseTasks(text).tasks.filter((t) => t.id === taskId);
  if (!matches.length) throw new SpecEditError('unknown-task', `there is no task ${taskId}`);
  if (matches.length > 1)
    throw new SpecEditError(
      'ambiguous-task',
      `task id ${taskId} is used on lines ${matches.map((t) => t.line).join(', ')}; fix the duplicate first`,
    );
  return spliceTaskStatus(text, matches[0], status);
}

/**
 * Writes the state character at the offset recorded when `task` was parsed, after checking the text
 * still holds `[<state>]` there: a task parsed from an older version of the file is refused, not guessed at.
 */
export function spliceTaskStatus(text: string, task: Pick<SpecTask, 'id' | 'stateOffset'>, status: TaskStatus): string {
  const at = task.stateOffset;
  const current = statusOfChar(text.charAt(at));
  if (text.charAt(at - 1) !== '[' || text.charAt(at + 1) !== ']' || current === undefined) {
    throw new SpecEditError('stale-offset', `task ${task.id} is no longer where it was read; read the file again`);
  }
  if (current === status) return text;
  return text.slice(0, at) + STATUS_CHAR[status] + text.slice(at + 1);
}
