import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Show a file in the system's file manager: the way out for binary and very large files the review pane
 * does not display. Only reveals (selects the file in its folder, or opens the folder), never opens the file
 * itself: an agent-written file handed to the system's default application could be a program.
 */
export function revealCommand(
  platform: NodeJS.Platform,
  target: string,
  isFolder: boolean,
): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: isFolder ? [target] : ['-R', target] };
  if (platform === 'win32') return { command: 'explorer.exe', args: isFolder ? [target] : [`/select,${target}`] };
  // freedesktop: xdg-open cannot select a file; it opens the folder that holds it.
  return { command: 'xdg-open', args: [isFolder ? target : path.dirname(target)] };
}

/** Reveal `target` (or, when it no longer exists, its nearest existing folder). Resolves once the file manager started. */
export async function revealInFileManager(target: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  let shown = target;
  let isFolder = false;
  for (;;) {
    const stat = await fs.stat(shown).catch(() => null);
    if (stat) {
      isFolder = stat.isDirectory();
      break;
    }
    const parent = path.dirname(shown);
    if (parent === shown) throw new Error(`${target} does not exist`);
    shown = parent;
    isFolder = true;
  }
  const { command, args } = revealCommand(platform, shown, isFolder);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (err) =>
      reject(
        new Error(
          `Cannot show it in a file manager: ${command} ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'is not installed' : `failed (${err.message})`}. It is at ${shown}`,
        ),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
