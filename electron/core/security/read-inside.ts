/**
 * Reading a repository's file for the model (AGENTS.md, steering): a shipped or planted symlink
 * (`AGENTS.md -> ~/.ssh/id_ed25519`) would make Trellis, outside the sandbox, read what the sandbox hides
 * and hand it to the model. The file must really be inside `root`; it is read through confined-fs, so a
 * swap after the check is refused too. Anything else reads as absent.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from './confined-fs';

export type InsideRead = { ok: true; data: Buffer } | { ok: false; why: 'missing' | 'outside' | 'not-a-file' };

export async function readFileInside(root: string, file: string): Promise<InsideRead> {
  const real = await fs.realpath(file).catch(() => null);
  if (real === null) return { ok: false, why: 'missing' };
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep))
    return { ok: false, why: 'outside' };
  try {
    return { ok: true, data: await (await ConfinedFs.create({ roots: [realRoot] })).readFile(real) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, why: 'missing' };
    if (code === 'EINVAL' || code === 'EISDIR') return { ok: false, why: 'not-a-file' };
    return { ok: false, why: 'outside' };
  }
}
