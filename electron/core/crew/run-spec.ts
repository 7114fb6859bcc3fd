import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionEvent } from '../../contract';
import type { TaskNode } from '../../contract/specs';
import { refuseAll } from '../approvals/approval-policy';
import { loadConfig } from '../config/load-config';
import { git, gitText, repoRoot } from '../git/git';
import { pinRepository } from '../git/git-dir';
import { AgentSession } from '../session/agent-session';
import { prepareSession } from '../session/prepare-session';
import { editSpecFile } from '../specs/spec-location';
import { loadSpec } from '../specs/load-spec';
import { setTaskStatus } from '../specs/set-task-status';
import type { Spec, TaskStatus } from '../specs/spec-model';
import { buildTaskGraph } from '../specs/task-graph';
import { describeFlagged, flagLargeOrBinary, type FlaggedFile } from './large-files';
import { mergeTaskBranch, type MergeResult } from './merge-task';
import { loadRoles, roleFor } from './roles';
import { roleBaseline } from '../config/role-allowance';
import { untrustedNotice } from '../config/trust-notice';
import type { Executor } from '../sandbox/executor';
import { startCrew, type CrewEvent, type CrewHandle, type CrewSummary, type TaskOutcome } from './scheduler';
import { worktreeRunner, type TaskRecord } from './worktree-runner';
import { commitTaskWork, discardTaskAttempt, resolveCommit, setTaskBase, taskBase, taskDiff, taskWorktreePath } from './worktrees';

export interface RunSpecOptions {
  home: string;
  /** The spec folder (`.kiro/specs/<name>`). */
  specDir: string;
  /** Only these tasks (and what they need). */
  tasks?: string[];
  maxParallel?: number;
  includeOptional?: boolean;
  /** Leave each finished task's branch for review instead of merging it into the current branch. */
  noMerge?: boolean;
  /** Headless: merge a task even when it adds large or binary files (they are still reported). */
  allowLargeFiles?: boolean;
  profile?: string;
  overrides?: string[];
  signal?: AbortSignal;
  /** Progress: the scheduler's events, plus merges. */
  onEvent?: (event: CrewEvent | CrewMergeEvent) => void;
  /** The tasks of the run, once the spec is read. */
  onTasks?: (tasks: readonly TaskNode[]) => void;
  /** Every event of every subagent's session, with the task it works on. */
  onSessionEvent?: (taskId: string, event: SessionEvent) => void;
  /**
   * The person reviews each finished task before it merges (the window). Asked again after a merge
   * conflict, once they resolved it or handed it on. Without it, finished tasks merge at once (headless).
   */
  review?: (request: TaskReviewRequest) => Promise<TaskVerdict>;
  /** Throw away an earlier attempt's worktree and branch before a task runs (the window's Retry and re-runs). */
  replaceAttempts?: boolean;
  /** Per task: what the subagent should know from an earlier attempt (a reviewer's comment, a failure). */
  notes?: ReadonlyMap<string, string>;
  /** Tasks whose finished work waits on its branch (a recovered run): straight to review, not run again. */
  awaitingReview?: ReadonlySet<string>;
  /** Lines the person should read: keys of the repository's configuration ignored because it is not trusted. */
  onWarning?: (...lines: string[]) => void;
  /** The running crew, for pause, resume and retry. */
  onStart?: (crew: CrewHandle) => void;
  /** A task's worktree is ready (its change can be looked at from now on). */
  onWorktree?: (taskId: string, worktree: { path: string; branch: string }) => void;
}

export interface TaskReviewRequest {
  task: TaskNode;
  record: TaskRecord;
  /** Set when asked again: why the last approval did not merge. */
  mergeFailure?: MergeFailure;
}
/** Approve merges; reject returns the task to todo; resolve merges the workspace's branch into the task's worktree for a conflict to be resolved there, by the person or a follow-up subagent. */
export type TaskVerdict = { action: 'approve' } | { action: 'reject'; comment: string } | { action: 'resolve'; by: 'agent' | 'person' };

type MergeFailure = Extract<MergeResult, { ok: false }>;

