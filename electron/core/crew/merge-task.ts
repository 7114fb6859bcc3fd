/**
 * Merging a finished task's branch back into the workspace's branch.
 *
 * The workspace's working tree and index belong to the person, so this never runs `git merge` there
 * (a conflicted `git merge` leaves files half-merged, and `git merge --abort` cannot always restore
 * uncommitted changes). Instead the result is computed first, from objects alone:
 *   - already merged: nothing to do;
 *   - fast-forward: the target is the task branch's tip;
 *   - otherwise `git merge-tree --write-tree` (or the private-index fallback) + `commit-tree`; a conflict
 *     is reported with its files and nothing has been touched.
 * Then, when the branch is checked out somewhere, `git read-tree -m -u <old> <new>` moves that index and
 * working tree the way a checkout does: it carries local changes along and refuses, before writing
 * anything, when a local change (or an untracked file) is in the way. Last, the ref moves with a
 * compare-and-swap (`update-ref <new> <old>`), so a branch that moved meanwhile is not overwritten.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { git, gitText } from '../git/git';
import { allWorktrees, isAncestor, mergeTrees, resolveCommit } from './worktrees';

export interface MergeOptions {
  /** The workspace's branch, e.g. `main`. */
  into: string;
  message?: string;
  /** Use the private-index merge even where `git merge-tree --write-tree` exists (tests, old git). */
  fallback?: boolean;
}

export type MergeResult =
  | { ok: true; kind: 'up-to-date' | 'fast-forward' | 'merge'; commit: string }
  | {
      ok: false;
      /** conflict: the two branches conflict; local-changes: the person's uncommitted work is in the way; error: anything else. */
      reason: 'conflict' | 'local-changes' | 'error';
      conflicts: string[];
      error: string;
    };

const IN_PROGRESS = ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'rebase-merge', 'rebase-apply', 'BISECT_LOG'];

export async function mergeTaskBranch(repo: string, branch: string, options: MergeOptions): Promise<MergeResult> {
  const fail = (
    reason: 'conflict' | 'local-changes' | 'error',
    error: string,
    conflicts: string[] = [],
  ): MergeResult => ({ ok: false, reason, conflicts, error });
  const intoRef = `refs/heads/${options.into}`;
  const old = await resolveCommit(repo, intoRef);
  if (!old) return fail('error', `branch ${options.into} does not exist`);
  const tip = await resolveCommit(repo, branch);
  if (!tip) return fail('error', `branch ${branch} does not exist`);

  let target: string;
  let kind: 'fast-forward' | 'merge';
  if (await isAncestor(repo, tip, old)) return { ok: true, kind: 'up-to-date', commit: old };
  if (await isAncestor(repo, old, tip)) {
    target = tip;
    kind = 'fast-forward';
  } else {
    const merged = await mergeTrees(repo, old, tip, { fallback: options.fallback });
    if (!merged.ok && !merged.conflicts.length)
      return fail('error', `cannot merge ${branch} into ${options.into}: ${merged.error}; nothing was changed`);
    if (!merged.ok)
      return fail(
        'conflict',
        `${branch} conflicts with ${options.into} in ${merged.conflicts.join(', ')}; nothing was changed`,
        merged.conflicts,
      );
    const message = options.message ?? `Merge branch '${branch}' into ${options.into}`;
    target = await gitText(repo, ['commit-tree', merged.tree, '-p', old, '-p', tip, '-m', message]);
    kind = 'merge';
  }

  const reflog = `trellis: ${kind} ${branch}`;
  const checkedOut = (await allWorktrees(repo)).find((w) => w.branch === options.into);
  if (!checkedOut) {
    try {
      await git(repo, ['update-ref', '-m', reflog, intoRef, target, old]);
    } catch (e) {
      return fail('error', `${options.into} moved while merging; try again (${(e as Error).message})`);
    }
    return { ok: true, kind, commit: target };
  }

  const wt = checkedOut.path;
  const gitDir = path.resolve(wt, await gitText(wt, ['rev-parse', '--git-dir']));
  for (const marker of IN_PROGRESS) {
    if (
      await fs.stat(path.join(gitDir, marker)).then(
        () => true,
        () => false,
      )
    ) {
      return fail(
        'local-changes',
        `a ${marker
          .replace(/_HEAD$|_LOG$|-.*$/, '')
          .replace('_', '-')
          .toLowerCase()} is in progress in ${wt}; finish it first, nothing was changed`,
      );
    }
  }
  try {
    await git(wt, ['read-tree', '-m', '-u', old, target]);
  } catch (e) {
    const message = (e as Error).message;
    const paths = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const listed = [...message.matchAll(/^\t(.+)$/gm)].map((m) => m[1]);
    const conflicts = [...new Set([...paths, ...listed])];
    return fail(
      'local-changes',
      `local changes in ${wt} are in the way of merging ${branch}${conflicts.length ? `: ${conflicts.join(', ')}` : ''}; nothing was changed`,
      conflicts,
    );
  }
  try {
    await git(wt, ['update-ref', '-m', reflog, 'HEAD', target, old]);
  } catch (e) {
    // The branch moved between reading and writing: put the files back where they were.
    await git(wt, ['read-tree', '-m', '-u', target, old]).catch(() => {});
    return fail('error', `${options.into} moved while merging; try again (${(e as Error).message})`);
  }
  return { ok: true, kind, commit: target };
}
