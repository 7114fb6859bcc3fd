/**
 * The plug between the scheduler and whatever does a task's work. `worktreeRunner` returns a `runTask`
 * for runCrew that, per task: makes the task's worktree from `baseRef` merged with the branches of the
 * tasks it (transitively) depends on, hands it to a `TaskAgent`, commits what the agent left, and records
 * branch, base and diff summary for review and merge. The agent session (agent-session.ts, with a role
 * and a sandbox rooted at the worktree) is the lead's to wire behind `TaskAgent`.
 */
import { gitText } from '../git/git';
import { flagLargeOrBinary, type FlaggedFile } from './large-files';
import type { CrewTask, RunTask, TaskOutcome } from './scheduler';
import {
  commitTaskWork,
  discardTaskAttempt,
  prepareTaskWorktree,
  removeTaskWorktree,
  taskDiff,
  type TaskDiff,
} from './worktrees';

export interface TaskRunRequest<T extends CrewTask = CrewTask> {
  spec: string;
  task: T;
  /** The task's own checkout: the agent's working folder and sandbox root. */
  worktree: string;
  branch: string;
  /** The commit the worktree started from. */
  base: string;
  signal: AbortSignal;
}

/** "Run this task": an agent session in the worktree, in the real app; a fake in tests. */
export interface TaskAgent<T extends CrewTask = CrewTask> {
  run(request: TaskRunRequest<T>): Promise<TaskOutcome>;
}

export interface TaskRecord {
  taskId: string;
  branch: string;
  worktree: string;
  base: string;
  /** Head of the branch after the agent's work was committed. */
  head: string;
  diff: TaskDiff;
  /** Large or binary files the change adds (see large-files.ts); empty when none or not checked. */
  flagged?: FlaggedFile[];
  ok: boolean;
  error?: string;
}

export interface WorktreeRunnerOptions<T extends CrewTask> {
  repo: string;
  spec: string;
  /** Where every task starts (before its dependencies are merged in): usually the person's current branch. */
  baseRef: string;
  /** The same tasks as given to runCrew: dependencies are looked up here. */
  tasks: readonly T[];
  agent: TaskAgent<T>;
  /** Parent folder of the worktrees; default `<git-common-dir>/trellis-worktrees`. */
  root?: string;
  /** Remove a task's worktree after it succeeded (its branch stays for review and merge). Default false. */
  removeWhenDone?: boolean;
  /** Throw away an earlier attempt's worktree and branch first; otherwise an existing branch fails the task (its work is kept). */
  replaceAttempts?: boolean;
  /** Flag files of a task's change larger than this (and new binary files); default: not checked. */
  maxAddedFileBytes?: number;
  /** A task's worktree is ready, before its agent starts. */
  onPrepared?: (taskId: string, worktree: { path: string; branch: string; base: string }) => void;
}

export interface WorktreeRunner<T extends CrewTask> {
  runTask: RunTask<T>;
  /** What each task that got a worktree produced, by task id. */
  records: Map<string, TaskRecord>;
}

export function worktreeRunner<T extends CrewTask>(options: WorktreeRunnerOptions<T>): WorktreeRunner<T> {
  const records = new Map<string, TaskRecord>();
  const byId = new Map<string, T>();
  const children = new Map<string, string[]>();
  for (const t of options.tasks) {
    if (!byId.has(t.id)) byId.set(t.id, t);
    if (t.parent !== null) children.set(t.parent, [...(children.get(t.parent) ?? []), t.id]);
  }

  /** Branches of everything the task waits for, transitively (through groups that have no branch of their own). */
  const depBranches = (task: T): string[] => {
    const seen = new Set<string>();
    const stack = [...task.dependsOn];
    const branches: string[] = [];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const record = records.get(id);
      if (record?.ok && !branches.includes(record.branch)) branches.push(record.branch);
      const dep = byId.get(id);
      if (dep) stack.push(...dep.dependsOn, ...(children.get(id) ?? []));
    }
    // Oldest first: later branches usually contain earlier ones, which baseFor then skips.
    return branches.reverse();
  };

  const runTask: RunTask<T> = async (task, ctx) => {
    if (options.replaceAttempts) {
      const discarded = await discardTaskAttempt(options.repo, options.spec, task.id, { root: options.root });
      if (!discarded.ok) return { ok: false, error: `could not clear the task's earlier attempt: ${discarded.error}` };
    }
    const prepared = await prepareTaskWorktree(options.repo, {
      spec: options.spec,
      taskId: task.id,
      baseRef: options.baseRef,
      depBranches: depBranches(task),
      root: options.root,
    });
    if (!prepared.ok) return { ok: false, error: `could not prepare the task's worktree: ${prepared.error}` };
    options.onPrepared?.(task.id, prepared);
    let outcome: TaskOutcome;
    try {
      outcome = await options.agent.run({
        spec: options.spec,
        task,
        worktree: prepared.path,
        branch: prepared.branch,
        base: prepared.base,
        signal: ctx.signal,
      });
    } catch (e) {
      outcome = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    // The agent may have committed on its own; whatever it left uncommitted is committed here.
    await commitTaskWork(prepared.path, `${options.spec} ${task.id}: ${task.title}`.slice(0, 200)).catch(() => null);
    const head = await gitText(prepared.path, ['rev-parse', 'HEAD']);
    const diff = await taskDiff(prepared.path, prepared.base);
    const flagged = options.maxAddedFileBytes
      ? await flagLargeOrBinary(prepared.path, prepared.base, head, options.maxAddedFileBytes)
      : [];
    records.set(task.id, {
      taskId: task.id,
      branch: prepared.branch,
      worktree: prepared.path,
      base: prepared.base,
      head,
      diff,
      flagged,
      ok: outcome.ok,
      error: outcome.ok ? undefined : outcome.error,
    });
    if (outcome.ok && options.removeWhenDone)
      await removeTaskWorktree(options.repo, prepared.path, { root: options.root });
    return outcome;
  };

  return { runTask, records };
}
