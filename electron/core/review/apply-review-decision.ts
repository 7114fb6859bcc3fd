/**
 * A person's decisions on a proposal, applied all or nothing. Every file the decisions touch is
 * checked first: if any file on disk is no longer what the proposal was computed against, or any
 * accepted hunk no longer applies, nothing at all is written (a half-applied review would leave the
 * agent's picture of the tree and the tree itself disagreeing in ways nobody asked for). Otherwise
 * every write happens, rolled back if one fails. The result lists, per file, which hunks were applied
 * and which rejected, with their text, so the model can be told exactly.
 */
import { applyHunks, HunkMismatchError } from './apply-hunks';
import { formatHunkText } from './format-patch';
import type { Proposal, ProposedFile } from './proposal';
import { ConfinedFsError } from '../security/confined-fs';
import { insideRoot, readOrNull, sha256, WriteBatch, type FileState } from './safe-files';

/** Per file path: all of it, none of it, or these hunk indexes. Files without a decision are rejected. */
export type FileDecision = 'accept' | 'reject' | number[];
export type ReviewDecisions = Record<string, FileDecision>;

export interface HunkOutcome {
  index: number;
  text: string;
}

export interface FileOutcome {
  path: string;
  oldPath?: string;
  status: 'applied' | 'partial' | 'rejected';
  applied: HunkOutcome[];
  rejected: HunkOutcome[];
}

export type ReviewResult =
  | { ok: true; files: FileOutcome[] }
  | { ok: false; reason: 'conflict'; conflicts: { path: string; message: string }[]; error: string }
  | { ok: false; reason: 'stale' | 'invalid'; error: string };

interface Planned {
  file: ProposedFile;
  outcome: FileOutcome;
  writes: { path: string; state: FileState }[];
}

/** `readOnly`: places inside the root never written (the sandbox's read-only places); .git and .trellis always are. */
export async function applyReviewDecision(
  root: string,
  proposal: Proposal,
  decisions: ReviewDecisions,
  options: { readOnly?: readonly string[] } = {},
): Promise<ReviewResult> {
  try {
    return await applyDecisions(root, proposal, decisions, options.readOnly ?? []);
  } catch (err) {
    // A folder swapped for a symlink while the person reviewed: refused where it is read or written, rolled back.
    if (err instanceof ConfinedFsError)
      return { ok: false, reason: 'invalid', error: `${err.message} Nothing was written.` };
    throw err;
  }
}

async function applyDecisions(
  root: string,
  proposal: Proposal,
  decisions: ReviewDecisions,
  readOnly: readonly string[],
): Promise<ReviewResult> {
  const known = new Set(proposal.files.map((f) => f.change.path));
  for (const p of Object.keys(decisions))
    if (!known.has(p)) return { ok: false, reason: 'invalid', error: `The proposal has no file ${p}.` };

  // Paths leading out of the root are refused up front, as a result rather than an exception.
  for (const { change } of proposal.files) {
    if ((decisions[change.path] ?? 'reject') === 'reject') continue;
    for (const p of change.oldPath ? [change.oldPath, change.path] : [change.path]) {
      try {
        await insideRoot(root, p);
      } catch (err) {
        return { ok: false, reason: 'invalid', error: `${(err as Error).message}. Nothing was written.` };
      }
    }
  }

  const conflicts: { path: string; message: string }[] = [];
  const planned: Planned[] = [];
  for (const file of proposal.files) {
    const { change } = file;
    const decision = decisions[change.path] ?? 'reject';
    const all = change.hunks.map((h) => h.index);
    const accepted = decision === 'accept' ? all : decision === 'reject' ? [] : [...new Set(decision)];
    const wholeFile = change.binary || change.tooLarge || change.hunks.length === 0;
    if (wholeFile && Array.isArray(decision) && decision.length > 0) {
      return {
        ok: false,
        reason: 'invalid',
        error: `${change.path} can only be accepted or rejected as a whole file.`,
      };
    }
    const acceptAll = decision === 'accept' || (!wholeFile && accepted.length === all.length);
    const outcome: FileOutcome = {
      path: change.path,
      ...(change.oldPath ? { oldPath: change.oldPath } : {}),
      status: accepted.length === 0 && !acceptAll ? 'rejected' : acceptAll ? 'applied' : 'partial',
      applied: change.hunks
        .filter((h) => accepted.includes(h.index))
        .map((h) => ({ index: h.index, text: formatHunkText(h) })),
      rejected: change.hunks
        .filter((h) => !accepted.includes(h.index))
        .map((h) => ({ index: h.index, text: formatHunkText(h) })),
    };
    if (outcome.status === 'rejected') {
      planned.push({ file, outcome, writes: [] });
      continue;
    }
    // The file must still be exactly what the proposal saw.
    const source = change.oldPath ?? change.path;
    const current = await readOrNull(root, await insideRoot(root, source));
    if ((current === null ? null : sha256(current)) !== file.beforeHash) {
      conflicts.push({
        path: source,
        message:
          current === null
            ? `${source} was deleted since the change was proposed.`
            : `${source} was edited since the change was proposed.`,
      });
      continue;
    }
    if (change.oldPath && (await readOrNull(root, await insideRoot(root, change.path))) !== null) {
      conflicts.push({ path: change.path, message: `${change.path} was created since the rename was proposed.` });
      continue;
    }
    let next: Buffer | null;
    // Hunks, when there are any, even for accept-all: what is written is what the person saw.
    if (wholeFile || (acceptAll && change.kind === 'deleted')) next = file.after;
    else {
      try {
        next = applyHunks(current ?? Buffer.alloc(0), change, accepted);
      } catch (err) {
        if (err instanceof HunkMismatchError)
          return { ok: false, reason: 'stale', error: `${err.message}. Nothing was written.` };
        throw err;
      }
    }
    const writes: Planned['writes'] = [];
    // A partly accepted deletion keeps the file with the accepted lines removed; a partly accepted
    // rename still moves the file (the rename is what every hunk's new side assumes).
    if (change.oldPath) writes.push({ path: change.oldPath, state: null });
    writes.push({
      path: change.path,
      state: next === null ? null : { bytes: next, ...(file.mode !== undefined ? { mode: file.mode } : {}) },
    });
    planned.push({ file, outcome, writes });
  }
  if (conflicts.length > 0) {
    return {
      ok: false,
      reason: 'conflict',
      conflicts,
      error: `Nothing was written: ${conflicts.map((c) => c.message).join(' ')}`,
    };
  }

  const batch = new WriteBatch(root, readOnly);
  try {
    for (const { writes } of planned) for (const w of writes) await batch.set(await insideRoot(root, w.path), w.state);
  } catch (err) {
    await batch.rollback();
    throw err;
  }
  return { ok: true, files: planned.map((p) => p.outcome) };
}
