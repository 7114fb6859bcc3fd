import os from 'node:os';
import { buildSandboxPolicy, type BuildPolicyOptions } from '../sandbox/build-policy';
import { createExecutor, SandboxUnavailableError } from '../sandbox/create-executor';
import type { Executor } from '../sandbox/executor';

/** Where plan mode runs the agent's commands. */
export interface PlanModeCommands {
  executor: Executor;
  /**
   * null: the kernel's read-only sandbox holds every command. Otherwise why it could not start (danger-full-access
   * on a machine without one): then only commands known to only read run, and the rest are refused.
   */
  unconfinedBecause: string | null;
}

/**
 * The read-only sandbox for plan mode, whatever the session's sandbox mode: the same deny_read places and limits as
 * the session's own policy, no network (a request can change things elsewhere), nothing writable but the private /tmp.
 * Under danger-full-access on a machine without a kernel sandbox there is none to build; plan mode then says so and
 * falls back to commands judged read-only word by word (approvals/read-only-commands), run unconfined.
 */
export async function planModeCommands(
  policyOptions: Omit<BuildPolicyOptions, 'mode'>,
  fallback: Executor,
): Promise<PlanModeCommands> {
  const policy = buildSandboxPolicy({
    ...policyOptions,
    mode: 'read-only',
    network: false,
    allowHosts: undefined,
    onWarning: undefined,
  });
  try {
    return { executor: await createExecutor(policy, { userHome: os.homedir() }), unconfinedBecause: null };
  } catch (err) {
    if (!(err instanceof SandboxUnavailableError)) throw err;
    return { executor: fallback, unconfinedBecause: err.reason };
  }
}
