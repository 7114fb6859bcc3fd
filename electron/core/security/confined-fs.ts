/**
 * Confined file operations: the one way Trellis writes on the agent's or a repository's behalf (apply_patch,
 * review's apply and revert, spec edits, output files). A sandboxed command may run at the same time and swap
 * any folder for a symlink, so a path checked earlier proves nothing when it is written.
 *
 * Linux: openat/renameat emulated from plain Node. The root is opened as a directory fd, then each component
 * is opened relative to the previous fd through `/proc/self/fd/<fd>/<name>` with O_DIRECTORY | O_NOFOLLOW (a
 * symlink or a file where a folder should be is refused by the kernel). The final step (create with
 * O_CREAT | O_EXCL | O_NOFOLLOW, rename, unlink, mkdir) names its entry relative to the verified parent fd:
 * rename and unlink never follow their last component, and the fd keeps pointing at the folder that was
 * checked, whatever happens to its path. The parent's real location (readlink of the fd) is checked against
 * the protected places just before the change.
 *
 * Elsewhere (macOS, Windows: no /proc/self/fd) each component is lstat'ed, then used by path, and the
 * parent's real path is checked again afterwards. A swap between the check and the use can still win
 * there: that race window remains (unverified on hardware).
 */
import { randomBytes } from 'node:crypto';
import { constants, existsSync, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ExpectedFailure } from '../errors/expected-failure';

/** Folder names never written into below a root, as the sandbox keeps them read-only. */
export const CONFINED_PROTECTED_NAMES = ['.git', '.trellis'];

const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd');
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A refused or failed confined operation; `code` is the errno-like cause (ELOOP for a symlink in the way). */
export class ConfinedFsError extends ExpectedFailure {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ConfinedFsError';
  }
}

export interface ConfinedScope {
  /** Folders that may be written; every path must lie in one. */
  roots: readonly string[];
  /** Places inside the roots that stay read-only (the Trellis home, start-up files, deny-read paths...). */
  readOnly?: readonly string[];
  /** Names refused as any component below a root (default: .git, .trellis). A root that is `/` checks none. */
  protectedNames?: readonly string[];
  /** For tests: force the path-by-path walk used where /proc/self/fd does not exist. */
  walk?: 'proc-fd' | 'lstat';
}

interface Root {
  given: string;
  real: string;
}

/** The open parent folder of an entry: `at(name)` is the path to use for a call on that entry. */
interface Parent {
  at(name: string): string;
  /** Where the folder really is now. */
  real(): Promise<string>;
  close(): Promise<void>;
}

export class ConfinedFs {
  private constructor(
    private readonly roots: Root[],
    private readonly readOnly: string[],
    private readonly protectedNames: readonly string[],
    private readonly procFd: boolean,
  ) {}

  static async create(scope: ConfinedScope): Promise<ConfinedFs> {
    const roots = await Promise.all(
      scope.roots.map(async (r) => ({
        given: path.resolve(r),
        real: await fs.realpath(r).catch(() => path.resolve(r)),
      })),
    );
    // Deepest first, so a path is walked from the nearest root.
    roots.sort((a, b) => b.real.length - a.real.length);
    const readOnly = await Promise.all((scope.readOnly ?? []).map((p) => fs.realpath(p).catch(() => path.resolve(p))));
    return new ConfinedFs(
      roots,
      readOnly,
      scope.protectedNames ?? CONFINED_PROTECTED_NAMES,
      scope.walk ? scope.walk === 'proc-fd' && PROC_FD : PROC_FD,
    );
  }

  /** Replace (or create) `file` with `bytes` through a temporary sibling and a rename; a symlink there is replaced, never followed. */
  async writeFile(file: string, bytes: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    await this.withParent(file, 'write', async (parent, name) => {
      const existing = await fs.lstat(parent.at(name)).catch(() => null);
      if (existing?.isDirectory()) throw new ConfinedFsError('EISDIR', `Refusing to write ${file}: a folder is there.`);
      const mode = options.mode ?? (existing?.isFile() ? existing.mode & 0o7777 : 0o644);
      const temp = tempName(name);
      await createExclusive(parent.at(temp), bytes, mode);
      await this.renameIntoPlace(parent, temp, name, file);
    });
  }

  /** Create `file`, failing if anything (a symlink included) is there. The mode is the umask's unless given. */
  async createExclusive(file: string, bytes: Buffer | string, mode?: number): Promise<void> {
    await this.withParent(file, 'write', (parent, name) => createExclusive(parent.at(name), bytes, mode));
  }

  /** A replacing symlink, made as a temporary sibling and renamed into place. */
  async symlink(target: string, file: string): Promise<void> {
    await this.withParent(file, 'write', async (parent, name) => {
      const temp = tempName(name);
      await fs.symlink(target, parent.at(temp));
      await this.renameIntoPlace(parent, temp, name, file);
    });
  }

