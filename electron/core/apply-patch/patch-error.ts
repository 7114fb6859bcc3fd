import { ExpectedFailure } from '../errors/expected-failure';

export type PatchErrorCode =
  'invalid-patch' | 'invalid-hunk' | 'no-changes' | 'context-not-found' | 'lines-not-found' | 'io' | 'outside-roots';

/**
 * An expected apply_patch failure. The message is what Codex would print (for the model and for
 * `trellis apply-patch`'s stderr); the code is for code.
 */
export class PatchError extends ExpectedFailure {
  declare readonly code: PatchErrorCode;

  constructor(code: PatchErrorCode, message: string) {
    super(code, message);
    this.name = 'PatchError';
  }
}

/** strerror texts for the errors a patch meets, so messages read like Codex's (Rust's io::Error display). */
const OS_ERRORS: Record<string, [errno: number, text: string]> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EIO: [5, 'Input/output error'],
  EACCES: [13, 'Permission denied'],
  EBUSY: [16, 'Device or resource busy'],
  EEXIST: [17, 'File exists'],
  EXDEV: [18, 'Invalid cross-device link'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  ENOSPC: [28, 'No space left on device'],
  EROFS: [30, 'Read-only file system'],
  ENAMETOOLONG: [36, 'File name too long'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENOTEMPTY: [39, 'Directory not empty'],
};

/** "No such file or directory (os error 2)" for an errno code, as Rust prints an io::Error. */
export function describeOsError(code: string): string {
  const known = OS_ERRORS[code];
  return known ? `${known[1]} (os error ${known[0]})` : code;
}

/** An fs error as a PatchError with Codex's wording: "<context>: <os error>". */
export function ioError(context: string, err: unknown): PatchError {
  // A confined write's refusal already says what stood in the way, in one sentence.
  if ((err as Error)?.name === 'ConfinedFsError')
    return new PatchError('outside-roots', `${context}: ${(err as Error).message}`);
  const code = (err as NodeJS.ErrnoException)?.code;
  return new PatchError('io', `${context}: ${code ? describeOsError(code) : ((err as Error)?.message ?? String(err))}`);
}
