import fs from 'node:fs/promises';
import path from 'node:path';
import { ioError, PatchError } from './patch-error';

export interface ResolvedPath {
  /** Where the directory entry lives: the real parent folder plus the name. A symlink here is not followed. */
  entry: string;
  /** Where the content lives: `entry`, or where a symlink at `entry` leads; null for a broken symlink. */
  target: string | null;
  /** Set when an existing ancestor that is not a folder stands where a parent folder would be created. */
  blocked: 'EEXIST' | 'ENOTDIR' | null;
}

/**
 * Resolves the paths a patch names, refusing any that end up outside the writable roots once `..`
 * and symlinks (in the folders above, or the file itself) are followed. Real paths are compared,
 * so a symlinked working folder is fine.
 */
export class PathResolver {
  private readonly cache = new Map<string, Promise<ResolvedPath>>();

  private constructor(
    private readonly cwd: string,
    private readonly roots: string[],
    private readonly readOnly: string[],
  ) {}

  /** `readOnlyPaths`: places inside the roots that stay read-only (.git, .trellis), as the sandbox keeps them. */
  static async create(
    cwd: string,
    writableRoots: readonly string[] = [cwd],
    readOnlyPaths: readonly string[] = [],
  ): Promise<PathResolver> {
    let realCwd: string;
    try {
      realCwd = await fs.realpath(cwd);
    } catch (err) {
      throw ioError(`Failed to open the working folder ${cwd}`, err);
    }
    const roots = await Promise.all(
      writableRoots.map(async (root) => {
        const absolute = path.resolve(cwd, root);
        return fs.realpath(absolute).catch(() => absolute);
      }),
    );
    const readOnly = await Promise.all(
      readOnlyPaths.map((p) => fs.realpath(path.resolve(cwd, p)).catch(() => path.resolve(cwd, p))),
    );
    return new PathResolver(realCwd, roots, readOnly);
  }

  resolve(written: string): Promise<ResolvedPath> {
    let resolved = this.cache.get(written);
    if (!resolved) this.cache.set(written, (resolved = this.resolveUncached(written)));
    return resolved;
  }

  private async resolveUncached(written: string): Promise<ResolvedPath> {
    if (written.includes('\0'))
      throw new PatchError(
        'outside-roots',
        `Refusing to patch ${JSON.stringify(written)}: a path cannot contain a NUL character.`,
      );
    const absolute = path.resolve(this.cwd, written);
    // The deepest folder above that exists, in real terms, plus the names still to be created.
    let dir = path.dirname(absolute);
    const missing: string[] = [];
    let real: string;
    for (;;) {
      try {
        real = await fs.realpath(dir);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw ioError(`Failed to resolve ${written}`, err);
        missing.unshift(path.basename(dir));
        dir = path.dirname(dir);
      }
    }
    const isFolder = (await fs.stat(real)).isDirectory();
    const entry = path.join(real, ...missing, path.basename(absolute));
    if (!this.isInside(entry)) {
      throw new PatchError(
        'outside-roots',
        `Refusing to patch ${written}: it resolves to ${entry}, ${outsideRoots(this.roots)}.`,
      );
    }
    this.refuseReadOnly(written, entry);
    let target: string | null = entry;
    const stat = await fs.lstat(entry).catch(() => null);
    if (stat?.isSymbolicLink()) {
      target = await fs.realpath(entry).catch(() => null);
      if (target !== null && !this.isInside(target)) {
        throw new PatchError(
          'outside-roots',
          `Refusing to patch ${written}: it is a symlink to ${target}, ${outsideRoots(this.roots)}.`,
        );
      }
      if (target !== null) this.refuseReadOnly(written, target);
    }
    return { entry, target, blocked: isFolder ? null : missing.length === 0 ? 'EEXIST' : 'ENOTDIR' };
  }

  private refuseReadOnly(written: string, real: string): void {
    const hit = this.readOnly.find((ro) => real === ro || real.startsWith(ro + path.sep));
    if (hit) throw new PatchError('outside-roots', `Refusing to patch ${written}: ${hit} stays read-only.`);
  }

  private isInside(candidate: string): boolean {
    return this.roots.some(
      (root) => candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
    );
  }
}

/** "outside the writable roots (a, b)", or, with none, that nothing is writable: never an empty list. */
export function outsideRoots(roots: readonly string[]): string {
  return roots.length
    ? `outside the writable roots (${roots.join(', ')})`
    : 'and no folder is writable under this sandbox mode';
}
