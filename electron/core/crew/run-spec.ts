/**
 * `trellis spec run` and the window's Run tasks: the spec's tasks as a crew of subagents. This file wires
 * the parts together and collects the result: setup (spec-run-setup.ts), each task's work
 * (spec-task-work.ts), the subagent (subagent-session.ts), merges (task-merger.ts), the person's review
 * (task-review-gate.ts), tasks.md (task-status-writer.ts), the order of it all (scheduler.ts).
 */
import type { TaskNode } from '../../contract/specs';
import type { RunSpecOptions, RunSpecResult } from './run-spec-types';
import { startCrew } from './scheduler';
import { setUpSpecRun } from './spec-run-setup';
import { specTaskWork } from './spec-task-work';
import { subagentLauncher } from './subagent-session';
import { TaskMerger } from './task-merger';
import { taskPrompt } from './task-prompt';
import { taskReviewGate } from './task-review-gate';
import { TaskStatusWriter } from './task-status-writer';
import { worktreeRunner } from './worktree-runner';

export type { CrewMergeEvent, RunSpecOptions, RunSpecResult, TaskReviewRequest, TaskVerdict } from './run-spec-types';
export { taskPrompt } from './task-prompt';

/**
 * Each ready task gets an agent session in its own worktree (sandboxed, the worktree its only writable
 * root, TRELLIS_TASK_ID and TRELLIS_SPEC in its commands' environment); a finished task is merged into
 * the current branch unless `noMerge`; tasks.md follows: `[-]` while running, `[x]` once merged.
 */
export async function runSpec(options: RunSpecOptions): Promise<RunSpecResult> {
  const { spec, tasks, repo, baseRef, tasksFile, roles, maxAddedFileBytes, maxParallel } = await setUpSpecRun(options);
  const status = new TaskStatusWriter(tasksFile, repo);
  const subagent = subagentLauncher({
    home: options.home,
    profile: options.profile,
    overrides: options.overrides,
    spec,
    roles,
    reviewedAsChange: options.review !== undefined || options.noMerge === true,
    repo,
    onSessionEvent: options.onSessionEvent,
  });
  const runner = worktreeRunner<TaskNode>({
    repo,
    spec: spec.name,
    baseRef,
    tasks,
    replaceAttempts: options.replaceAttempts,
    maxAddedFileBytes,
    onPrepared: (taskId, worktree) => options.onWorktree?.(taskId, worktree),
    agent: {
      run: ({ task, worktree, signal }) =>
        subagent(task, worktree, taskPrompt(spec, task, options.notes?.get(task.id)), signal),
    },
  });
  const merger = new TaskMerger({ repo, into: baseRef, specName: spec.name, status, onEvent: options.onEvent });
  const review = options.review;
  // Why each task did not end done, as the scheduler said it; a retry clears it.
  const failures = new Map<string, string>();
  const crew = startCrew<TaskNode>({
    tasks,
    maxParallel,
    includeOptional: options.includeOptional,
    selected: options.tasks,
    signal: options.signal,
    runTask: specTaskWork({
      repo,
      specName: spec.name,
      maxAddedFileBytes,
      runner,
      status,
      merger,
      reviewed: review !== undefined,
      options,
      onEvent: options.onEvent,
    }),
    review: review
      ? taskReviewGate({
          repo,
          baseRef,
          specName: spec.name,
          subagent,
          review,
          records: runner.records,
          status,
          merger,
          onEvent: options.onEvent,
        })
      : undefined,
    onEvent: (event) => {
      if (event.type === 'task.failed' || event.type === 'task.blocked')
        failures.set(
          event.taskId,
          event.type === 'task.failed' ? event.error : `blocked by ${event.blockedBy.join(', ')}: ${event.reason}`,
        );
      if (event.type === 'task.retried') failures.delete(event.taskId);
      options.onEvent?.(event);
    },
  });
  options.onStart?.(crew);
  const summary = await crew.result;
  await status.settled();
  const lines = summary.tasks
    .filter((t) => t.state === 'failed' || t.state === 'blocked' || t.state === 'cancelled')
    .map((t) => `${t.id}: ${t.state}${failures.get(t.id) ? `: ${failures.get(t.id)}` : t.error ? `: ${t.error}` : ''}`);
  return { summary, records: runner.records, merged: merger.merged, failures: lines };
}
