/** An expected failure of a spec operation (bad name, folder exists, not a spec), with a message for people. */
export class SpecError extends Error {
  constructor(
    readonly code: 'invalid-name' | 'exists' | 'invalid-options' | 'not-a-folder' | 'not-a-spec' | 'read-only' | 'outside-repository',
    message: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}
