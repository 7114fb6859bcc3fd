/**
 * The person's review of a finished task (the window): asked until the task merges or is rejected.
 * Approve merges what the worktree holds now (hunks reverted there included); a failed merge or markers
 * left asks again with the reason; resolve brings the moved branch into the worktree; reject discards the
 * attempt and sends the task back to todo.
 */
import type { TaskNode } from '../../contract/specs';
import type { RunTask } from './crew-types';
import { conflictMarkers, resolveConflict, type ConflictSetup } from './merge-conflicts';
import type { CrewMergeEvent, MergeFailure, TaskReviewRequest, TaskVerdict } from './run-spec-types';
import type { TaskMerger } from './task-merger';
import type { TaskStatusWriter } from './task-status-writer';
import type { TaskRecord } from './worktree-runner';
import { commitTaskWork, discardTaskAttempt } from './worktrees';

export interface ReviewGateSetup extends ConflictSetup {
  review: (request: TaskReviewRequest) => Promise<TaskVerdict>;
  records: ReadonlyMap<string, TaskRecord>;
  status: TaskStatusWriter;
  merger: TaskMerger;
  onEvent?: (event: CrewMergeEvent) => void;
}

export function taskReviewGate(setup: ReviewGateSetup): RunTask<TaskNode> {
  const { repo, specName, status } = setup;
  return async (task) => {
    const record = setup.records.get(task.id)!;
    let mergeFailure: MergeFailure | undefined;
    for (;;) {
      const verdict = await setup.review({ task, record, mergeFailure });
      if (verdict.action === 'reject') {
        await discardTaskAttempt(repo, specName, task.id);
        await status.mark(task.id, 'todo');
        setup.onEvent?.({ type: 'task.rejected', at: Date.now(), taskId: task.id, comment: verdict.comment });
        return { ok: false, error: `rejected in review${verdict.comment ? `: ${verdict.comment}` : ''}` };
      }
      if (verdict.action === 'resolve') {
        mergeFailure = await resolveConflict(setup, task, record, verdict.by);
        continue;
      }
      // Hunks the person reverted in the worktree, or a conflict resolved there, are part of what merges.
      const markers = await conflictMarkers(record.worktree);
      if (markers.length) {
        mergeFailure = {
          ok: false,
          reason: 'conflict',
          conflicts: markers,
          error: `conflict markers are left in ${markers.join(', ')}; resolve them in ${record.worktree} first`,
        };
        continue;
      }
      await commitTaskWork(record.worktree, `${specName} ${task.id}: review edits`).catch(() => null);
      const landed = await setup.merger.land(task, record);
      if (landed.ok) return landed;
      mergeFailure = landed.failure;
    }
  };
}
