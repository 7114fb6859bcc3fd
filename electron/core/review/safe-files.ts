/**
 * Writing into the person's tree: paths are checked to stay inside the root (no absolute paths, no
 * `..`, no symlinked parent leading out), files are replaced by rename so a reader never sees half
 * a file, and a batch can be rolled back to what was there before.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The absolute path of a repository-relative one, refusing anything that leads outside `root`. */
export async function insideRoot(root: string, rel: string): Promise<string> {
  const normal = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (rel === '' || path.isAbsolute(rel) || normal === '..' || normal.startsWith('../') || normal.split('/').includes('.git')) {
    throw new Error(`refusing to write outside the working tree: ${rel}`);
  }
  const full = path.join(root, normal);
  // The nearest existing parent must resolve inside the root (a symlinked folder could lead out).
  let parent = path.dirname(full);
  for (;;) {
    try {
      const real = await fs.realpath(parent);
      const realRoot = await fs.realpath(root);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error(`refusing to write through a link out of the working tree: ${rel}`);
      return full;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      parent = path.dirname(parent);
    }
  }
}

/** The bytes of a regular file, or null when nothing is there. A symlink is read as its target text, as git stores it. */
export async function readOrNull(full: string): Promise<Buffer | null> {
  try {
    const stat = await fs.lstat(full);
    if (stat.isSymbolicLink()) return Buffer.from(await fs.readlink(full), 'utf8');
    if (!stat.isFile()) return null;
    return await fs.readFile(full);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

export type FileState = { bytes: Buffer; mode?: number; symlink?: boolean } | null;

interface Saved {
  full: string;
  original: { bytes: Buffer; mode: number; symlink: boolean } | null;
}

/** A batch of writes and removals that can be undone if a later one fails. */
export class WriteBatch {
  private readonly saved: Saved[] = [];

  constructor(private readonly root: string) {}

  async set(full: string, state: FileState): Promise<void> {
    this.saved.push({ full, original: await snapshot(full) });
    await setFile(this.root, full, state);
  }

  async rollback(): Promise<void> {
    for (const { full, original } of this.saved.reverse()) {
      await setFile(this.root, full, original ? { bytes: original.bytes, mode: original.mode, symlink: original.symlink } : null).catch(() => {});
    }
  }
}

async function snapshot(full: string): Promise<Saved['original']> {
  try {
    const stat = await fs.lstat(full);
    if (stat.isSymbolicLink()) return { bytes: Buffer.from(await fs.readlink(full)), mode: 0o777, symlink: true };
    if (!stat.isFile()) return null;
    return { bytes: await fs.readFile(full), mode: stat.mode & 0o7777, symlink: false };
  } catch {
    return null;
  }
}

/** Put `state` at `full` (null: remove it, and the folders that leaves empty, as git checkout does). */
export async function setFile(root: string, full: string, state: FileState): Promise<void> {
  if (state === null) {
    await fs.rm(full, { force: true });
    for (let dir = path.dirname(full); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      if ((await fs.readdir(dir).catch(() => ['?'])).length > 0) break;
      await fs.rmdir(dir).catch(() => {});
    }
    return;
  }
  await fs.mkdir(path.dirname(full), { recursive: true });
  const temp = `${full}.trellis-${process.pid}-${Date.now().toString(36)}`;
  if (state.symlink) {
    await fs.symlink(state.bytes.toString('utf8'), temp);
  } else {
    const mode = state.mode ?? (await fs.stat(full).then((s) => s.mode & 0o7777, () => 0o644));
    await fs.writeFile(temp, state.bytes, { mode });
    await fs.chmod(temp, mode); // writeFile's mode is filtered by the umask; a kept mode should stay as it was
  }
  await fs.rename(temp, full);
}
