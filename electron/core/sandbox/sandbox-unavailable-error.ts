import { ExpectedFailure } from '../errors/expected-failure';

/**
 * The sandbox a policy asks for cannot run here. Trellis never falls back to
 * running the command unconfined: it says why, and how to fix it.
 */
export class SandboxUnavailableError extends ExpectedFailure {
  override readonly name = 'SandboxUnavailableError';

  constructor(
    /** What is missing, e.g. "bubblewrap is not installed". */
    readonly reason: string,
    /** What to do about it; empty when there is nothing the user can do yet. */
    readonly fix: string,
  ) {
    super('sandbox-unavailable', fix ? `${reason}. To fix it: ${fix}` : reason);
  }
}
