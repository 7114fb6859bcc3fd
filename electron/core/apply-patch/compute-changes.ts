/**
 * Every operation of a patch worked out in memory against a view of the tree, in patch order (so a
 * second hunk on a file sees the first one's result, as with Codex's sequential patcher), with every
 * precondition checked. Nothing is written here: commit-changes.ts does that, all or nothing.
 */
import fs from 'node:fs/promises';
import type { ConfinedFs } from '../security/confined-fs';
import { applyChunks } from './apply-chunks';
import type { PatchHunk } from './parse-patch';
import { ioError, PatchError } from './patch-error';
import { PathResolver, type ResolvedPath } from './resolve-patch-path';
import { decodeText, encodeText, type TextFile } from './text-file';

export interface PatchChange {
  /** The path as the patch wrote it (the destination, for a move). */
  path: string;
  kind: 'add' | 'update' | 'delete';
  movedFrom?: string;
}

/** What is at a path on disk before the patch; what a rollback puts back. */
export type DiskState =
  | { kind: 'absent'; code: string }
  | { kind: 'file'; bytes: Buffer; mode: number }
  | { kind: 'symlink'; link: string }
  | { kind: 'dir' }
  | { kind: 'other' };

export interface PlannedWrite {
  /** Absolute real path. */
  key: string;
  /** The path as the patch wrote it, for messages. */
  display: string;
  bytes: Buffer;
  original: DiskState;
}

export interface PlannedRemoval {
  key: string;
  display: string;
  /** A move's source is "removed original" in Codex's messages, a Delete is "deleted". */
  reason: 'delete' | 'move';
  original: DiskState;
}

export interface ChangePlan {
  /** One per operation, in patch order. */
  changes: PatchChange[];
  /** Final contents, in the order the files were first touched. */
  writes: PlannedWrite[];
  removals: PlannedRemoval[];
}

type Content = Buffer | TextFile;

interface Slot {
  key: string;
  display: string;
  original: DiskState;
  /** The state after the hunks so far; undefined while it is still the original. */
  next?: { kind: 'absent' } | { kind: 'file'; content: Content };
  removalReason?: 'delete' | 'move';
}

export interface PlanOptions {
  cwd: string;
  writableRoots?: readonly string[];
  /** Inside the roots but never written (.git, .trellis). */
  readOnlyPaths?: readonly string[];
  /** When given, files are read through it (nothing on the way followed), as they will be written. */
  confined?: ConfinedFs;
}

export async function computeChanges(hunks: readonly PatchHunk[], options: PlanOptions): Promise<ChangePlan> {
  const resolver = await PathResolver.create(options.cwd, options.writableRoots, options.readOnlyPaths);
  // Resolve every path first: a patch that reaches outside the roots is refused before anything is read.
  const resolved = new Map<string, ResolvedPath>();
  for (const hunk of hunks) {
    for (const written of hunk.type === 'update' && hunk.movePath !== null ? [hunk.path, hunk.movePath] : [hunk.path]) {
      resolved.set(written, await resolver.resolve(written));
    }
  }
  const tree = new TreeView(options.confined);
  const changes: PatchChange[] = [];
  for (const hunk of hunks) {
    const where = resolved.get(hunk.path)!;
    if (hunk.type === 'add') {
      const slot = await tree.slot(writeTarget(where, hunk.path), hunk.path);
      checkWritable(slot, where, hunk.path);
      slot.next = { kind: 'file', content: Buffer.from(hunk.contents, 'utf8') };
      changes.push({ path: hunk.path, kind: 'add' });
    } else if (hunk.type === 'delete') {
      const slot = await tree.slot(where.entry, hunk.path);
      const state = current(slot);
      if (state.kind === 'missing') throw ioError(`Failed to delete file ${hunk.path}`, state);
      if (state.kind === 'dir') throw ioError(`Failed to delete file ${hunk.path}`, { code: 'EISDIR' });
      if (state.kind === 'other') throw new PatchError('io', `Failed to delete file ${hunk.path}: not a regular file`);
      slot.next = { kind: 'absent' };
      slot.removalReason = 'delete';
      changes.push({ path: hunk.path, kind: 'delete' });
    } else {
      // A symlink that leads nowhere reads as a missing file, as it would for Codex.
      if (where.target === null) throw ioError(`Failed to read file to update ${hunk.path}`, { code: 'ENOENT' });
      const source = await tree.slot(where.target, hunk.path);
      const updated = applyChunks(readText(source, hunk.path), hunk.chunks, hunk.path);
      if (hunk.movePath === null) {
        source.next = { kind: 'file', content: updated };
        changes.push({ path: hunk.path, kind: 'update' });
        continue;
      }
      const destWhere = resolved.get(hunk.movePath)!;
      const destKey = writeTarget(destWhere, hunk.movePath);
      const dest = await tree.slot(destKey, hunk.movePath);
      checkWritable(dest, destWhere, hunk.movePath);
      dest.next = { kind: 'file', content: updated };
      // Codex writes the destination, then removes the source; a move onto itself would delete the
      // file there, which cannot be what was meant, so it only updates.
      if (where.entry !== destKey) {
        const origin = await tree.slot(where.entry, hunk.path);
        origin.next = { kind: 'absent' };
        origin.removalReason = 'move';
      }
      changes.push({ path: hunk.movePath, kind: 'update', movedFrom: hunk.path });
    }
  }
  return tree.plan(changes);
}