export type CrewMergeEvent =
  | { type: 'task.merged'; at: number; taskId: string; branch: string; kind: string }
  | { type: 'task.merge-failed'; at: number; taskId: string; branch: string; error: string; conflicts: string[] }
  | { type: 'task.rejected'; at: number; taskId: string; comment: string }
  /** The task's change adds large or binary files; `held`: not merged for it (headless, without allowLargeFiles). */
  | { type: 'task.flagged'; at: number; taskId: string; branch: string; files: FlaggedFile[]; maxBytes: number; held: boolean };

export interface RunSpecResult {
  summary: CrewSummary;
  records: Map<string, TaskRecord>;
  /** Tasks whose work was merged into the current branch. */
  merged: string[];
  /** A line per task that did not end done (and merged, unless noMerge). */
  failures: string[];
}

/**
 * `trellis spec run`: the spec's tasks as a crew of subagents. Each ready task
 * gets an agent session in its own worktree (sandboxed, the worktree its only
 * writable root, TRELLIS_TASK_ID and TRELLIS_SPEC in its commands'
 * environment); a finished task is merged into the current branch unless
 * `noMerge`; tasks.md follows: `[-]` while running, `[x]` once merged.
 */
export async function runSpec(options: RunSpecOptions): Promise<RunSpecResult> {
  const specDir = path.resolve(options.specDir);
  const spec = await loadSpec(specDir);
  if (!spec.tasks) throw new Error(`${specDir} has no tasks.md to run`);
  const graph = buildTaskGraph(spec.tasks);
  const errors = graph.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the task graph has errors; fix them first:\n${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n')}`);
  options.onTasks?.(graph.tasks);
  const repo = await repoRoot(specDir);
  await pinRepository(repo);
  const branch = await gitText(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  if (!branch && !options.noMerge) throw new Error('HEAD is detached: check out the branch the tasks should merge into, or pass --no-merge');
  const baseRef = branch || (await gitText(repo, ['rev-parse', 'HEAD']));
  const tasksFile = path.join(specDir, 'tasks.md');
  // A repository's role may only tighten what the session would be without it: measured on the crew's own settings.
  const { config: base } = await loadConfig({ home: options.home, profile: options.profile, overrides: ['sandbox_mode="workspace-write"', ...(options.overrides ?? [])] });
  const { roles, trust, ignored } = await loadRoles(options.home, repo, roleBaseline(base));
  options.onWarning?.(...untrustedNotice(trust, ignored));
  const maxAddedFileBytes = base.crew.max_added_file_kb * 1024;

  // tasks.md has one writer here; status changes are queued so none is lost between read and write.
  let statusQueue = Promise.resolve();
  const mark = (taskId: string, status: TaskStatus) => {
    statusQueue = statusQueue.then(async () => {
      // Confined: a subagent's tree never holds this file, but the repository's own .kiro may be hostile.
      await editSpecFile(tasksFile, (text) => setTaskStatus(text, taskId, status), repo);
    }).catch(() => undefined); // a task id the file no longer has: the run goes on
    return statusQueue;
  };

  const runner = worktreeRunner<TaskNode>({
    repo,
    spec: spec.name,
    baseRef,
    tasks: graph.tasks,
    replaceAttempts: options.replaceAttempts,
    maxAddedFileBytes,
    onPrepared: (taskId, worktree) => options.onWorktree?.(taskId, worktree),
    agent: { run: ({ task, worktree, signal }) => subagent(task, worktree, taskPrompt(spec, task, options.notes?.get(task.id)), signal) },
  });

  /** A session of the agent engine in the task's worktree: its role, its sandbox, the crew hooks around it. */
  const subagent = async (task: TaskNode, worktree: string, prompt: string, signal: AbortSignal): Promise<TaskOutcome> => {
    const role = roleFor(roles, task.id, spec.tasks?.tasks.find((t) => t.id === task.id)?.details ?? []);
    const prepared = await prepareSession({
      home: options.home,
      cwd: worktree,
      profile: options.profile,
      // A subagent writes only in its worktree, and never waits for a person.
      overrides: ['sandbox_mode="workspace-write"', ...role.overrides, ...(options.overrides ?? [])],
      approver: refuseAll,
      source: 'crew',
      commandEnv: { TRELLIS_TASK_ID: task.id, TRELLIS_SPEC: spec.name },
      onEvent: (event) => options.onSessionEvent?.(task.id, event),
    });
    const hooks = prepared.config.crew;
    const hook = (stage: 'pre-task' | 'post-task', commands: string[]) => runHooks(stage, commands, { executor: prepared.options.executor, cwd: worktree, env: prepared.options.env, signal });
    const before = await hook('pre-task', hooks.pre_task);
    if (!before.ok) return before;
    // Under untrusted, a task's edits are reviewed as its whole change before anything reaches the person's branch.
    const session = await AgentSession.create({ ...prepared.options, reviewedAsChange: options.review !== undefined || options.noMerge === true });
    // `[agents] job_max_runtime_seconds`: a subagent that runs longer is stopped and its task fails.
    const limit = prepared.config.agents.job_max_runtime_seconds;
    const deadline = limit ? AbortSignal.timeout(limit * 1000) : null;
    try {
      const turn = await session.runTurn(prompt, deadline ? AbortSignal.any([signal, deadline]) : signal);
      if (deadline?.aborted && !signal.aborted) return { ok: false, error: `timed out after ${limit} s ([agents] job_max_runtime_seconds)` };
      if (turn.status !== 'completed') return { ok: false, error: turn.error ?? turn.status };
    } finally {
      await session.close();
    }
    return hook('post-task', hooks.post_task);
  };

  const merged: string[] = [];
  let mergeQueue: Promise<unknown> = Promise.resolve();
  const failures = new Map<string, string>();
  // One merge at a time: each goes onto the branch as the previous one left it.
  const merge = (task: TaskNode, record: TaskRecord): Promise<MergeResult> => {
    const result = mergeQueue.then(() => mergeTaskBranch(repo, record.branch, { into: baseRef, message: `Merge ${spec.name} ${task.id}: ${task.title}`.slice(0, 200) }));
    mergeQueue = result.catch(() => undefined);
    return result;
  };
  const landed = async (task: TaskNode, record: TaskRecord, result: Extract<MergeResult, { ok: true }>): Promise<TaskOutcome> => {
    merged.push(task.id);
    options.onEvent?.({ type: 'task.merged', at: Date.now(), taskId: task.id, branch: record.branch, kind: result.kind });
    await mark(task.id, 'done');
    return { ok: true };
  };
  const mergeFailed = (task: TaskNode, record: TaskRecord, result: MergeFailure) => {
    const error = `${result.error}${result.conflicts.length && !result.error.includes(result.conflicts[0]) ? ` (${result.conflicts.join(', ')})` : ''}`;
    options.onEvent?.({ type: 'task.merge-failed', at: Date.now(), taskId: task.id, branch: record.branch, error, conflicts: result.conflicts });
    return error;
  };

  /**
   * The workspace's branch moved on and conflicts with the task: merge it into the task's worktree (the
   * conflict markers land there, never in the person's checkout) and either leave them for the person or
   * hand them to a follow-up subagent. From then on the task is reviewed against the branch's new tip.
   */
  const resolveConflict = async (task: TaskNode, record: TaskRecord, by: 'agent' | 'person'): Promise<MergeFailure | undefined> => {
    const tip = await gitText(repo, ['rev-parse', `refs/heads/${baseRef}`]);
    if ((await resolveCommit(record.worktree, 'MERGE_HEAD')) === null) {
      await commitTaskWork(record.worktree, `${spec.name} ${task.id}: review edits`).catch(() => null);
      await git(record.worktree, ['merge', '--no-ff', '--no-commit', '--no-edit', tip], { okCodes: [1] });
    }
    record.base = tip;
    await setTaskBase(repo, record.branch, tip);
    const conflicts = await conflictMarkers(record.worktree);
    if (by === 'person' || !conflicts.length) {
      return conflicts.length ? { ok: false, reason: 'conflict', conflicts, error: `${baseRef} is merged into the task's worktree ${record.worktree}; resolve the conflict markers in ${conflicts.join(', ')} there, then approve` } : undefined;
    }
    const prompt = [
      `Task ${task.id} of the spec "${spec.name}" (${task.title}) is finished, but ${baseRef} moved on meanwhile and the two conflict.`,
      `${baseRef} is being merged into this folder: git left conflict markers (<<<<<<< ======= >>>>>>>) in ${conflicts.join(', ')}.`,
      'Resolve every conflict so that both the task and the other changes keep working, remove all the markers, run the relevant tests, and finish with a short summary. Do not run git commands; Trellis commits the merge.',
    ].join('\n');
    const outcome = await subagent(task, record.worktree, prompt, new AbortController().signal);
    const left = await conflictMarkers(record.worktree);
    if (!outcome.ok || left.length) {
      return { ok: false, reason: 'conflict', conflicts: left.length ? left : conflicts, error: `the agent could not resolve the conflict${outcome.ok ? '' : ` (${outcome.error})`}${left.length ? `; markers are left in ${left.join(', ')}` : ''}` };
    }
    return undefined;
  };

  const maxParallel = options.maxParallel ?? (await loadConfig({ home: options.home, profile: options.profile, overrides: options.overrides })).config.agents.max_threads;
  const review = options.review;
  const crew = startCrew<TaskNode>({
    tasks: graph.tasks,
    maxParallel,
    includeOptional: options.includeOptional,
    selected: options.tasks,
    signal: options.signal,
    runTask: async (task, ctx) => {
      await mark(task.id, 'in_progress');
      if (options.awaitingReview?.has(task.id)) {
        const record = await recordOfEarlierAttempt(repo, spec.name, task.id, maxAddedFileBytes);
        if (record) {
          runner.records.set(task.id, record);
          return { ok: true };
        }
      }
      const outcome = await runner.runTask(task, ctx);
      if (!outcome.ok) {
        await mark(task.id, 'todo');
        return outcome;
      }
      const record = runner.records.get(task.id)!;
      if (record.flagged?.length) {
        // Headless nobody reviews: a 300 MB file merged is in the history for good, so it waits unless allowed.
        const held = !options.noMerge && !review && !options.allowLargeFiles;
        options.onEvent?.({ type: 'task.flagged', at: Date.now(), taskId: task.id, branch: record.branch, files: record.flagged, maxBytes: maxAddedFileBytes, held });
        if (held) {
          await mark(task.id, 'todo');
          const files = record.flagged.map((f) => describeFlagged(f, maxAddedFileBytes)).join('; ');
          return { ok: false, error: `finished, but not merged: it adds large or binary files (${files}); review its branch ${record.branch}, or run again with --allow-large-files` };
        }
      }
      if (options.noMerge || review) return outcome;
      const result = await merge(task, record);
      if (result.ok) return landed(task, record, result);
      const error = mergeFailed(task, record, result);
      await mark(task.id, 'todo');
      return { ok: false, error: `finished, but its branch ${record.branch} could not be merged: ${error}` };
    },
    review: review
      ? async (task) => {
          const record = runner.records.get(task.id)!;
          let mergeFailure: MergeFailure | undefined;
          for (;;) {
            const verdict = await review({ task, record, mergeFailure });
            if (verdict.action === 'reject') {
              await discardTaskAttempt(repo, spec.name, task.id);
              await mark(task.id, 'todo');
              options.onEvent?.({ type: 'task.rejected', at: Date.now(), taskId: task.id, comment: verdict.comment });
              return { ok: false, error: `rejected in review${verdict.comment ? `: ${verdict.comment}` : ''}` };
            }
            if (verdict.action === 'resolve') {
              mergeFailure = await resolveConflict(task, record, verdict.by);
              continue;
            }
            // Hunks the person reverted in the worktree, or a conflict resolved there, are part of what merges.
            const markers = await conflictMarkers(record.worktree);
            if (markers.length) {
              mergeFailure = { ok: false, reason: 'conflict', conflicts: markers, error: `conflict markers are left in ${markers.join(', ')}; resolve them in ${record.worktree} first` };
              continue;
            }
            await commitTaskWork(record.worktree, `${spec.name} ${task.id}: review edits`).catch(() => null);
            const result = await merge(task, record);
            if (result.ok) return landed(task, record, result);
            mergeFailed(task, record, result);
            mergeFailure = result;
          }
        }
      : undefined,
    onEvent: (event) => {
      if (event.type === 'task.failed' || event.type === 'task.blocked') failures.set(event.taskId, event.type === 'task.failed' ? event.error : `blocked by ${event.blockedBy.join(', ')}: ${event.reason}`);
      if (event.type === 'task.retried') failures.delete(event.taskId);
      options.onEvent?.(event);
    },
  });
  options.onStart?.(crew);
  const summary = await crew.result;
  await statusQueue;
  const lines = summary.tasks
    .filter((t) => t.state === 'failed' || t.state === 'blocked' || t.state === 'cancelled')
    .map((t) => `${t.id}: ${t.state}${failures.get(t.id) ? `: ${failures.get(t.id)}` : t.error ? `: ${t.error}` : ''}`);
  return { summary, records: runner.records, merged, failures: lines };
}

/** The subagent's instructions: the task, the requirements it cites, and the design (steering comes with the session). */
export function taskPrompt(spec: Spec, task: TaskNode, note?: string): string {
  const source = spec.tasks?.tasks.find((t) => t.id === task.id);
  const details = source?.details.map((d) => `  ${d.label}: ${d.value}`).join('\n') ?? '';
  const criteria = spec.requirements?.requirements.flatMap((r) => r.criteria.filter((c) => task.requirements.includes(c.id) || task.requirements.includes(r.id) || task.requirements.includes('*')).map((c) => `- ${c.id}: ${c.text}`)) ?? [];
  const design = spec.design ? (spec.design.source.length > 12_000 ? `${spec.design.source.slice(0, 12_000)}\n…(design continues in design.md)` : spec.design.source) : '';
  return [
    `You are implementing task ${task.id} of the spec "${spec.name}": ${task.title}`,
    details && `Task details:\n${details}`,
    criteria.length ? `It must satisfy these acceptance criteria:\n${criteria.join('\n')}` : '',
    design && `The design (design.md):\n${design}`,
    note && `An earlier attempt at this task did not land:\n${note}`,
    'Work in the current folder (your own git worktree). Make the change, run the relevant tests, and finish with a short summary of what you did. Do not edit the spec files under .kiro/; Trellis tracks task status itself.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const MARKER_LINE = /^(<<<<<<<|>>>>>>>) /m;

/** Files of the worktree that still hold conflict markers (whoever resolves them need not tell git). */
async function conflictMarkers(worktree: string): Promise<string[]> {
  const unmerged = (await git(worktree, ['diff', '--name-only', '--diff-filter=U', '-z'])).toString('utf8').split('\0').filter(Boolean);
  const marked = (await git(worktree, ['grep', '-l', '-z', '-E', '-e', MARKER_LINE.source, '--', '.'], { okCodes: [1] })).toString('utf8').split('\0').filter(Boolean);
  const files = new Set(marked);
  for (const file of unmerged) {
    const text = await fs.readFile(path.join(worktree, file), 'utf8').catch(() => null);
    if (text !== null && MARKER_LINE.test(text)) files.add(file);
  }
  return [...files];
}

/** A task's finished work from an earlier run, still on its branch in its worktree. */
async function recordOfEarlierAttempt(repo: string, spec: string, taskId: string, maxAddedFileBytes: number): Promise<TaskRecord | null> {
  const worktree = await taskWorktreePath(repo, spec, taskId);
  const branch = await gitText(worktree, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  const base = branch ? await taskBase(repo, branch) : null;
  if (!base) return null;
  const head = await gitText(worktree, ['rev-parse', 'HEAD']);
  return { taskId, branch, worktree, base, head, diff: await taskDiff(worktree, base), flagged: await flagLargeOrBinary(worktree, base, head, maxAddedFileBytes), ok: true };
}

const HOOK_TIMEOUT_MS = 20 * 60_000;

/**
 * `[crew] pre_task` / `post_task`: shell commands in the task's worktree, confined by the task's own
 * sandbox (they run code the subagent wrote). The first that fails fails the task, with its output.
 */
async function runHooks(stage: 'pre-task' | 'post-task', commands: string[], context: { executor: Executor; cwd: string; env: Record<string, string>; signal: AbortSignal }): Promise<TaskOutcome> {
  for (const command of commands) {
    const result = await context.executor.run({ argv: ['sh', '-c', command], cwd: context.cwd, env: context.env, timeoutMs: HOOK_TIMEOUT_MS, signal: context.signal });
    if (result.exitCode !== 0) {
      const why = result.timedOut ? 'timed out' : result.signal ? `was killed by ${result.signal}` : `exited ${result.exitCode}`;
      return { ok: false, error: `${stage} hook \`${command}\` ${why}:\n${result.output.trimEnd().split('\n').slice(-20).join('\n')}` };
    }
  }
  return { ok: true };
}
