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