function writeTarget(where: ResolvedPath, written: string): string {
  if (where.target === null)
    throw new PatchError('io', `Failed to write file ${written}: it is a symlink that leads nowhere`);
  return where.target;
}

function checkWritable(slot: Slot, where: ResolvedPath, written: string): void {
  if (where.blocked) throw ioError(`Failed to create parent directories for ${written}`, { code: where.blocked });
  const { kind } = current(slot);
  if (kind === 'dir') throw ioError(`Failed to write file ${written}`, { code: 'EISDIR' });
  if (kind === 'other' || kind === 'symlink')
    throw new PatchError('io', `Failed to write file ${written}: not a regular file`);
}

type Present =
  { kind: 'content'; content: Content } | { kind: 'missing'; code: string } | { kind: 'dir' | 'symlink' | 'other' };

/** What is at the slot now, after the hunks so far; a missing file carries the errno a read would get. */
function current(slot: Slot): Present {
  if (slot.next)
    return slot.next.kind === 'file'
      ? { kind: 'content', content: slot.next.content }
      : { kind: 'missing', code: 'ENOENT' };
  const original = slot.original;
  if (original.kind === 'absent') return { kind: 'missing', code: original.code };
  if (original.kind === 'file') return { kind: 'content', content: original.bytes };
  return { kind: original.kind };
}

function readText(slot: Slot, written: string): TextFile {
  const context = `Failed to read file to update ${written}`;
  const state = current(slot);
  if (state.kind === 'missing') throw ioError(context, state);
  if (state.kind === 'dir') throw ioError(context, { code: 'EISDIR' });
  if (state.kind !== 'content') throw new PatchError('io', `${context}: not a regular file`);
  if (!Buffer.isBuffer(state.content)) return state.content;
  const text = decodeText(state.content);
  if (!text) throw new PatchError('io', `${context}: stream did not contain valid UTF-8`);
  return text;
}

class TreeView {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly confined?: ConfinedFs) {}

  async slot(key: string, display: string): Promise<Slot> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { key, display, original: await readDiskState(key, display, this.confined) };
      this.slots.set(key, slot);
    }
    slot.display = display;
    return slot;
  }

  plan(changes: PatchChange[]): ChangePlan {
    const writes: PlannedWrite[] = [];
    const removals: PlannedRemoval[] = [];
    for (const { key, display, original, next, removalReason } of this.slots.values()) {
      if (next?.kind === 'file') {
        writes.push({
          key,
          display,
          original,
          bytes: Buffer.isBuffer(next.content) ? next.content : encodeText(next.content),
        });
      } else if (next?.kind === 'absent' && original.kind !== 'absent') {
        removals.push({ key, display, original, reason: removalReason ?? 'delete' });
      }
    }
    return { changes, writes, removals };
  }
}

async function readDiskState(key: string, display: string, confined?: ConfinedFs): Promise<DiskState> {
  const io = confined ?? {
    lstat: (f: string) => fs.lstat(f),
    readlink: (f: string) => fs.readlink(f),
    readFile: (f: string) => fs.readFile(f),
  };
  try {
    const stat = await io.lstat(key);
    if (stat === null) return { kind: 'absent', code: 'ENOENT' };
    if (stat.isSymbolicLink()) return { kind: 'symlink', link: await io.readlink(key) };
    if (stat.isDirectory()) return { kind: 'dir' };
    if (!stat.isFile()) return { kind: 'other' };
    return { kind: 'file', bytes: await io.readFile(key), mode: stat.mode & 0o7777 };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent', code };
    throw ioError(`Failed to read ${display}`, err);
  }
}
