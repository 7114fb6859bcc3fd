/**
 * A proposed change: what the agent wants to write, held back for review. Each file records a hash
 * of the bytes it was computed against, so a decision made later can tell whether the person (or
 * anything else) changed the file meanwhile.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from '../security/confined-fs';
import { computeChanges, type DiskState } from '../apply-patch/compute-changes';
import { parsePatch } from '../apply-patch/parse-patch';
import { PatchError } from '../apply-patch/patch-error';
import type { FileChange } from './change-model';
import { diffContents } from './diff-contents';
import { sha256 } from './safe-files';

export interface ProposedFile {
  change: FileChange;
  /** sha256 of the file (the rename source, for a rename) the change was computed against; null: it did not exist. */
  beforeHash: string | null;
  /** The whole new content (null: deleted); what a whole-file accept writes, e.g. for a binary. */
  after: Buffer | null;
  /** Mode for the written file; the current one is kept when absent. */
  mode?: number;
}

export interface Proposal {
  files: ProposedFile[];
}

export function proposeFile(input: {
  path: string;
  oldPath?: string;
  before: Buffer | null;
  after: Buffer | null;
  mode?: number;
}): ProposedFile {
  return {
    change: diffContents(input),
    beforeHash: input.before === null ? null : sha256(input.before),
    after: input.after,
    ...(input.mode !== undefined ? { mode: input.mode } : {}),
  };
}

/**
 * A Codex-format patch as a proposal, computed by the apply_patch engine's own planner (same
 * parsing, path checks and matching as `applyPatch`, the same `scope` of writable roots and
 * read-only paths), but nothing is written.
 */
export async function proposeFromPatch(
  root: string,
  patchText: string,
  scope: { writableRoots?: readonly string[]; readOnlyPaths?: readonly string[] } = {},
): Promise<{ ok: true; proposal: Proposal } | { ok: false; error: string }> {
  try {
    const { hunks } = parsePatch(patchText);
    if (hunks.length === 0) throw new PatchError('no-changes', 'No files were modified.');
    const realRoot = await fs.realpath(root);
    // Read as apply_patch reads: nothing on the way followed, so a swapped folder cannot put a file from outside in the proposal.
    const confined = await ConfinedFs.create({
      roots: scope.writableRoots ?? [realRoot],
      readOnly: scope.readOnlyPaths,
    });
    const plan = await computeChanges(hunks, { cwd: realRoot, ...scope, confined });
    // Proposal paths are relative to the root, and decisions are applied inside it only.
    const outside = [...plan.writes, ...plan.removals].find(
      (f) => f.key !== realRoot && !f.key.startsWith(realRoot + path.sep),
    );
    if (outside)
      return { ok: false, error: `Reviewed edits must stay inside ${realRoot}: ${outside.display} does not.` };
    const rel = (key: string) => path.relative(realRoot, key).split(path.sep).join('/');
    const bytesOf = (state: DiskState) => (state.kind === 'file' ? state.bytes : null);
    const modeOf = (state: DiskState) => (state.kind === 'file' ? state.mode : undefined);
    const files: ProposedFile[] = [];
    const removals = new Map(plan.removals.map((r) => [r.key, r]));
    for (const write of plan.writes) {
      // A move whose source is removed and whose destination is new reads best as a rename.
      const move = plan.changes.find((c) => c.movedFrom !== undefined && c.path === write.display);
      const source = move ? plan.removals.find((r) => r.reason === 'move' && r.display === move.movedFrom) : undefined;
      if (source && write.original.kind === 'absent') {
        removals.delete(source.key);
        files.push(
          proposeFile({
            path: rel(write.key),
            oldPath: rel(source.key),
            before: bytesOf(source.original),
            after: write.bytes,
            mode: modeOf(source.original),
          }),
        );
      } else {
        files.push(
          proposeFile({
            path: rel(write.key),
            before: bytesOf(write.original),
            after: write.bytes,
            mode: modeOf(write.original),
          }),
        );
      }
    }
    for (const removal of removals.values())
      files.push(proposeFile({ path: rel(removal.key), before: bytesOf(removal.original), after: null }));
    return { ok: true, proposal: { files } };
  } catch (err) {
    if (err instanceof PatchError) return { ok: false, error: err.message };
    throw err;
  }
}
