/**
 * Producer (b): the working tree (tracked changes plus untracked, not ignored files) against a base
 * commit or tree. Untracked files are marked intent-to-add in a private copy of the index, so git
 * itself reports them as added and can pair a moved file as a rename; the person's index is never
 * written. Two speeds, for the UI: `listChanges` (file list and counts, no hunks) and `fileDiff`
 * (one file's hunks, on demand); `diffAgainst` does both at once.
 */
import path from 'node:path';
import type { FileChange, FileListEntry } from './change-model';
import { addIntentToAdd, git, untrackedFiles, withPrivateIndex } from '../git/git';
import { parseGitDiff, withHunks } from './parse-git-diff';
import { readOrNull } from './safe-files';

const DIFF_ARGS = [
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  'diff',
  '--raw',
  '-z',
  '--find-renames',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--ignore-submodules=dirty',
];

/** Run `git diff <base>` against the working tree with untracked files (among `paths`, or all) counted as added. */
async function worktreeDiff(
  repo: string,
  base: string,
  extra: string[],
  paths?: string[],
  background = false,
): Promise<Buffer> {
  const untracked = await untrackedFiles(repo, paths);
  const args = [...DIFF_ARGS, ...extra, base, '--', ...(paths ?? [])];
  // Always a private copy: `git diff <base>` refreshes stale stat data in the index it reads and writes it
  // back, GIT_OPTIONAL_LOCKS=0 notwithstanding (git 2.39), and the person's index is not ours to write.
  return withPrivateIndex(repo, async (indexFile) => {
    if (untracked.length) await addIntentToAdd(repo, indexFile, untracked);
    return git(repo, args, { indexFile, background });
  });
}

/**
 * The changed files: what a file list needs, without any hunk. With `counts` (the default) each
 * entry has its line counts and binary flag (git diffs every file's content for them); without,
 * only paths, kinds and modes, several times faster on a big change: show that list first, then
 * fill in the counts from a second call.
 */
export async function listChanges(
  repo: string,
  base: string,
  options: { counts?: boolean; background?: boolean } = {},
): Promise<FileListEntry[]> {
  return parseGitDiff(
    await worktreeDiff(repo, base, options.counts === false ? [] : ['--numstat'], undefined, options.background),
  ).files;
}

/** One file's change with its hunks. For a rename, pass both paths (the list gives them), or git sees an add. */
export async function fileDiff(
  repo: string,
  base: string,
  file: string | Pick<FileListEntry, 'path' | 'oldPath'>,
): Promise<FileChange | null> {
  const { path: p, oldPath } = typeof file === 'string' ? { path: file, oldPath: undefined } : file;
  const paths = oldPath ? [oldPath, p] : [p];
  const { files, sections } = parseGitDiff(await worktreeDiff(repo, base, ['--numstat', '--patch'], paths));
  const at = files.findIndex((f) => f.path === p);
  return at === -1 ? null : withHunks(files[at], sections[at]);
}

/** Every changed file with its hunks, in one git run. */
export async function diffAgainst(repo: string, base: string): Promise<FileChange[]> {
  const { files, sections } = parseGitDiff(await worktreeDiff(repo, base, ['--numstat', '--patch']));
  return files.map((f, i) => withHunks(f, sections[i]));
}

/** Both sides' bytes (null where the file does not exist), for a side-by-side view or a whole-file decision. */
export async function fileContents(
  repo: string,
  base: string,
  change: Pick<FileListEntry, 'path' | 'oldPath' | 'kind'>,
): Promise<{ old: Buffer | null; new: Buffer | null }> {
  const oldName = change.oldPath ?? change.path;
  // Both at once: the git process starts while the file is read.
  const [old, current] = await Promise.all([
    change.kind === 'added' ? null : git(repo, ['cat-file', 'blob', `${base}:${oldName}`]),
    // Confined: a symlink is its link text (as git sees it) and a folder swapped for a link is refused, not followed.
    change.kind === 'deleted' ? null : readOrNull(repo, path.join(repo, change.path)),
  ]);
  return { old, new: current };
}
