import path from 'node:path';
import { listTrellisWorktrees, removeTaskWorktree } from '../core/crew/worktrees';
import { repoRoot } from '../core/git/git';

/**
 * `trellis spec worktrees [DIR] [--remove]`: the worktrees Trellis made for crew tasks, and, with
 * --remove, their removal (the branches stay, for review). The person's own worktrees are never listed
 * or touched.
 */
export async function specWorktreesCommand(dir: string | undefined, options: { remove?: boolean }): Promise<number> {
  let repo: string;
  try {
    repo = await repoRoot(path.resolve(dir ?? '.'));
  } catch {
    process.stderr.write(`trellis spec worktrees: ${path.resolve(dir ?? '.')} is not in a git repository\n`);
    return 2;
  }
  const worktrees = await listTrellisWorktrees(repo);
  if (!worktrees.length) {
    process.stdout.write('no Trellis worktrees\n');
    return 0;
  }
  let failed = 0;
  for (const w of worktrees) {
    if (!options.remove) {
      process.stdout.write(`${w.spec} ${w.taskId}\t${w.branch}\t${w.path}${w.locked ? '\t(locked)' : ''}\n`);
      continue;
    }
    const removed = await removeTaskWorktree(repo, w.path);
    if (removed.ok) process.stdout.write(`removed ${w.path} (branch ${w.branch} kept)\n`);
    else {
      failed++;
      process.stderr.write(`trellis spec worktrees: ${w.path}: ${removed.error}\n`);
    }
  }
  return failed ? 1 : 0;
}
