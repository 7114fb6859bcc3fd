import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionEvent } from '../../contract';
import type { TaskNode } from '../../contract/specs';
import { refuseAll } from '../approvals/approval-policy';
import { loadConfig } from '../config/load-config';
import { gitText, repoRoot } from '../review/git-exec';
import { AgentSession } from '../session/agent-session';
import { prepareSession } from '../session/prepare-session';
import { loadSpec } from '../specs/load-spec';
import { setTaskStatus } from '../specs/set-task-status';
import type { Spec, TaskStatus } from '../specs/spec-model';
import { buildTaskGraph } from '../specs/task-graph';
import { mergeTaskBranch } from './merge-task';
import { loadRoles, roleFor } from './roles';
import type { Executor } from '../sandbox/executor';
import { runCrew, type CrewEvent, type CrewSummary, type TaskOutcome } from './scheduler';
import { worktreeRunner, type TaskRecord } from './worktree-runner';

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
  profile?: string;
  overrides?: string[];
  signal?: AbortSignal;
  /** Progress: the scheduler's events, plus merges. */
  onEvent?: (event: CrewEvent | CrewMergeEvent) => void;
  /** The tasks of the run, once the spec is read. */
  onTasks?: (tasks: readonly TaskNode[]) => void;
  /** Every event of every subagent's session, with the task it works on. */
  onSessionEvent?: (taskId: string, event: SessionEvent) => void;
}

export type CrewMergeEvent =
  | { type: 'task.merged'; at: number; taskId: string; branch: string; kind: string }
  | { type: 'task.merge-failed'; at: number; taskId: string; branch: string; error: string; conflicts: string[] };

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
  const branch = await gitText(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  if (!branch && !options.noMerge) throw new Error('HEAD is detached: check out the branch the tasks should merge into, or pass --no-merge');
  const baseRef = branch || (await gitText(repo, ['rev-parse', 'HEAD']));
  const tasksFile = path.join(specDir, 'tasks.md');
  const roles = await loadRoles(options.home, repo);

  // tasks.md has one writer here; status changes are queued so none is lost between read and write.
  let statusQueue = Promise.resolve();
  const mark = (taskId: string, status: TaskStatus) => {
    statusQueue = statusQueue.then(async () => {
      const text = await fs.readFile(tasksFile, 'utf8');
      await fs.writeFile(tasksFile, setTaskStatus(text, taskId, status));
    }).catch(() => undefined); // a task id the file no longer has: the run goes on
    return statusQueue;
  };

  const runner = worktreeRunner<TaskNode>({
    repo,
    spec: spec.name,
    baseRef,
    tasks: graph.tasks,
    agent: {
      run: async ({ task, worktree, signal }) => {
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
        const session = await AgentSession.create(prepared.options);
        try {
          const turn = await session.runTurn(taskPrompt(spec, task), signal);
          if (turn.status !== 'completed') return { ok: false, error: turn.error ?? turn.status };
        } finally {
          await session.close();
        }
        return hook('post-task', hooks.post_task);
      },
    },
  });

  const merged: string[] = [];
  let mergeQueue = Promise.resolve();
  const failures = new Map<string, string>();
  const maxParallel = options.maxParallel ?? (await loadConfig({ home: options.home, profile: options.profile, overrides: options.overrides })).config.agents.max_threads;
  const summary = await runCrew<TaskNode>({
    tasks: graph.tasks,
    maxParallel,
    includeOptional: options.includeOptional,
    selected: options.tasks,
    signal: options.signal,
    runTask: async (task, ctx) => {
      await mark(task.id, 'in_progress');
      const outcome = await runner.runTask(task, ctx);
      if (!outcome.ok) {
        await mark(task.id, 'todo');
        return outcome;
      }
      if (options.noMerge) return outcome;
      // One merge at a time: each goes onto the branch as the previous one left it.
      const record = runner.records.get(task.id)!;
      let result: Awaited<ReturnType<typeof mergeTaskBranch>> | undefined;
      mergeQueue = mergeQueue.then(async () => {
        result = await mergeTaskBranch(repo, record.branch, { into: baseRef, message: `Merge ${spec.name} ${task.id}: ${task.title}`.slice(0, 200) });
      });
      await mergeQueue;
      if (result?.ok) {
        merged.push(task.id);
        options.onEvent?.({ type: 'task.merged', at: Date.now(), taskId: task.id, branch: record.branch, kind: result.kind });
        await mark(task.id, 'done');
        return outcome;
      }
      const error = result && !result.ok ? `${result.error}${result.conflicts.length ? ` (${result.conflicts.join(', ')})` : ''}` : 'merge did not run';
      options.onEvent?.({ type: 'task.merge-failed', at: Date.now(), taskId: task.id, branch: record.branch, error, conflicts: result && !result.ok ? result.conflicts : [] });
      await mark(task.id, 'todo');
      return { ok: false, error: `finished, but its branch ${record.branch} could not be merged: ${error}` };
    },
    onEvent: (event) => {
      if (event.type === 'task.failed' || event.type === 'task.blocked') failures.set(event.taskId, event.type === 'task.failed' ? event.error : `blocked by ${event.blockedBy.join(', ')}: ${event.reason}`);
      options.onEvent?.(event);
    },
  });
  await statusQueue;
  const lines = summary.tasks
    .filter((t) => t.state === 'failed' || t.state === 'blocked' || t.state === 'cancelled')
    .map((t) => `${t.id}: ${t.state}${failures.get(t.id) ? `: ${failures.get(t.id)}` : t.error ? `: ${t.error}` : ''}`);
  return { summary, records: runner.records, merged, failures: lines };
}

/** The subagent's instructions: the task, the requirements it cites, and the design (steering comes with the session). */
export function taskPrompt(spec: Spec, task: TaskNode): string {
  const source = spec.tasks?.tasks.find((t) => t.id === task.id);
  const details = source?.details.map((d) => `  ${d.label}: ${d.value}`).join('\n') ?? '';
  const criteria = spec.requirements?.requirements.flatMap((r) => r.criteria.filter((c) => task.requirements.includes(c.id) || task.requirements.includes(r.id) || task.requirements.includes('*')).map((c) => `- ${c.id}: ${c.text}`)) ?? [];
  const design = spec.design ? (spec.design.source.length > 12_000 ? `${spec.design.source.slice(0, 12_000)}\n…(design continues in design.md)` : spec.design.source) : '';
  return [
    `You are implementing task ${task.id} of the spec "${spec.name}": ${task.title}`,
    details && `Task details:\n${details}`,
    criteria.length ? `It must satisfy these acceptance criteria:\n${criteria.join('\n')}` : '',
    design && `The design (design.md):\n${design}`,
    'Work in the current folder (your own git worktree). Make the change, run the relevant tests, and finish with a short summary of what you did. Do not edit the spec files under .kiro/; Trellis tracks task status itself.',
  ]
    .filter(Boolean)
    .join('\n\n');
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
