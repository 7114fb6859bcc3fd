/**
 * A task's subagent: a session of the agent engine in the task's worktree, with the task's role, its
 * sandbox (the worktree its only writable root), the crew's pre/post-task hooks (and Kiro's PreTaskExec /
 * PostTaskExec) around it and
 * `[agents] job_max_runtime_seconds` as its deadline. Never waits for a person.
 */
import type { SessionEvent } from '../../contract';
import type { TaskNode } from '../../contract/specs';
import { refuseAll } from '../approvals/approval-policy';
import type { Executor } from '../sandbox/executor';
import { AgentSession } from '../session/agent-session';
import { prepareSession } from '../session/prepare-session';
import type { Spec } from '../specs/spec-model';
import type { TaskOutcome } from './crew-types';
import { roleFor, type AgentRole } from './roles';

export interface SubagentSetup {
  home: string;
  profile?: string;
  overrides?: string[];
  spec: Spec;
  roles: Map<string, AgentRole>;
  /** The task's edits are reviewed as its whole change (the window, or --no-merge) before anything reaches the person's branch. */
  reviewedAsChange: boolean;
  /** The repository the worktrees come from: its trust lets the worktree's unchanged hooks (PreTaskExec…) run. */
  repo?: string;
  onSessionEvent?: (taskId: string, event: SessionEvent) => void;
}

export type Subagent = (task: TaskNode, worktree: string, prompt: string, signal: AbortSignal) => Promise<TaskOutcome>;

export function subagentLauncher(setup: SubagentSetup): Subagent {
  return async (task, worktree, prompt, signal) => {
    const role = roleFor(setup.roles, task.id, setup.spec.tasks?.tasks.find((t) => t.id === task.id)?.details ?? []);
    const prepared = await prepareSession({
      home: setup.home,
      cwd: worktree,
      profile: setup.profile,
      // A subagent writes only in its worktree, and never waits for a person.
      overrides: ['sandbox_mode="workspace-write"', ...role.overrides, ...(setup.overrides ?? [])],
      approver: refuseAll,
      source: 'crew',
      commandEnv: { TRELLIS_TASK_ID: task.id, TRELLIS_SPEC: setup.spec.name },
      trustedRepository: setup.repo,
      onEvent: (event) => setup.onSessionEvent?.(task.id, event),
    });
    const hooks = prepared.config.crew;
    const hook = (stage: 'pre-task' | 'post-task', commands: string[]) =>
      runHooks(stage, commands, {
        executor: prepared.options.executor,
        cwd: worktree,
        env: prepared.options.env,
        signal,
      });
    const before = await hook('pre-task', hooks.pre_task);
    if (!before.ok) return before;
    // Under untrusted, a task's edits are reviewed as its whole change before anything reaches the person's branch.
    const session = await AgentSession.create({ ...prepared.options, reviewedAsChange: setup.reviewedAsChange });
    // `[agents] job_max_runtime_seconds`: a subagent that runs longer is stopped and its task fails.
    const limit = prepared.config.agents.job_max_runtime_seconds;
    const deadline = limit ? AbortSignal.timeout(limit * 1000) : null;
    const engine = prepared.options.hooks;
    try {
      // Kiro's PreTaskExec hooks, logged in the task's session: a block fails the task with the hook's reason.
      const pre = await engine?.taskExec('PreTaskExec', { signal });
      if (pre?.blocked) return { ok: false, error: `a PreTaskExec hook blocked the task: ${pre.blocked}` };
      const running = deadline ? AbortSignal.any([signal, deadline]) : signal;
      // Codex's SubagentStart / SubagentStop, in the task's session (the crew has no session of its own to log them):
      // a SubagentStop block sends the subagent on with its reason, at most max_stop_continuations times.
      const agent = { id: task.id, type: role.name };
      await engine?.subagentStart(agent, { signal });
      let turn = await session.runTurn(prompt, running);
      for (let continued = 0; engine; continued++) {
        const stop = await engine.subagentStop(agent, turn.finalMessage, continued > 0, { signal });
        if (!stop.continueWith || turn.status !== 'completed' || continued >= engine.maxStopContinuations) break;
        turn = await session.runTurn(stop.continueWith, running);
      }
      if (deadline?.aborted && !signal.aborted)
        return { ok: false, error: `timed out after ${limit} s ([agents] job_max_runtime_seconds)` };
      if (turn.status !== 'completed') return { ok: false, error: turn.error ?? turn.status };
      await engine?.taskExec('PostTaskExec', { signal });
    } finally {
      await session.close();
    }
    return hook('post-task', hooks.post_task);
  };
}

const HOOK_TIMEOUT_MS = 20 * 60_000;

/**
 * `[crew] pre_task` / `post_task`: shell commands in the task's worktree, confined by the task's own
 * sandbox (they run code the subagent wrote). The first that fails fails the task, with its output.
 */
async function runHooks(
  stage: 'pre-task' | 'post-task',
  commands: string[],
  context: { executor: Executor; cwd: string; env: Record<string, string>; signal: AbortSignal },
): Promise<TaskOutcome> {
  for (const command of commands) {
    const result = await context.executor.run({
      argv: ['sh', '-c', command],
      cwd: context.cwd,
      env: context.env,
      timeoutMs: HOOK_TIMEOUT_MS,
      signal: context.signal,
    });
    if (result.exitCode !== 0) {
      const why = result.timedOut
        ? 'timed out'
        : result.signal
          ? `was killed by ${result.signal}`
          : `exited ${result.exitCode}`;
      return {
        ok: false,
        error: `${stage} hook \`${command}\` ${why}:\n${result.output.trimEnd().split('\n').slice(-20).join('\n')}`,
      };
    }
  }
  return { ok: true };
}
