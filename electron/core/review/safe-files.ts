/**
 * Writing into the person's tree: paths are checked to stay inside the root (no absolute paths, no
 * `..`, no symlinked parent leading out), files are replaced by rename so a reader never sees half
 * a file, and a batch can be rolled back to what was there before.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from '../security/confined-fs';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The absolute path of a repository-relative one, refusing anything that leads outside `root`. */
export async function insideRoot(root: string, rel: string): Promise<string> {
  const normal = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (
    rel === '' ||
    path.isAbsolute(rel) ||
    normal === '..' ||
    normal.startsWith('../') ||
    normal.split('/').includes('.git')
  ) {
    throw new Error(`refusing to write outside the working tree: ${rel}`);
  }
  const full = path.join(root, normal);
  // The nearest existing parent must resolve inside the root (a symlinked folder could lead out).
  let parent = path.dirname(full);
  for (;;) {
    try {
      const real = await fs.realpath(parent);
      const realRoot = await fs.realpath(root);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep))
        throw new Error(`refusing to write through a link out of the working tree: ${rel}`);
      return full;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      parent = path.dirname(parent);
    }
  }
}

/** One confined view per root, so every read and write below walks from it without following a symlink. */
function confinedAt(root: string, readOnly: readonly string[] = []): Promise<ConfinedFs> {
  return ConfinedFs.create({ roots: [root], readOnly });
}

/**
 * The bytes of a regular file, or null when nothing is there. A symlink is read as its target text, as git stores
 * it; a symlink or file standing where a folder on the way should be is refused, never followed.
 */
export async function readOrNull(root: string, full: string): Promise<Buffer | null> {
  const cfs = await confinedAt(root);
  const stat = await cfs.lstat(full);
  if (stat === null) return null;
  if (stat.isSymbolicLink()) return Buffer.from(await cfs.readlink(full), 'utf8');
  if (!stat.isFile()) return null;
  return cfs.readFile(full);
}

export type FileState = { bytes: Buffer; mode?: number; symlink?: boolean } | null;

interface Saved {
  full: string;
  original: { bytes: Buffer; mode: number; symlink: boolean } | null;
}

/** A batch of writes and removals that can be undone if a later one fails. */
export class WriteBatch {
  private readonly saved: Saved[] = [];

  /** `readOnly`: places inside the root that are refused like .git and .trellis (the sandbox's read-only places). */
  constructor(
    private readonly root: string,
    private readonly readOnly: readonly string[] = [],
  ) {}

  async set(full: string, state: FileState): Promise<void> {
    const cfs = await confinedAt(this.root, this.readOnly);
    this.saved.push({ full, original: await snapshot(cfs, full) });
    await setConfined(cfs, this.root, full, state);
  }

  async rollback(): Promise<void> {
    const cfs = await confinedAt(this.root);
    for (const { full, original } of this.saved.reverse()) {
      await setConfined(
        cfs,
        this.root,
        full,
        original ? { bytes: original.bytes, mode: original.mode, symlink: original.symlink } : null,
      ).catch(() => {});
    }
  }
}

async function snapshot(cfs: ConfinedFs, full: string): Promise<Saved['original']> {
  const stat = await cfs.lstat(full);
  if (stat === null) return null;
  if (stat.isSymbolicLink()) return { bytes: Buffer.from(await cfs.readlink(full)), mode: 0o777, symlink: true };
  if (!stat.isFile()) return null;
  return { bytes: await cfs.readFile(full), mode: stat.mode & 0o7777, symlink: false };
}

/**
 * Put `state` at `full` (null: remove it, and the folders that leaves empty, as git checkout does). Every step
 * goes through confined-fs: a folder swapped for a symlink (`x -> .git`) after the review was shown is refused
 * where it is written, by its real location, and .git, .trellis are never written.
 */
export async function setFile(root: string, full: string, state: FileState): Promise<void> {
  await setConfined(await confinedAt(root), root, full, state);
}

async function setConfined(cfs: ConfinedFs, root: string, full: string, state: FileState): Promise<void> {
  if (state === null) {
    await cfs.unlink(full).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    // rmdir fails on a folder that is not empty: that is where the climb stops.
    for (let dir = path.dirname(full); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      if (
        !(await cfs.rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
    return;
  }
  const rel = path.relative(root, path.dirname(full));
  let dir = root;
  for (const part of rel ? rel.split(path.sep) : []) {
    dir = path.join(dir, part);
    await cfs.mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
  if (state.symlink) await cfs.symlink(state.bytes.toString('utf8'), full);
  else await cfs.writeFile(full, state.bytes, state.mode !== undefined ? { mode: state.mode } : {});
}
