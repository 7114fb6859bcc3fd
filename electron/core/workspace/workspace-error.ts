/** An expected failure with a message meant for the person, and a stable code for code. */
export class WorkspaceError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-a-folder' | 'unreadable' | 'outside-workspace' | 'not-git' | 'invalid-path',
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}