  /** The last step of every replacing write: the parent checked once more, then one rename that never follows `name`. */
  private async renameIntoPlace(parent: Parent, temp: string, name: string, file: string): Promise<void> {
    try {
      await this.verifyParent(parent, name, file, 'write');
      await fs.rename(parent.at(temp), parent.at(name));
    } catch (err) {
      await fs.unlink(parent.at(temp)).catch(() => undefined);
      throw err;
    }
  }

  /** chmod of a regular file, never through a symlink. */
  async chmod(file: string, mode: number): Promise<void> {
    await this.withParent(file, 'write', async (parent, name) => {
      const handle = await fs
        .open(parent.at(name), constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        .catch(refuseLink(file));
      try {
        if (!(await handle.stat()).isFile())
          throw new ConfinedFsError('EPERM', `Refusing to change ${file}: it is not a regular file.`);
        await handle.chmod(mode);
      } finally {
        await handle.close();
      }
    });
  }

  /** Rename within the roots; neither side's last component is followed. */
  async rename(from: string, to: string): Promise<void> {
    await this.withParent(from, 'write', (source, fromName) =>
      this.withParent(to, 'write', async (dest, toName) => {
        await this.verifyParent(source, fromName, from, 'write');
        await fs.rename(source.at(fromName), dest.at(toName));
      }),
    );
  }

  async unlink(file: string): Promise<void> {
    await this.withParent(file, 'write', (parent, name) => fs.unlink(parent.at(name)));
  }

  async mkdir(dir: string): Promise<void> {
    await this.withParent(dir, 'write', (parent, name) => fs.mkdir(parent.at(name)));
  }

  async rmdir(dir: string): Promise<void> {
    await this.withParent(dir, 'write', (parent, name) => fs.rmdir(parent.at(name)));
  }

  /** lstat without following anything on the way; null when nothing is there (or a folder on the way is missing). */
  async lstat(file: string): Promise<Stats | null> {
    const root = this.roots.find((r) => path.resolve(file) === r.real || path.resolve(file) === r.given);
    if (root) return fs.stat(root.real);
    return this.withParent(file, 'read', (parent, name) => fs.lstat(parent.at(name))).catch(nullIfMissing);
  }

  async readlink(file: string): Promise<string> {
    return this.withParent(file, 'read', (parent, name) => fs.readlink(parent.at(name)));
  }

  /** The bytes of a regular file, never through a symlink (ELOOP) nor from a fifo or device. */
  async readFile(file: string): Promise<Buffer> {
    return (await this.readHead(file, Infinity)).bytes;
  }

  /** Up to `cap` bytes of a regular file, and its whole size; the same refusals as readFile. */
  async readHead(file: string, cap: number): Promise<{ bytes: Buffer; size: number }> {
    return this.withParent(file, 'read', async (parent, name) => {
      const handle = await fs
        .open(parent.at(name), constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        .catch(refuseLink(file));
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw new ConfinedFsError('EINVAL', `Refusing to read ${file}: it is not a regular file.`);
        if (cap >= stat.size) return { bytes: await handle.readFile(), size: stat.size };
        const buffer = Buffer.alloc(cap);
        const { bytesRead } = await handle.read(buffer, 0, cap, 0);
        return { bytes: buffer.subarray(0, bytesRead), size: stat.size };
      } finally {
        await handle.close();
      }
    });
  }

  /** Opens the parent folder of `file` component by component (no symlink followed), checks it, runs `op`. */
  private async withParent<T>(
    file: string,
    access: 'read' | 'write',
    op: (parent: Parent, name: string) => Promise<T>,
  ): Promise<T> {
    const { root, parts } = this.locate(file);
    const name = parts.pop()!;
    if (access === 'write') this.refuseNames(root, parts, name, file);
    const parent = this.procFd ? await openParentAt(root.real, parts, file) : await lstatParent(root.real, parts, file);
    try {
      if (access === 'write') await this.verifyParent(parent, name, file, access);
      else this.refuseReadOnly(path.join(await this.verifyInside(parent, file), name), file, 'read');
      return await op(parent, name);
    } finally {
      await parent.close();
    }
  }

  private locate(file: string): { root: Root; parts: string[] } {
    if (typeof file !== 'string' || file.includes('\0'))
      throw new ConfinedFsError('EINVAL', `Refusing ${JSON.stringify(file)}: not a usable path.`);
    const absolute = path.resolve(file);
    for (const root of this.roots) {
      for (const base of [root.real, root.given]) {
        const rel = path.relative(base, absolute);
        if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
        return { root, parts: rel.split(path.sep) };
      }
    }
    throw new ConfinedFsError(
      'EXDEV',
      `Refusing to touch ${file}: ${this.roots.length ? `it is outside the writable roots (${this.roots.map((r) => r.given).join(', ')})` : 'no folder is writable here'}.`,
    );
  }

  private refuseNames(root: Root, parts: string[], name: string, file: string): void {
    if (path.dirname(root.real) === root.real) return;
    const hit = [...parts, name].find((part) => this.protectedNames.includes(part));
    if (hit) throw new ConfinedFsError('EACCES', `Refusing to write ${file}: ${hit} stays read-only.`);
  }

  /** The parent, where it really is now, must still be inside a root and the entry outside every read-only place. */
  private async verifyParent(parent: Parent, name: string, file: string, access: 'write'): Promise<void> {
    const real = await this.verifyInside(parent, file);
    this.refuseReadOnly(path.join(real, name), file, access);
    const root = this.roots.find((r) => real === r.real || real.startsWith(r.real + path.sep));
    if (root) this.refuseNames(root, path.relative(root.real, real).split(path.sep).filter(Boolean), name, file);
  }

  /** Read-only places (deny-read ones among them) are neither written nor read on the agent's behalf. */
  private refuseReadOnly(entry: string, file: string, access: 'read' | 'write'): void {
    const hit = this.readOnly.find(
      (ro) => entry === ro || entry.startsWith(ro.endsWith(path.sep) ? ro : ro + path.sep),
    );
    if (hit)
      throw new ConfinedFsError(
        'EACCES',
        `Refusing to ${access} ${file}: ${hit} ${access === 'write' ? 'stays read-only' : 'is off limits'}.`,
      );
  }

  private async verifyInside(parent: Parent, file: string): Promise<string> {
    const real = await parent.real();
    if (
      !this.roots.some(
        (r) => real === r.real || real.startsWith(r.real.endsWith(path.sep) ? r.real : r.real + path.sep),
      )
    ) {
      throw new ConfinedFsError(
        'EXDEV',
        `Refusing to touch ${file}: its folder is now ${real}, outside the writable roots.`,
      );
    }
    return real;
  }
}

/** Walks `parts` below `root` with O_NOFOLLOW directory fds, each opened relative to the last. */
async function openParentAt(root: string, parts: string[], file: string): Promise<Parent> {
  const flags = constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
  let handle = await fs.open(root, flags).catch(refuseLink(file));
  try {
    for (const part of parts) {
      const at = `/proc/self/fd/${handle.fd}/${part}`;
      const next = await fs.open(at, flags).catch(async (err: NodeJS.ErrnoException) => {
        // O_DIRECTORY answers ENOTDIR for a symlink too: tell the two apart for the message.
        if (err.code === 'ENOTDIR' && (await fs.lstat(at).catch(() => null))?.isSymbolicLink())
          err = Object.assign(err, { code: 'ELOOP' });
        return refuseLink(file)(err);
      });
      await handle.close();
      handle = next;
    }
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  const fdPath = `/proc/self/fd/${handle.fd}`;
  return {
    at: (name) => `${fdPath}/${name}`,
    real: () => fs.readlink(fdPath),
    close: () => handle.close(),
  };
}

/** Without /proc/self/fd: each component lstat'ed (no symlink, a folder), then used by path; a race window remains. */
async function lstatParent(root: string, parts: string[], file: string): Promise<Parent> {
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    const stat = await fs.lstat(at).catch((err: NodeJS.ErrnoException) => {
      throw new ConfinedFsError(err.code ?? 'ENOENT', `Cannot reach ${file}: ${at} is missing.`);
    });
    if (stat.isSymbolicLink()) throw new ConfinedFsError('ELOOP', `Refusing to touch ${file}: ${at} is a symlink.`);
    if (!stat.isDirectory()) throw new ConfinedFsError('ENOTDIR', `Refusing to touch ${file}: ${at} is not a folder.`);
  }
  const expected = at;
  return {
    at: (name) => path.join(expected, name),
    real: () => fs.realpath(expected),
    close: async () => undefined,
  };
}

async function createExclusive(at: string, bytes: Buffer | string, mode?: number): Promise<void> {
  const handle = await fs.open(
    at,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
    mode ?? 0o666,
  );
  try {
    await handle.writeFile(bytes);
    // open's mode is filtered by the umask; a kept mode should stay as it was.
    if (mode !== undefined) await handle.chmod(mode);
    // No fsync: the rename makes the change atomic for readers, as the writers before this did; a patch of a
    // thousand files would otherwise wait on the disk a thousand times.
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.unlink(at).catch(() => undefined);
    throw err;
  }
  await handle.close();
}

function tempName(name: string): string {
  // Hidden, recognisable, short enough that a long name still leaves a valid one.
  return `.${name.slice(0, 180)}.trellis-${randomBytes(6).toString('hex')}.tmp`;
}

/** ELOOP/ENOTDIR from an O_NOFOLLOW open mean something was put where a folder or file should be: say so. */
function refuseLink(file: string) {
  return (err: NodeJS.ErrnoException): never => {
    if (err.code === 'ELOOP')
      throw new ConfinedFsError('ELOOP', `Refusing to touch ${file}: a symlink stands on its path.`);
    if (err.code === 'ENOTDIR')
      throw new ConfinedFsError('ENOTDIR', `Refusing to touch ${file}: a file stands where a folder should be.`);
    throw err;
  };
}

function nullIfMissing(err: NodeJS.ErrnoException): null {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
  throw err;
}
