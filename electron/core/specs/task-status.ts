import type { TaskStatus } from '../../contract/specs';

/** The character each status writes between the brackets. */
export const STATUS_CHAR: Record<TaskStatus, string> = { todo: ' ', in_progress: '-', done: 'x', queued: '~' };

/** The status a state character means; undefined when the brackets hold something else (not a task). */
export function statusOfChar(char: string): TaskStatus | undefined {
  switch (char) {
    case ' ':
      return 'todo';
    case '-':
      return 'in_progress';
    case 'x':
    case 'X':
      return 'done';
    case '~':
      return 'queued';
    default:
      return undefined;
  }
}
