/**
 * One git worktree per crew task, on its own branch `trellis/<spec>/<task-id>`.
 *
 * Where: `<git-common-dir>/trellis-worktrees/<spec>/<task-id>` by default (for an ordinary repository,
 * `<repo>/.git/trellis-worktrees/...`). Inside `.git` because
 *  - the person's `git status`, file watchers, search and build tools already skip `.git`: a task's
 *    checkout never shows up as 50,000 untracked files in their workspace;
 *  - it needs no global state or home folder, cannot collide between repositories, and goes away with
 *    the repository;
 *  - the common dir is shared by all linked worktrees, so a crew started from a linked worktree puts its
 *    task worktrees in the same one place.
 * `root` moves them elsewhere (e.g. a faster disk, or outside a repository the sandbox makes read-only);
 * whatever the root, only worktrees under it on a `trellis/` branch count as ours.
 *
 * Nothing here touches the person's branch, index or working tree: bases are made with
 * `git merge-tree --write-tree` + `commit-tree` (objects only), worktrees are added beside.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addIntentToAdd, git, gitText, untrackedFiles, withPrivateIndex } from '../git/git';
import { forgetGitDir, rememberGitDir, worktreeAdminDir } from '../git/git-dir';

export const BRANCH_PREFIX = 'trellis/';
export const WORKTREES_FOLDER = 'trellis-worktrees';
/** Where each task branch started, as a private ref: review after a restart diffs against it, and it never shows among branches. */
export const TASK_BASE_PREFIX = 'refs/trellis/task-bases/';

export interface WorktreeLocation {
  /** Parent folder of all task worktrees; default `<git-common-dir>/trellis-worktrees`. */
  root?: string;
}

export interface PrepareOptions extends WorktreeLocation {
  spec: string;
  taskId: string;
  /** Where the task starts: a branch, tag or commit (usually the person's current branch). */
  baseRef: string;
  /** Finished branches of the tasks this one depends on: the base merges them into `baseRef` (see baseFor). */
  depBranches?: string[];
}

export type PrepareResult =
  { ok: true; path: string; branch: string; base: string } | { ok: false; error: string; conflicts?: string[] };

export type BaseResult = { ok: true; commit: string } | { ok: false; error: string; conflicts: string[] };

export interface TrellisWorktree {
  path: string;
  branch: string;
  head: string;
  spec: string;
  taskId: string;
  locked: boolean;
}

export interface DiffEntry {
  /** git's status letter: A, M, D, R, C, T. */
  status: string;
  path: string;
  /** The old path of a rename or copy. */
  from?: string;
}

export interface TaskDiff {
  base: string;
  files: DiffEntry[];
}

