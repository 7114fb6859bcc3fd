import path from 'node:path';
import type { ReviewAnswer, ReviewComment, ReviewFile, ReviewOutcomeFile } from '../../contract';
import { applyReviewDecision, type FileOutcome } from '../review/apply-review-decision';
import { toReviewFile } from '../review/change-review';
import { readOrNull } from '../review/safe-files';
import { proposeFromPatch, type Proposal } from '../review/proposal';
import type { ToolContext, ToolOutput } from './tool';

/** A patch held back for a person: its files as the review pane shows them, and both sides of each on request. */
export interface PatchReviewRequest {
  turn: number;
  callId: string;
  files: ReviewFile[];
  /** Before (as on disk now) and after of one file, as text (null: that side does not exist, or is binary). */
  texts(path: string): Promise<{ before: string | null; after: string | null } | null>;
}

/** Who reviews edits before they are written: the person in the window. Resolves with their answer; an abort rejects everything. */
export type PatchReviewer = (request: PatchReviewRequest, signal: AbortSignal) => Promise<ReviewAnswer>;

const REJECT_ALL: ReviewAnswer = { decisions: {}, comments: [] };

/**
 * apply_patch when edits are reviewed first: the patch becomes a proposal
 * (nothing written), the person decides file by file and hunk by hunk, and
 * exactly the accepted hunks are written. The model is told what was
 * applied, what was rejected (with the hunks' text) and the comments.
 */
export async function reviewThenApply(
  patch: string,
  cwd: string,
  context: ToolContext,
  seconds: () => string,
): Promise<ToolOutput> {
  const { turn, callId } = context;
  // The person's decision is the permission: the opened folder is the scope whatever the sandbox mode.
  const scope = context.reviewScope ?? context.patchScope;
  const proposed = await proposeFromPatch(cwd, patch, scope);
  if (!proposed.ok) {
    await context.emit({ type: 'patch.applied', turn, callId, success: false, changes: [], error: proposed.error });
    return {
      output: `Exit code: 1\nWall time: ${seconds()} seconds\nOutput:\napply_patch verification failed: ${proposed.error}\nNothing was written.`,
      isError: true,
    };
  }
  const { proposal } = proposed;
  const files = proposal.files.map((f) => toReviewFile(f.change));
  await context.emit({ type: 'review.requested', turn, callId, files });

  if (!context.reviewer) {
    const error = `Edits need a person's review before they are written under approval_policy "${context.approvalPolicy}", and nobody can be asked here (a headless run never prompts); pass --trust-tools apply_patch to accept its edits unreviewed, or -a on-request -s workspace-write to let it edit ${cwd}.`;
    await context.emit({ type: 'review.decided', turn, callId, decisions: {}, comments: [], error });
    return { output: `Exit code: 1\nOutput:\n${error} Nothing was written.`, isError: true };
  }
  let answer: ReviewAnswer;
  try {
    answer = await context.reviewer(
      { turn, callId, files, texts: (path) => fileTexts(cwd, proposal, path) },
      context.signal,
    );
  } catch {
    answer = REJECT_ALL; // interrupted while waiting: nothing is written
  }
  const result = await applyReviewDecision(cwd, proposal, answer.decisions, { readOnly: scope.readOnlyPaths });
  if (!result.ok) {
    await context.emit({
      type: 'review.decided',
      turn,
      callId,
      decisions: answer.decisions,
      comments: answer.comments,
      error: result.error,
    });
    return {
      output: `Exit code: 1\nOutput:\nThe reviewed patch could not be written: ${result.error}\nNothing was written.${commentsText(answer.comments)}`,
      isError: true,
    };
  }
  const outcome: ReviewOutcomeFile[] = result.files.map((f) => ({
    path: f.path,
    ...(f.oldPath ? { oldPath: f.oldPath } : {}),
    status: f.status,
    applied: f.applied.map((h) => h.index),
    rejected: f.rejected.map((h) => h.index),
  }));
  await context.emit({
    type: 'review.decided',
    turn,
    callId,
    decisions: answer.decisions,
    comments: answer.comments,
    outcome,
  });
  const written = result.files.filter((f) => f.status !== 'rejected');
  if (written.length) {
    const kindOf = (path: string) => proposal.files.find((p) => p.change.path === path)?.change.kind;
    const changes = written.map((f) => {
      const kind = kindOf(f.path);
      return {
        path: f.path,
        kind: kind === 'added' ? ('add' as const) : kind === 'deleted' ? ('delete' as const) : ('update' as const),
        ...(f.oldPath ? { movedFrom: f.oldPath } : {}),
      };
    });
    await context.emit({ type: 'patch.applied', turn, callId, success: true, changes });
  }
  const rejectedAny = result.files.some((f) => f.status !== 'applied');
  return {
    output: `Exit code: ${rejectedAny ? 1 : 0}\nWall time: ${seconds()} seconds\nOutput:\n${outcomeText(result.files, proposal)}${commentsText(answer.comments)}`,
    isError: false,
  };
}

async function fileTexts(
  cwd: string,
  proposal: Proposal,
  file: string,
): Promise<{ before: string | null; after: string | null } | null> {
  const proposed = proposal.files.find((f) => f.change.path === file);
  if (!proposed) return null;
  if (proposed.change.binary) return { before: null, after: null };
  const before =
    proposed.beforeHash === null
      ? null
      : await readOrNull(cwd, path.join(cwd, proposed.change.oldPath ?? file)).then(
          (b) => b?.toString('utf8') ?? null,
          () => null,
        );
  return { before, after: proposed.after === null ? null : proposed.after.toString('utf8') };
}

/** What the model reads: per file, applied and rejected hunks (1-based, with the rejected hunks' text). */
export function outcomeText(files: FileOutcome[], proposal: Proposal): string {
  const lines = ['The person reviewed the patch before it was written.'];
  for (const f of files) {
    const change = proposal.files.find((p) => p.change.path === f.path)?.change;
    const total = change?.hunks.length ?? 0;
    const name = f.oldPath ? `${f.oldPath} -> ${f.path}` : f.path;
    const what =
      change?.kind === 'added'
        ? 'new file'
        : change?.kind === 'deleted'
          ? 'deletion'
          : change?.kind === 'renamed'
            ? 'rename'
            : 'edit';
    if (f.status === 'applied') lines.push(`- ${name} (${what}): applied${total > 1 ? `, all ${total} hunks` : ''}.`);
    else if (f.status === 'rejected') lines.push(`- ${name} (${what}): REJECTED, not written.`);
    else
      lines.push(
        `- ${name}: applied hunks ${f.applied.map((h) => h.index + 1).join(', ')} of ${total}; REJECTED hunks ${f.rejected.map((h) => h.index + 1).join(', ')}.`,
      );
  }
  const rejectedHunks = files.flatMap((f) =>
    f.status === 'partial' ? f.rejected.map((h) => ({ path: f.path, ...h })) : [],
  );
  if (rejectedHunks.length) {
    lines.push('', 'Rejected hunks (the file does not contain these changes):');
    for (const h of rejectedHunks) lines.push(`${h.path}, hunk ${h.index + 1}:`, h.text.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

function commentsText(comments: ReviewComment[]): string {
  if (!comments.length) return '';
  const where = (c: ReviewComment) =>
    `${c.path}${c.line ? `:${c.line}` : ''}${c.hunk !== undefined ? ` (hunk ${c.hunk + 1})` : ''}`;
  return `\nComments from the reviewer:\n${comments.map((c) => `- ${where(c)}: ${c.text}`).join('\n')}\n`;
}
