import type { GitInfo } from '../../contract';
import { gitOutput } from './git';

/** The repository a folder belongs to, or null when it is not inside one. */
export async function readGitInfo(folder: string): Promise<GitInfo | null> {
  // Three small git calls at once: opening a folder waits for one round trip, not three.
  const [topLevel, branch, head] = await Promise.all([
    gitOutput(folder, ['rev-parse', '--show-toplevel']),
    gitOutput(folder, ['symbolic-ref', '--short', '-q', 'HEAD']),
    gitOutput(folder, ['rev-parse', '--short', '-q', '--verify', 'HEAD']),
  ]);
  if (topLevel === null) return null;
  return { topLevel, branch: branch || null, head: head || null };
}
