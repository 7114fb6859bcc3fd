/**
 * A spec task's work, as the scheduler runs it: `[-]` in tasks.md, the subagent in a fresh worktree (or
 * the finished work of an earlier run, straight to review), large or binary files flagged (and held back
 * headless), then, headless, the merge. A task that does not land goes back to `[ ]`.
 */
import type { TaskNode } from '../../contract/specs';
import { gitText } from '../git/git';
import type { RunTask } from './crew-types';
import { describeFlagged, flagLargeOrBinary } from './large-files';
import type { CrewMergeEvent, RunSpecOptions } from './run-spec-types';
import type { TaskMerger } from './task-merger';
import type { TaskStatusWriter } from './task-status-writer';
import type { TaskRecord, WorktreeRunner } from './worktree-runner';
import { taskBase, taskDiff, taskWorktreePath } from './worktrees';

export interface TaskWorkSetup {
  repo: string;
  specName: string;
  maxAddedFileBytes: number;
  runner: WorktreeRunner<TaskNode>;
  status: TaskStatusWriter;
  merger: TaskMerger;
  /** Someone reviews each finished task (the window): it neither merges nor is held here. */
  reviewed: boolean;
  options: Pick<RunSpecOptions, 'awaitingReview' | 'noMerge' | 'allowLargeFiles'>;
  onEvent?: (event: CrewMergeEvent) => void;
}

export function specTaskWork(setup: TaskWorkSetup): RunTask<TaskNode> {
  const { runner, status, options, maxAddedFileBytes } = setup;
  return async (task, ctx) => {
    await status.mark(task.id, 'in_progress');
    if (options.awaitingReview?.has(task.id)) {
      const record = await recordOfEarlierAttempt(setup.repo, setup.specName, task.id, maxAddedFileBytes);
      if (record) {
        runner.records.set(task.id, record);
        return { ok: true };
      }
    }
    const outcome = await runner.runTask(task, ctx);
    if (!outcome.ok) {
      await status.mark(task.id, 'todo');
      return outcome;
    }
    const record = runner.records.get(task.id)!;
    if (record.flagged?.length) {
      // Headless nobody reviews: a 300 MB file merged is in the history for good, so it waits unless allowed.
      const held = !options.noMerge && !setup.reviewed && !options.allowLargeFiles;
      setup.onEvent?.({
        type: 'task.flagged',
        at: Date.now(),
        taskId: task.id,
        branch: record.branch,
        files: record.flagged,
        maxBytes: maxAddedFileBytes,
        held,
      });
      if (held) {
        await status.mark(task.id, 'todo');
        const files = record.flagged.map((f) => describeFlagged(f, maxAddedFileBytes)).join('; ');
        return {
          ok: false,
          error: `finished, but not merged: it adds large or binary files (${files}); review its branch ${record.branch}, or run again with --allow-large-files`,
        };
      }
    }
    if (options.noMerge || setup.reviewed) return outcome;
    const landed = await setup.merger.land(task, record);
    if (landed.ok) return landed;
    await status.mark(task.id, 'todo');
    return { ok: false, error: `finished, but its branch ${record.branch} could not be merged: ${landed.error}` };
  };
}

/** A task's finished work from an earlier run, still on its branch in its worktree. */
async function recordOfEarlierAttempt(
  repo: string,
  spec: string,
  taskId: string,
  maxAddedFileBytes: number,
): Promise<TaskRecord | null> {
  const worktree = await taskWorktreePath(repo, spec, taskId);
  const branch = await gitText(worktree, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  const base = branch ? await taskBase(repo, branch) : null;
  if (!base) return null;
  const head = await gitText(worktree, ['rev-parse', 'HEAD']);
  return {
    taskId,
    branch,
    worktree,
    base,
    head,
    diff: await taskDiff(worktree, base),
    flagged: await flagLargeOrBinary(worktree, base, head, maxAddedFileBytes),
    ok: true,
  };
}
