import type { Executor } from './executor';
import { BwrapExecutor } from './linux/bwrap-executor';
import type { SandboxPolicy } from './sandbox-policy';
import { SandboxUnavailableError } from './sandbox-unavailable-error';
import { UnconfinedExecutor } from './unconfined-executor';

export { SandboxUnavailableError };

export interface CreateExecutorOptions {
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** The user's home folder, to name hidden paths as `~/…` in denial notes. */
  userHome?: string;
}

/** Builds the executor that enforces a policy on one platform, or throws SandboxUnavailableError (reason + fix). */
export type PlatformExecutorFactory = (policy: SandboxPolicy, options: CreateExecutorOptions) => Promise<Executor>;

async function linuxExecutor(policy: SandboxPolicy, options: CreateExecutorOptions): Promise<Executor> {
  const found = await BwrapExecutor.detect();
  if (!found.ok) throw new SandboxUnavailableError(found.reason, found.fix);
  return new BwrapExecutor(policy, { bwrap: found.bwrap, perms: found.perms, userHome: options.userHome });
}

/**
 * One factory per platform. macOS (Seatbelt) and Windows (restricted token)
 * plug in here as `darwin` and `win32` when their executors exist.
 */
export const PLATFORM_EXECUTORS: Partial<Record<NodeJS.Platform, PlatformExecutorFactory>> = {
  linux: linuxExecutor,
};

/**
 * The executor for a policy: danger-full-access runs unconfined on every
 * platform; any other mode gets the platform's kernel sandbox, or a
 * SandboxUnavailableError saying why not and how to fix it. Never an
 * unconfined fallback.
 */
export async function createExecutor(policy: SandboxPolicy, options: CreateExecutorOptions = {}): Promise<Executor> {
  if (policy.mode === 'danger-full-access') return new UnconfinedExecutor();
  const platform = options.platform ?? process.platform;
  const factory = PLATFORM_EXECUTORS[platform];
  if (!factory) {
    throw new SandboxUnavailableError(
      `the ${policy.mode} sandbox is not yet implemented on ${platform}`,
      'use sandbox_mode = "danger-full-access" (commands run unconfined) until it is, or run Trellis on Linux',
    );
  }
  return factory(policy, options);
}
