/**
 * Finding a repository's git dir without trusting what an agent could have written.
 *
 * git's own discovery follows a `.git` *file* ("gitdir: PATH") wherever it points. A crew task's worktree
 * has such a file, inside the folder the subagent may write: rewritten to point at a folder of the
 * agent's (with a config naming an fsmonitor, hooks or filter drivers), it would make Trellis's own git,
 * running outside the sandbox, obey the agent. So Trellis walks up itself and accepts a gitfile only when
 * its target is a git dir the worktree cannot have made:
 *  - it lies outside the work tree (the work tree is what the agent may write);
 *  - a linked worktree's admin dir (it has `commondir`) names this very `.git` in its `gitdir` back-link,
 *    and its common dir lies outside the work tree too;
 *  - any other target (a submodule's `.git/modules/X`, a `--separate-git-dir`) is not some other work
 *    tree's `.git` folder (that would be the person's index and branch under the task's files).
 * The verified dir is then passed as GIT_DIR, so swapping the file after the check changes nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ExpectedFailure } from '../errors/expected-failure';

/** A `.git` that Trellis will not run git through: said in one sentence, as the person should read it. */
export class GitDirRefused extends ExpectedFailure {
  constructor(message: string) {
    super('git-dir-refused', message);
  }
}

export interface FoundGitDir {
  gitDir: string;
  workTree: string;
}

/**
 * Work trees whose git dir Trellis knows from its own records (the crew's task worktrees, read from the
 * repository's `worktrees/*\/gitdir` back-links, which live in the protected `.git`): for these the `.git`
 * file in the work tree is not even read.
 */
const known = new Map<string, string>();

export function rememberGitDir(workTree: string, gitDir: string): void {
  known.set(path.resolve(workTree), path.resolve(gitDir));
}

/** Whether Trellis's own records give this work tree's git dir. */
export function isKnownWorkTree(workTree: string): boolean {
  return known.has(path.resolve(workTree));
}

/**
 * Record the repository `dir` belongs to as it is now, before any agent works in it (a workspace being
 * opened, a session or crew run starting): later calls use this git dir, whatever `.git` says by then.
 */
export async function pinRepository(dir: string): Promise<FoundGitDir | null> {
  const found = await findGitDir(dir).catch(() => null);
  if (found && !known.has(found.workTree)) rememberGitDir(found.workTree, found.gitDir);
  return found;
}

export function forgetGitDir(workTree: string): void {
  known.delete(path.resolve(workTree));
}

/** The repository's common dir when `gitDir` is a linked worktree's admin dir (its branches live there); null otherwise. */
export async function commonDirOf(gitDir: string): Promise<string | null> {
  const commondir = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => null);
  return commondir === null ? null : fs.realpath(path.resolve(gitDir, commondir.trim())).catch(() => null);
}

/** The admin dir of the linked worktree at `workTree`, from the repository's own records (`<common>/worktrees/*\/gitdir`); null if none. */
export async function worktreeAdminDir(commonDir: string, workTree: string): Promise<string | null> {
  const root = path.join(commonDir, 'worktrees');
  const wanted = path.join(await fs.realpath(workTree).catch(() => path.resolve(workTree)), '.git');
  for (const name of await fs.readdir(root).catch(() => [] as string[])) {
    const back = await fs.readFile(path.join(root, name, 'gitdir'), 'utf8').catch(() => '');
    if (back && path.resolve(root, name, back.trim()) === wanted) return path.join(root, name);
  }
  return null;
}

/** The git dir and work tree for `cwd`, or null outside any repository; throws on a `.git` that fails the checks. */
export async function findGitDir(cwd: string): Promise<FoundGitDir | null> {
  let dir = await fs.realpath(cwd).catch(() => null);
  while (dir) {
    const pinned = known.get(dir);
    if (pinned) return { gitDir: pinned, workTree: dir };
    const dotGit = path.join(dir, '.git');
    const st = await fs.lstat(dotGit).catch(() => null);
    if (st?.isDirectory()) {
      if (await isFile(path.join(dotGit, 'HEAD'))) return { gitDir: dotGit, workTree: dir };
    } else if (st?.isFile()) {
      return { gitDir: await verifiedGitFile(dotGit, dir), workTree: dir };
    } else if (st?.isSymbolicLink()) {
      // Some tools (Android's repo) link .git to a git dir kept elsewhere: fine, unless it leads back inside.
      const target = await fs.realpath(dotGit).catch(() => null);
      if (!target || !(await isFile(path.join(target, 'HEAD'))))
        throw new GitDirRefused(`${dotGit} is a symbolic link to no git dir; Trellis does not run git through it`);
      if (isInside(dir, target))
        throw new GitDirRefused(
          `${dotGit} is a symbolic link into the work tree it describes; Trellis does not run git through it`,
        );
      return { gitDir: target, workTree: dir };
    }
    const parent = path.dirname(dir);
    dir = parent === dir ? null : parent;
  }
  return null;
}

async function verifiedGitFile(dotGit: string, workTree: string): Promise<string> {
  const text = await fs.readFile(dotGit, 'utf8').catch(() => '');
  const m = /^gitdir: (.+?)\r?\n?$/.exec(text.split('\n')[0] + '\n');
  const refuse = (why: string) =>
    new GitDirRefused(`${dotGit} points git at ${m?.[1] ?? 'nothing'}, ${why}; Trellis does not run git there`);
  if (!m) throw refuse('which is not a gitfile');
  const gitDir = await fs.realpath(path.resolve(workTree, m[1].trim())).catch(() => null);
  if (!gitDir || !(await isFile(path.join(gitDir, 'HEAD')))) throw refuse('which is not a git dir');
  if (isInside(workTree, gitDir))
    throw refuse('a git dir inside the work tree it describes (anyone who can write the files could have made it)');
  const commondir = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => null);
  if (commondir !== null) {
    const back = await fs.readFile(path.join(gitDir, 'gitdir'), 'utf8').catch(() => '');
    const backLink = await fs.realpath(path.resolve(gitDir, back.trim())).catch(() => null);
    if (backLink !== path.join(workTree, '.git'))
      throw refuse('a worktree admin dir that belongs to another work tree');
    const common = await fs.realpath(path.resolve(gitDir, commondir.trim())).catch(() => null);
    if (!common || isInside(workTree, common)) throw refuse('a worktree whose repository lies inside the work tree');
  } else if (path.basename(gitDir) === '.git') {
    throw refuse("another work tree's repository");
  }
  return gitDir;
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
