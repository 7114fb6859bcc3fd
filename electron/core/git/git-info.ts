import type { GitInfo } from '../../contract';
import { gitOutput } from './run-git';

/** The repository a folder belongs to, or null when it is not inside one. */
export async function readGitInfo(folder: string): Promise<GitInfo | null> {
  const topLevel = await gitOutput(folder, ['rev-parse', '--show-toplevel']);
  if (topLevel === null) return null;
  const [branch, head] = await Promise.all([
    gitOutput(folder, ['symbolic-ref', '--short', '-q', 'HEAD']),
    gitOutput(folder, ['rev-parse', '--short', '-q', '--verify', 'HEAD']),
  ]);
  return { topLevel, branch: branch || null, head: head || null };
}