const INVALID_REF_CHARS = /[\x00-\x20\x7f~^:?*[\\]/g;

/** A spec name is used as-is in branch and folder names: one ref component, or refused. */
export function checkSpecName(spec: string): string | null {
  if (!spec) return 'a spec name is required';
  if (spec.includes('/') || spec.includes('\\')) return `spec name "${spec}" contains a slash`;
  if (spec.includes('..')) return `spec name "${spec}" contains ".."`;
  if (spec.startsWith('.') || spec.endsWith('.') || spec.endsWith('.lock') || spec.includes('@{') || spec === '@')
    return `spec name "${spec}" is not a valid git ref component`;
  if (new RegExp(INVALID_REF_CHARS.source).test(spec))
    return `spec name "${spec}" contains characters git refs cannot hold`;
  return null;
}

/**
 * A task id as one ref component (and folder name): "2.1" stays "2.1"; anything git refuses becomes "-",
 * runs of dots collapse, and leading dots, trailing dots and a trailing ".lock" go.
 */
export function sanitizeTaskId(taskId: string): string {
  let id = taskId
    .replace(INVALID_REF_CHARS, '-')
    .replace(/[/]/g, '-')
    .replace(/@\{/g, '-')
    .replace(/\.{2,}/g, '.');
  id = id.replace(/^[.-]+/, '').replace(/\.+$/, '');
  while (id.endsWith('.lock')) id = id.slice(0, -5).replace(/\.+$/, '');
  if (!id || id === '@') id = 'task';
  return id;
}

export function taskBranch(spec: string, taskId: string): string {
  const bad = checkSpecName(spec);
  if (bad) throw new Error(bad);
  return `${BRANCH_PREFIX}${spec}/${sanitizeTaskId(taskId)}`;
}

/** The private ref holding the commit a task's branch started from (or was last rebased onto, see setTaskBase). */
export function taskBaseRef(branch: string): string {
  return `${TASK_BASE_PREFIX}${branch.slice(BRANCH_PREFIX.length)}`;
}

export async function taskBase(repo: string, branch: string): Promise<string | null> {
  return resolveCommit(repo, taskBaseRef(branch));
}

/** Review the task against another commit from now on, e.g. once the workspace's branch was merged into it. */
export async function setTaskBase(repo: string, branch: string, commit: string): Promise<void> {
  await git(repo, ['update-ref', taskBaseRef(branch), commit]);
}

/** Where a task's worktree lives (whether or not it exists). */
export async function taskWorktreePath(
  repo: string,
  spec: string,
  taskId: string,
  location: WorktreeLocation = {},
): Promise<string> {
  const worktree = path.join(await worktreesRoot(repo, location), spec, sanitizeTaskId(taskId));
  await pinWorktree(repo, worktree); // an earlier run's worktree (a resumed run reviews it)
  return worktree;
}

/** The default parent of task worktrees: `<git-common-dir>/trellis-worktrees`, absolute and without symlinks. */
export async function worktreesRoot(repo: string, location: WorktreeLocation = {}): Promise<string> {
  if (location.root) return realpathOrResolve(location.root);
  return path.join(await commonDir(repo), WORKTREES_FOLDER);
}

async function commonDir(repo: string): Promise<string> {
  return realpathOrResolve(path.resolve(repo, await gitText(repo, ['rev-parse', '--git-common-dir'])));
}

/**
 * From now on Trellis runs git in this task worktree with the git dir the repository records for it, never
 * through the worktree's `.git` file: the subagent may write that file (see git/git-dir.ts).
 */
async function pinWorktree(repo: string, worktree: string): Promise<void> {
  const admin = await worktreeAdminDir(await commonDir(repo), worktree);
  if (admin) rememberGitDir(worktree, admin);
}

async function realpathOrResolve(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    // Not there yet: resolve what exists of it (e.g. /tmp -> /private/tmp on macOS).
    const parent = path.dirname(path.resolve(p));
    if (parent === path.resolve(p)) return path.resolve(p);
    return path.join(await realpathOrResolve(parent), path.basename(p));
  }
}

export async function resolveCommit(repo: string, ref: string): Promise<string | null> {
  try {
    return await gitText(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    return null;
  }
}

export async function isAncestor(repo: string, a: string, b: string): Promise<boolean> {
  try {
    await git(repo, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}

let mergeTreeSupport: Promise<boolean> | null = null;

/** `git merge-tree --write-tree` arrived in git 2.38. */
export function hasMergeTreeWriteTree(repo: string): Promise<boolean> {
  mergeTreeSupport ??= git(repo, ['merge-tree', '--write-tree', '--name-only', 'HEAD', 'HEAD'], { okCodes: [1] }).then(
    () => true,
    () => false,
  );
  return mergeTreeSupport;
}

/** conflicts empty with an error: git refused the merge itself (e.g. unrelated histories). */
export type TreeMerge = { ok: true; tree: string } | { ok: false; conflicts: string[]; error?: string };

/**
 * Merge two commits into a tree without a working tree or the person's index.
 * `merge-tree --write-tree` where git has it; otherwise a private index: `read-tree -m` of base, ours and
 * theirs, which resolves only tree-level (whole-file) merges, so a file changed on both sides counts as a
 * conflict even when the changes would merge line by line (conservative, never wrong).
 */
export async function mergeTrees(
  repo: string,
  ours: string,
  theirs: string,
  options: { fallback?: boolean } = {},
): Promise<TreeMerge> {
  if (!options.fallback && (await hasMergeTreeWriteTree(repo))) {
    let out: string;
    try {
      out = (
        await git(repo, ['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', ours, theirs], {
          okCodes: [1],
        })
      ).toString('utf8');
    } catch (e) {
      return { ok: false, conflicts: [], error: (e as Error).message };
    }
    const parts = out.split('\0');
    const tree = parts[0].trim();
    const conflicts: string[] = [];
    for (let i = 1; i < parts.length && parts[i] !== ''; i++)
      if (!conflicts.includes(parts[i])) conflicts.push(parts[i]);
    return conflicts.length ? { ok: false, conflicts } : { ok: true, tree };
  }
  const base = await gitText(repo, ['merge-base', ours, theirs]).catch(() => '');
  if (!base) return { ok: false, conflicts: [], error: 'the two histories have no common ancestor' };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-merge-index-'));
  const indexFile = path.join(dir, 'index');
  try {
    await git(repo, ['read-tree', '-m', '-i', '--aggressive', base, ours, theirs], { indexFile });
    const unmerged = (await git(repo, ['ls-files', '-u', '-z'], { indexFile }))
      .toString('utf8')
      .split('\0')
      .filter(Boolean);
    const conflicts = [...new Set(unmerged.map((line) => line.slice(line.indexOf('\t') + 1)))];
    if (conflicts.length) return { ok: false, conflicts };
    return { ok: true, tree: await gitText(repo, ['write-tree'], { indexFile }) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * The commit a task starts from: `baseRef` with every finished dependency branch merged in, one temporary
 * merge commit per branch that is not already contained (a fast-forward when the branch simply moved on).
 * Only objects are written: no ref, index or working tree changes. A conflict between the dependencies
 * (or with `baseRef`) is an error naming the files.
 */
export async function baseFor(
  repo: string,
  baseRef: string,
  depBranches: string[] = [],
  options: { fallback?: boolean; label?: string } = {},
): Promise<BaseResult> {
  let current = await resolveCommit(repo, baseRef);
  if (!current) return { ok: false, error: `base ${baseRef} is not a commit in this repository`, conflicts: [] };
  for (const branch of depBranches) {
    const tip = await resolveCommit(repo, branch);
    if (!tip) return { ok: false, error: `dependency branch ${branch} does not exist`, conflicts: [] };
    if (await isAncestor(repo, tip, current)) continue;
    if (await isAncestor(repo, current, tip)) {
      current = tip;
      continue;
    }
    const merged = await mergeTrees(repo, current, tip, options);
    if (!merged.ok) {
      const why = merged.conflicts.length ? `conflicts in ${merged.conflicts.join(', ')}` : `fails: ${merged.error}`;
      return { ok: false, error: `merging ${branch} into the task's base ${why}`, conflicts: merged.conflicts };
    }
    const message = `Trellis: base${options.label ? ` for ${options.label}` : ''}: merge ${branch}`;
    current = await gitText(repo, ['commit-tree', merged.tree, '-p', current, '-p', tip, '-m', message]);
  }
  return { ok: true, commit: current };
}

/** Create `trellis/<spec>/<task-id>` from the task's base and check it out in its own worktree. */
export async function prepareTaskWorktree(repo: string, options: PrepareOptions): Promise<PrepareResult> {
  const bad = checkSpecName(options.spec);
  if (bad) return { ok: false, error: bad };
  const branch = taskBranch(options.spec, options.taskId);
  try {
    await git(repo, ['check-ref-format', `refs/heads/${branch}`]);
  } catch {
    return { ok: false, error: `${branch} is not a valid branch name` };
  }
  if (await resolveCommit(repo, `refs/heads/${branch}`)) {
    return { ok: false, error: `branch ${branch} already exists; remove the task's worktree (and branch) first` };
  }
  const target = await taskWorktreePath(repo, options.spec, options.taskId, options);
  if (await exists(target)) return { ok: false, error: `${target} already exists` };

  const base = await baseFor(repo, options.baseRef, options.depBranches ?? [], {
    label: `${options.spec} task ${options.taskId}`,
  });
  if (!base.ok) return { ok: false, error: base.error, conflicts: base.conflicts };

  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await git(repo, ['worktree', 'add', '--quiet', '-b', branch, target, base.commit]);
    await pinWorktree(repo, target);
    await setTaskBase(repo, branch, base.commit);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  return { ok: true, path: target, branch, base: base.commit };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

export interface PorcelainWorktree {
  path: string;
  head: string;
  branch: string | null;
  locked: boolean;
}

export async function allWorktrees(repo: string): Promise<PorcelainWorktree[]> {
  const out = (await git(repo, ['worktree', 'list', '--porcelain', '-z'])).toString('utf8');
  const list: PorcelainWorktree[] = [];
  let at: PorcelainWorktree | null = null;
  for (const field of out.split('\0')) {
    if (field === '') {
      if (at) list.push(at);
      at = null;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? '' : field.slice(space + 1);
    if (key === 'worktree') at = { path: value, head: '', branch: null, locked: false };
    else if (!at) continue;
    else if (key === 'HEAD') at.head = value;
    else if (key === 'branch') at.branch = value.replace(/^refs\/heads\//, '');
    else if (key === 'locked') at.locked = true;
  }
  if (at) list.push(at);
  return list;
}

/** Worktrees Trellis made: under the worktrees root and on a `trellis/<spec>/<task>` branch. Nobody else's. */
export async function listTrellisWorktrees(repo: string, location: WorktreeLocation = {}): Promise<TrellisWorktree[]> {
  const root = await worktreesRoot(repo, location);
  const ours: TrellisWorktree[] = [];
  for (const w of await allWorktrees(repo)) {
    const resolved = await realpathOrResolve(w.path);
    if (!isInside(root, resolved) || !w.branch?.startsWith(BRANCH_PREFIX)) continue;
    const [spec, ...rest] = w.branch.slice(BRANCH_PREFIX.length).split('/');
    if (!spec || rest.length !== 1) continue;
    ours.push({ path: resolved, branch: w.branch, head: w.head, spec, taskId: rest[0], locked: w.locked });
    await pinWorktree(repo, resolved);
  }
  return ours;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface RemoveOptions extends WorktreeLocation {
  /** Also delete the task's branch (its work is gone unless merged). */
  deleteBranch?: boolean;
  /** Remove even with uncommitted changes in the task worktree. */
  force?: boolean;
}

/** Remove a task worktree Trellis made; anything else (the person's own worktrees) is refused. */
export async function removeTaskWorktree(
  repo: string,
  worktreePath: string,
  options: RemoveOptions = {},
): Promise<{ ok: true } | { ok: false; error: string }> {
  const wanted = await realpathOrResolve(worktreePath);
  const ours = (await listTrellisWorktrees(repo, options)).find((w) => w.path === wanted);
  if (!ours) return { ok: false, error: `${worktreePath} is not a worktree Trellis made; it is left alone` };
  try {
    await git(repo, ['worktree', 'remove', ...(options.force ? ['--force', '--force'] : []), ours.path]);
    forgetGitDir(ours.path);
    if (options.deleteBranch) {
      await git(repo, ['branch', '-D', '--', ours.branch]);
      await git(repo, ['update-ref', '-d', taskBaseRef(ours.branch)]).catch(() => {});
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  // The spec folder goes when its last task worktree does; the root stays (cheap, and may be configured).
  await fs.rmdir(path.dirname(ours.path)).catch(() => {});
  return { ok: true };
}

/**
 * What a task changed since `base`: committed and uncommitted work in its worktree, untracked files
 * included (as added, through a private index so the worktree's own index is not touched).
 */
export async function taskDiff(worktree: string, base: string): Promise<TaskDiff> {
  const baseCommit = await resolveCommit(worktree, base);
  if (!baseCommit) throw new Error(`base ${base} is not a commit`);
  const out = await withPrivateIndex(worktree, async (indexFile) => {
    await addIntentToAdd(worktree, indexFile, await untrackedFiles(worktree));
    // dirty, not the module's default all: a nested repository the task added (a gitlink) must show in its
    // change; dirty compares the commit a submodule's HEAD names and never runs git inside it.
    return git(worktree, ['diff', '--name-status', '-z', '-M', '--ignore-submodules=dirty', baseCommit], { indexFile });
  });
  const fields = out.toString('utf8').split('\0');
  const files: DiffEntry[] = [];
  for (let i = 0; i < fields.length - 1;) {
    const status = fields[i++];
    if (!status) continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++];
      files.push({ status: letter, path: fields[i++], from });
    } else files.push({ status: letter, path: fields[i++] });
  }
  return { base: baseCommit, files };
}

/**
 * Commit everything in a task worktree (Trellis identity); returns the new head, or null when nothing changed.
 * A merge in progress there is always concluded, even when its result equals the task's tree (the side that
 * won still needs the other as a parent, or merging back conflicts again).
 */
export async function commitTaskWork(worktree: string, message: string): Promise<string | null> {
  await git(worktree, ['add', '-A']);
  const merging = (await resolveCommit(worktree, 'MERGE_HEAD')) !== null;
  const staged = await git(worktree, ['diff', '--cached', '--quiet']).then(
    () => false, // exit 0: nothing staged
    () => true,
  );
  if (!staged && !merging) return null;
  await git(worktree, ['commit', '-q', '--no-verify', '-m', message]);
  return gitText(worktree, ['rev-parse', 'HEAD']);
}

/**
 * Clear the way for a fresh attempt at a task: its worktree (even with uncommitted changes), its branch and
 * its base ref go. Only what Trellis made: a `trellis/` branch checked out elsewhere (say, by the person) is
 * refused, and nothing happens when there was no earlier attempt.
 */
export async function discardTaskAttempt(
  repo: string,
  spec: string,
  taskId: string,
  location: WorktreeLocation = {},
): Promise<{ ok: true } | { ok: false; error: string }> {
  const branch = taskBranch(spec, taskId);
  const holder = (await allWorktrees(repo)).find((w) => w.branch === branch);
  if (holder) return removeTaskWorktree(repo, holder.path, { ...location, force: true, deleteBranch: true });
  if (await resolveCommit(repo, `refs/heads/${branch}`)) {
    try {
      await git(repo, ['branch', '-D', '--', branch]);
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }
  await git(repo, ['update-ref', '-d', taskBaseRef(branch)]).catch(() => {});
  // A leftover folder without a registered worktree would make the next prepare fail.
  const leftover = await taskWorktreePath(repo, spec, taskId, location);
  await git(repo, ['worktree', 'prune']).catch(() => {});
  if (await exists(leftover)) await fs.rm(leftover, { recursive: true, force: true });
  return { ok: true };
}
