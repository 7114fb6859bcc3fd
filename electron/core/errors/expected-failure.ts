/**
 * The one base class for failures Trellis expects and explains: a stable code for code, and one sentence
 * for the person. Every domain error extends it, so the shells need one check, not one per domain:
 * `dispatch` returns `{ ok: false, error: { code, message } }` for it, the CLI prints its message.
 * Anything else that is thrown is a bug, reported as an internal error.
 */
export class ExpectedFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    // The subclass's name (SpecError, ConfigError...) in stacks and logs; subclasses may set their own.
    this.name = new.target.name;
  }
}

/**
 * Runs `work`, and turns what it throws into an expected failure with `code`: for work whose failures the
 * person should read as they are (git refusing a revert, a path that leads out of the work tree). An
 * expected failure it throws keeps its own code.
 */
export async function failingAs<T>(code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ExpectedFailure) throw err;
    throw new ExpectedFailure(code, err instanceof Error ? err.message : String(err), { cause: err });
  }
}
