/**
 * Putting the working tree back to a checkpoint: one file, some hunks of a file, everything a turn
 * changed, and undo/redo of a turn. Only the working tree is written (never the index, HEAD or a
 * branch), and only paths that differ from the checkpoint, which never include ignored files: the
 * checkpoint and the diff both see the tree through .gitignore.
 */
import path from 'node:path';
import { applyHunks } from './apply-hunks';
import { reverseChange, type FileChange, type FileListEntry } from './change-model';
import { createCheckpoint, type Checkpoint } from './checkpoints';
import { fileDiff, listChanges } from './diff-against';
import { git } from '../git/git';
import { insideRoot, readOrNull, WriteBatch, type FileState } from './safe-files';

type Commitish = Pick<Checkpoint, 'commit'>;

/** Each path's state in a commit (null: absent), read with one ls-tree and one cat-file. */
async function statesAt(repo: string, commit: string, paths: string[]): Promise<Map<string, FileState>> {
  const states = new Map<string, FileState>(paths.map((p) => [p, null]));
  const entries: { path: string; mode: string; sha: string }[] = [];
  for (let i = 0; i < paths.length; i += 500) {
    const out = await git(repo, ['ls-tree', '-z', '--full-tree', commit, '--', ...paths.slice(i, i + 500)]);
    for (const record of out.toString('utf8').split('\0')) {
      const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(record);
      if (m && m[2] === 'blob') entries.push({ mode: m[1], sha: m[3], path: m[4] });
    }
  }
  if (entries.length === 0) return states;
  const out = await git(repo, ['cat-file', '--batch'], { input: entries.map((e) => `${e.sha}\n`).join('') });
  let pos = 0;
  for (const entry of entries) {
    const nl = out.indexOf(10, pos);
    const size = Number(out.toString('latin1', pos, nl).split(' ')[2]);
    const bytes = Buffer.from(out.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
    states.set(entry.path, { bytes, mode: entry.mode === '100755' ? 0o755 : 0o644, symlink: entry.mode === '120000' });
  }
  return states;
}

/** The paths a list of changes involves (both sides of a rename). */
function pathsOf(changes: Pick<FileListEntry, 'path' | 'oldPath'>[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path])))];
}

/** Write `paths` as they are in `commit`, all or nothing. */
async function restorePaths(repo: string, commit: string, paths: string[]): Promise<void> {
  const states = await statesAt(repo, commit, paths);
  const batch = new WriteBatch(repo);
  try {
    for (const [p, state] of states) await batch.set(await insideRoot(repo, p), state);
  } catch (err) {
    await batch.rollback();
    throw err;
  }
}

export interface RevertResult {
  /** Paths written or removed. */
  restored: string[];
}

/** Put one file back as it was at the checkpoint (both paths, if it was renamed). */
export async function revertFile(repo: string, checkpoint: Commitish, file: string): Promise<RevertResult> {
  const change = (await listChanges(repo, checkpoint.commit, { counts: false })).find(
    (c) => c.path === file || c.oldPath === file,
  );
  if (!change) return { restored: [] };
  const paths = pathsOf([change]);
  await restorePaths(repo, checkpoint.commit, paths);
  return { restored: paths };
}

/** Undo some hunks of a file's change since the checkpoint, leaving its other changes as they are. */
export async function revertHunks(
  repo: string,
  checkpoint: Commitish,
  file: string,
  hunkIndexes: number[],
): Promise<RevertResult & { change: FileChange }> {
  const entry = (await listChanges(repo, checkpoint.commit, { counts: false })).find((c) => c.path === file);
  const change = entry && (await fileDiff(repo, checkpoint.commit, entry));
  if (!change) throw new Error(`${file} has no changes since the checkpoint`);
  if (change.kind === 'deleted') throw new Error(`${file} was deleted; revert the whole file instead`);
  const full = await insideRoot(repo, change.path);
  const current = (await readOrNull(repo, full)) ?? Buffer.alloc(0);
  // The change seen backwards: its hunks turn the current file into the checkpoint's.
  const next = applyHunks(current, reverseChange(change), hunkIndexes);
  const batch = new WriteBatch(repo);
  await batch.set(full, { bytes: next });
  return { restored: [change.path], change };
}

/** Restore every file changed since the checkpoint (or just `paths` of them); other files are left alone. */
export async function revertAll(
  repo: string,
  checkpoint: Commitish,
  options: { paths?: string[] } = {},
): Promise<RevertResult> {
  let paths = pathsOf(await listChanges(repo, checkpoint.commit, { counts: false }));
  if (options.paths) {
    const only = new Set(options.paths.map((p) => p.split(path.sep).join('/')));
    paths = paths.filter((p) => only.has(p));
  }
  if (paths.length > 0) await restorePaths(repo, checkpoint.commit, paths);
  return { restored: paths };
}

/** Files that differ between two checkpoints: what a turn changed, whatever happened after it. */
async function pathsBetween(repo: string, from: string, to: string): Promise<string[]> {
  const out = await git(repo, ['diff', '--name-only', '-z', '--no-renames', from, to]);
  return out.toString('utf8').split('\0').filter(Boolean);
}

export interface UndoResult extends RevertResult {
  /** The turn's start, as undone to. */
  start: string;
  /** The tree as it was before the undo: what redoTurn puts back, for the `restored` paths only. */
  redo: Checkpoint;
}

/**
 * Undo a turn: checkpoint the present (the redo point), then put back the turn's start for the files
 * the turn changed (between `start` and `end`, the checkpoint taken when it finished; without `end`,
 * everything changed since `start`). Files the turn did not touch keep whatever they hold now.
 */
export async function undoTurn(repo: string, session: string, start: Commitish, end?: Commitish): Promise<UndoResult> {
  const redo = await createCheckpoint(repo, session, 'redo');
  const paths = await pathsBetween(repo, start.commit, (end ?? redo).commit);
  if (paths.length > 0) await restorePaths(repo, start.commit, paths);
  return { start: start.commit, redo, restored: paths };
}

/**
 * Redo an undone turn: the files the undo put back get their redo-point contents again. Refused,
 * with nothing written, if one of them was edited after the undo.
 */
export async function redoTurn(
  repo: string,
  undo: Pick<UndoResult, 'start' | 'redo' | 'restored'>,
): Promise<RevertResult> {
  const paths = undo.restored;
  const expected = await statesAt(repo, undo.start, paths);
  for (const p of paths) {
    const now = await readOrNull(repo, await insideRoot(repo, p));
    const want = expected.get(p);
    if ((now === null) !== (want == null) || (now && want && !now.equals(want.bytes))) {
      throw new Error(`Cannot redo: ${p} changed after the undo. Nothing was written.`);
    }
  }
  if (paths.length > 0) await restorePaths(repo, undo.redo.commit, paths);
  return { restored: paths };
}
