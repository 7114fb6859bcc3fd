import { ExpectedFailure } from '../errors/expected-failure';

export type WorkspaceErrorCode =
  'not-found' | 'not-a-folder' | 'unreadable' | 'outside-workspace' | 'not-git' | 'invalid-path';

/** An expected failure with a message meant for the person, and a stable code for code. */
export class WorkspaceError extends ExpectedFailure {
  declare readonly code: WorkspaceErrorCode;

  constructor(code: WorkspaceErrorCode, message: string) {
    super(code, message);
    this.name = 'WorkspaceError';
  }
}
