/**
 * Puts a computed plan on disk all or nothing: every new content goes to a temporary sibling first
 * (so a full disk fails before anything changed), then each is renamed into place, then deletes and
 * move sources go. On any failure the steps already taken are undone from the in-memory originals.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFsError, type ConfinedFs } from '../security/confined-fs';
import type { ChangePlan, DiskState } from './compute-changes';
import { ioError, PatchError } from './patch-error';

/** The file operations a commit uses; tests substitute one that fails on cue. */
export interface CommitIo {
  writeFile(file: string, data: Buffer): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  rmdir(dir: string): Promise<void>;
  symlink(target: string, file: string): Promise<void>;
  isDirectory(file: string): Promise<boolean | null>;
}

export const nodeCommitIo: CommitIo = {
  // 'wx': a temporary name that somehow exists is an error, never something to overwrite.
  writeFile: (file, data) => fs.writeFile(file, data, { flag: 'wx' }),
  chmod: (file, mode) => fs.chmod(file, mode),
  rename: (from, to) => fs.rename(from, to),
  unlink: (file) => fs.unlink(file),
  mkdir: (dir) => fs.mkdir(dir).then(() => undefined),
  rmdir: (dir) => fs.rmdir(dir),
  symlink: (target, file) => fs.symlink(target, file),
  isDirectory: (file) =>
    fs.stat(file).then(
      (stat) => stat.isDirectory(),
      () => null,
    ),
};

/**
 * The operations through confined-fs: no symlink or swapped folder on the way is followed and no protected
 * place is written, whatever a sandboxed command does to the tree between the plan and the commit.
 */
export function confinedCommitIo(cfs: ConfinedFs): CommitIo {
  return {
    writeFile: (file, data) => cfs.createExclusive(file, data),
    chmod: (file, mode) => cfs.chmod(file, mode),
    rename: (from, to) => cfs.rename(from, to),
    unlink: (file) => cfs.unlink(file),
    mkdir: (dir) => cfs.mkdir(dir),
    rmdir: (dir) => cfs.rmdir(dir),
    symlink: (target, file) => cfs.symlink(target, file),
    isDirectory: async (file) => {
      const stat = await cfs.lstat(file);
      if (stat?.isSymbolicLink())
        throw new ConfinedFsError('ELOOP', `Refusing to touch ${file}: a symlink stands on its path.`);
      return stat === null ? null : stat.isDirectory();
    },
  };
}

export async function commitChanges(plan: ChangePlan, io: CommitIo = nodeCommitIo): Promise<void> {
  const undo: (() => Promise<void>)[] = [];
  const temps = new Set<string>();
  const staged: { temp: string; key: string; display: string; original: DiskState }[] = [];
  let step = '';
  try {
    for (const write of plan.writes) {
      step = `Failed to create parent directories for ${write.display}`;
      await createParents(path.dirname(write.key), io, (dir) => undo.push(() => io.rmdir(dir)));
      step = `Failed to write file ${write.display}`;
      const temp = tempSibling(write.key);
      temps.add(temp);
      await io.writeFile(temp, write.bytes);
      // An overwritten file keeps its permissions, as it would if written in place.
      if (write.original.kind === 'file') await io.chmod(temp, write.original.mode);
      staged.push({ temp, key: write.key, display: write.display, original: write.original });
    }
    for (const file of staged) {
      step = `Failed to write file ${file.display}`;
      await io.rename(file.temp, file.key);
      temps.delete(file.temp);
      undo.push(() => restore(file.key, file.original, io));
    }
    for (const removal of plan.removals) {
      step =
        removal.reason === 'move'
          ? `Failed to remove original ${removal.display}`
          : `Failed to delete file ${removal.display}`;
      await io.unlink(removal.key);
      undo.push(() => restore(removal.key, removal.original, io));
    }
  } catch (err) {
    const failed = ioError(step, err);
    const unrestored: string[] = [];
    for (const temp of temps) await io.unlink(temp).catch(() => undefined);
    for (const action of undo.reverse()) {
      await action().catch((undoErr: Error) => unrestored.push(undoErr.message));
    }
    if (unrestored.length === 0) throw failed;
    throw new PatchError(
      'io',
      `${failed.message}\nRolling back failed too, the tree may be partly patched: ${unrestored.join('; ')}`,
    );
  }
}

/** Put back what was at `key` before the patch. */
async function restore(key: string, original: DiskState, io: CommitIo): Promise<void> {
  if (original.kind === 'absent') {
    await io.unlink(key).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  } else if (original.kind === 'file') {
    const temp = tempSibling(key);
    await io.writeFile(temp, original.bytes);
    await io.chmod(temp, original.mode);
    await io.rename(temp, key);
  } else if (original.kind === 'symlink') {
    await io.symlink(original.link, key);
  }
  // Folders and special files are refused before the commit, so they are never changed.
}

/** mkdir -p that reports each folder it makes, outermost first, so a rollback can remove them innermost first. */
async function createParents(dir: string, io: CommitIo, created: (dir: string) => void): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = path.dirname(at)) {
    const isDir = await io.isDirectory(at);
    if (isDir) break;
    if (isDir === false) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
    if (path.dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) {
    await io.mkdir(folder);
    created(folder);
  }
}

function tempSibling(file: string): string {
  // Hidden, recognisable, and short enough that a long file name still leaves a valid one.
  const base = path.basename(file).slice(0, 180);
  return path.join(path.dirname(file), `.${base}.trellis-patch-${randomBytes(6).toString('hex')}.tmp`);
}
