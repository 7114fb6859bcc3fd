import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './resolve-folder';
import { WorkspaceError } from './workspace-error';

/**
 * Map a relative path from the (untrusted) renderer to an absolute one, and
 * refuse it when symlinks would lead outside the workspace root.
 */
export async function resolveInside(root: string, relative: string): Promise<string> {
  const absolute = relative === '' ? root : path.join(root, ...relative.split('/'));
  let real: string;
  try {
    real = await fs.realpath(absolute);
  } catch (err) {
    throw describeFsError(err, relative || root);
  }
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new WorkspaceError('outside-workspace', `${relative} leads outside the workspace.`);
  }
  return real;
}

export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
