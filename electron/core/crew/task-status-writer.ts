/**
 * The one writer of a run's tasks.md: `[-]` while a task runs, `[x]` once merged, `[ ]` when it goes
 * back to todo. Changes are queued so none is lost between one change's read and its write.
 */
import { editSpecFile } from '../specs/spec-location';
import { setTaskStatus } from '../specs/set-task-status';
import type { TaskStatus } from '../specs/spec-model';

export class TaskStatusWriter {
  private queue = Promise.resolve();

  constructor(
    private readonly tasksFile: string,
    private readonly repo: string,
  ) {}

  mark(taskId: string, status: TaskStatus): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        // Confined: a subagent's tree never holds this file, but the repository's own .kiro may be hostile.
        await editSpecFile(this.tasksFile, (text) => setTaskStatus(text, taskId, status), this.repo);
      })
      .catch(() => undefined); // a task id the file no longer has: the run goes on
    return this.queue;
  }

  /** Settles once every change asked for so far is written (or given up). */
  settled(): Promise<void> {
    return this.queue;
  }
}
