import fs from 'node:fs/promises';
import type { FileContent } from '../../contract';
import { resolveInside } from './workspace-paths';
import { WorkspaceError } from './workspace-error';

/** Files larger than this are shown up to the cap, marked truncated. */
export const MAX_VIEW_BYTES = 2 * 1024 * 1024;

/** Read a workspace file for viewing. Binary files (a NUL in the first 8 KiB) come back without text. */
export async function readWorkspaceFile(root: string, relative: string, cap = MAX_VIEW_BYTES): Promise<FileContent> {
  const absolute = await resolveInside(root, relative);
  const handle = await fs.open(absolute, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new WorkspaceError('not-a-folder', `${relative} is not a file.`);
    const length = Math.min(stat.size, cap);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const binary = bytes.subarray(0, 8192).includes(0);
    return {
      path: relative,
      size: stat.size,
      binary,
      text: binary ? '' : bytes.toString('utf8'),
      truncated: stat.size > bytesRead,
    };
  } finally {
    await handle.close();
  }
}
