/**
 * Codex's apply_patch, all or nothing (codex-compat.md §1.4): parse everything, resolve and check
 * every path, compute every new content in memory, then commit. Success gives Codex's tree and
 * output; failure leaves the tree as it was and says why in Codex's words.
 */
import { ConfinedFs } from '../security/confined-fs';
import { commitChanges, confinedCommitIo } from './commit-changes';
import { computeChanges, type PatchChange } from './compute-changes';
import { parsePatch } from './parse-patch';
import { PatchError } from './patch-error';

export interface ApplyPatchOptions {
  /** Relative paths in the patch are resolved against this folder. */
  cwd: string;
  /** Folders the patch may change (default: [cwd]); paths leading elsewhere, also via `..` or symlinks, are refused. */
  writableRoots?: string[];
  /** Inside the roots but never written, as the sandbox keeps them (.git, .trellis, the Trellis home). */
  readOnlyPaths?: string[];
}

export type ApplyPatchResult =
  { ok: true; changes: PatchChange[]; summary: string } | { ok: false; error: string; code: PatchError['code'] };

export async function applyPatch(patchText: string, options: ApplyPatchOptions): Promise<ApplyPatchResult> {
  try {
    const { hunks } = parsePatch(patchText);
    if (hunks.length === 0) throw new PatchError('no-changes', 'No files were modified.');
    // Reads and writes walk from the roots without following anything: a path checked while planning may be a symlink by now.
    const confined = await ConfinedFs.create({
      roots: options.writableRoots ?? [options.cwd],
      readOnly: options.readOnlyPaths,
    });
    const plan = await computeChanges(hunks, { ...options, confined });
    await commitChanges(plan, confinedCommitIo(confined));
    return { ok: true, changes: plan.changes, summary: formatSummary(plan.changes) };
  } catch (err) {
    if (err instanceof PatchError) return { ok: false, error: err.message, code: err.code };
    throw err;
  }
}

/** Codex's success text: added, then modified (a move lists its destination), then deleted, one per operation. */
export function formatSummary(changes: readonly PatchChange[]): string {
  const lines = ['Success. Updated the following files:'];
  for (const [kind, letter] of [
    ['add', 'A'],
    ['update', 'M'],
    ['delete', 'D'],
  ] as const) {
    for (const change of changes) if (change.kind === kind) lines.push(`${letter} ${change.path}`);
  }
  return lines.join('\n');
}
