import { ExpectedFailure } from '../errors/expected-failure';

export type SpecErrorCode =
  'invalid-name' | 'exists' | 'invalid-options' | 'not-a-folder' | 'not-a-spec' | 'read-only' | 'outside-repository';

/** An expected failure of a spec operation (bad name, folder exists, not a spec), with a message for people. */
export class SpecError extends ExpectedFailure {
  declare readonly code: SpecErrorCode;

  constructor(code: SpecErrorCode, message: string) {
    super(code, message);
    this.name = 'SpecError';
  }
}
