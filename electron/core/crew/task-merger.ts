/**
 * Merging finished tasks into the person's branch, one at a time (each onto the branch as the previous
 * one left it): a merged task is recorded, announced and ticked `[x]` in tasks.md; a failed merge is
 * announced with its conflicts.
 */
import type { TaskNode } from '../../contract/specs';
import { mergeTaskBranch, type MergeResult } from './merge-task';
import type { CrewMergeEvent, MergeFailure } from './run-spec-types';
import type { TaskStatusWriter } from './task-status-writer';
import type { TaskRecord } from './worktree-runner';

export interface TaskMergerSetup {
  repo: string;
  /** The branch tasks merge into. */
  into: string;
  specName: string;
  status: TaskStatusWriter;
  onEvent?: (event: CrewMergeEvent) => void;
}

export type LandResult = { ok: true } | { ok: false; failure: MergeFailure; error: string };

export class TaskMerger {
  /** Tasks whose work was merged, in merge order. */
  readonly merged: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly setup: TaskMergerSetup) {}

  /** Merges the task's branch; says what became of it. */
  async land(task: TaskNode, record: TaskRecord): Promise<LandResult> {
    const result = await this.merge(task, record);
    if (result.ok) return this.landed(task, record, result);
    return { ok: false, failure: result, error: this.mergeFailed(task, record, result) };
  }

  private merge(task: TaskNode, record: TaskRecord): Promise<MergeResult> {
    const { repo, into, specName } = this.setup;
    const result = this.queue.then(() =>
      mergeTaskBranch(repo, record.branch, {
        into,
        message: `Merge ${specName} ${task.id}: ${task.title}`.slice(0, 200),
      }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async landed(
    task: TaskNode,
    record: TaskRecord,
    result: Extract<MergeResult, { ok: true }>,
  ): Promise<{ ok: true }> {
    this.merged.push(task.id);
    this.setup.onEvent?.({
      type: 'task.merged',
      at: Date.now(),
      taskId: task.id,
      branch: record.branch,
      kind: result.kind,
    });
    await this.setup.status.mark(task.id, 'done');
    return { ok: true };
  }

  private mergeFailed(task: TaskNode, record: TaskRecord, result: MergeFailure): string {
    const error = `${result.error}${result.conflicts.length && !result.error.includes(result.conflicts[0]) ? ` (${result.conflicts.join(', ')})` : ''}`;
    this.setup.onEvent?.({
      type: 'task.merge-failed',
      at: Date.now(),
      taskId: task.id,
      branch: record.branch,
      error,
      conflicts: result.conflicts,
    });
    return error;
  }
}
