import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceError } from './workspace-error';

/**
 * Turn what a person dropped or typed (a path or a file:// URI) into the real,
 * absolute path of a readable folder, or explain in one sentence why not.
 */
export async function resolveFolder(input: string): Promise<string> {
  const trimmed = input.trim();
  let candidate: string;
  try {
    candidate = trimmed.startsWith('file:') ? fileURLToPath(trimmed) : trimmed;
  } catch {
    throw new WorkspaceError('invalid-path', `"${trimmed}" is not a file:// address of a local folder.`);
  }
  if (!path.isAbsolute(candidate)) {
    throw new WorkspaceError(
      'invalid-path',
      `"${candidate}" is not an absolute path. Give the full path of the folder.`,
    );
  }
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch (err) {
    throw describeFsError(err, candidate);
  }
  const stat = await fs.stat(real);
  if (!stat.isDirectory()) {
    throw new WorkspaceError('not-a-folder', `${candidate} is a file, not a folder. Open the folder that contains it.`);
  }
  try {
    await fs.access(real, constants.R_OK | constants.X_OK);
  } catch {
    throw new WorkspaceError('unreadable', `Trellis cannot read ${candidate}: permission denied.`);
  }
  return real;
}

export function describeFsError(err: unknown, shownPath: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new WorkspaceError('not-found', `There is no folder at ${shownPath}.`);
  if (code === 'EACCES' || code === 'EPERM')
    return new WorkspaceError('unreadable', `Trellis cannot read ${shownPath}: permission denied.`);
  return err as Error;
}
