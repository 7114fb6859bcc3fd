import type { Executor, ExecRequest, ExecResult, SpawnedProcess, SpawnRequest } from '../executor';
import type { SandboxPolicy } from '../sandbox-policy';
import { SandboxUnavailableError } from '../sandbox-unavailable-error';
import { windowsSandboxPlan } from './restricted-token-plan';
import { TRELLIS_WINDOWS_MODE, type WindowsPlanOptions, type WindowsSandboxPlan } from './windows-plan-model';

/**
 * THIS IS A STUB. It never runs a command: `run` always rejects with
 * WindowsSandboxNotImplementedError, so a caller can never end up running a
 * command unconfined by mistake.
 *
 * The real executor needs a native helper: Node cannot start a process with
 * a restricted token, in a job object, on a private desktop, or as another
 * account. What the helper will do is described, as data, by
 * windowsSandboxPlan() (restricted-token-plan.ts), and `plan()` returns it so
 * `trellis sandbox` can show it. See ../PLATFORMS.md.
 */

export const WINDOWS_SANDBOX_NOT_IMPLEMENTED =
  'the Windows sandbox is not implemented on this build: it needs a native helper (planned)';

export const WINDOWS_SANDBOX_FIX =
  'use sandbox_mode = "danger-full-access" (commands run unconfined) until it exists, or run Trellis on Linux or macOS';

/** A SandboxUnavailableError, so callers that handle "no sandbox here" handle this too. */
export class WindowsSandboxNotImplementedError extends SandboxUnavailableError {
  readonly code = 'TRELLIS_WINDOWS_SANDBOX_NOT_IMPLEMENTED';

  constructor(
    /** What the helper would have done for this command, or null if the policy could not be planned. */
    readonly plan: WindowsSandboxPlan | null,
    readonly planError?: Error,
  ) {
    super(WINDOWS_SANDBOX_NOT_IMPLEMENTED, WINDOWS_SANDBOX_FIX);
  }
}

/** A stdio MCP server cannot be confined on Windows yet: the way out is to trust that one server. */
export const WINDOWS_SPAWN_FIX =
  'set trusted_outside_sandbox = true in its [mcp_servers.<name>] table of config.toml to run it outside the sandbox, or run Trellis on Linux or macOS';

export class WindowsTokenExecutor implements Executor {
  /** False until the native helper exists. */
  readonly implemented = false;
  readonly description: string;

  constructor(
    private readonly policy: SandboxPolicy,
    private readonly options: WindowsPlanOptions = {},
  ) {
    const mode = options.mode ?? TRELLIS_WINDOWS_MODE;
    this.description = `Windows restricted token (${mode}; ${policy.mode}, network ${policy.network.mode}): NOT IMPLEMENTED on this build, commands are refused`;
  }

  /** Same shape as BwrapExecutor.detect(): always unavailable on this build, with the reason and the way out. */
  static detect(): Promise<{ ok: false; reason: string; fix: string }> {
    return Promise.resolve({ ok: false, reason: WINDOWS_SANDBOX_NOT_IMPLEMENTED, fix: WINDOWS_SANDBOX_FIX });
  }

  /** What the native helper would do for this policy (for `trellis sandbox` and for review). */
  plan(): WindowsSandboxPlan {
    return windowsSandboxPlan(this.policy, this.options);
  }

  async run(_request: ExecRequest): Promise<ExecResult> {
    let plan: WindowsSandboxPlan | null = null;
    let planError: Error | undefined;
    try {
      plan = this.plan();
    } catch (error) {
      planError = error instanceof Error ? error : new Error(String(error));
    }
    throw new WindowsSandboxNotImplementedError(plan, planError);
  }

  spawn(_request: SpawnRequest): Promise<SpawnedProcess> {
    return Promise.reject(new SandboxUnavailableError(WINDOWS_SANDBOX_NOT_IMPLEMENTED, WINDOWS_SPAWN_FIX));
  }
}
