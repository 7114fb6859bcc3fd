import type { FileContent } from '../../contract';
import { ConfinedFs } from '../security/confined-fs';
import { resolveInside } from './workspace-paths';
import { WorkspaceError } from './workspace-error';

/** Files larger than this are shown up to the cap, marked truncated. */
export const MAX_VIEW_BYTES = 2 * 1024 * 1024;

/** Read a workspace file for viewing. Binary files (a NUL in the first 8 KiB) come back without text. */
export async function readWorkspaceFile(root: string, relative: string, cap = MAX_VIEW_BYTES): Promise<FileContent> {
  const absolute = await resolveInside(root, relative);
  // Opened from the root without following anything: a folder swapped for a link after the check is refused.
  const cfs = await ConfinedFs.create({ roots: [root] });
  const { bytes, size } = await cfs.readHead(absolute, cap).catch((err: Error) => {
    if (err.name !== 'ConfinedFsError') throw err;
    if ((err as NodeJS.ErrnoException).code === 'EINVAL')
      throw new WorkspaceError('not-a-folder', `${relative} is not a file.`);
    throw new WorkspaceError('outside-workspace', `${relative} leads outside the workspace.`);
  });
  const binary = bytes.subarray(0, 8192).includes(0);
  return {
    path: relative,
    size,
    binary,
    text: binary ? '' : bytes.toString('utf8'),
    truncated: size > bytes.length,
  };
}
