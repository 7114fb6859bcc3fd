import { z } from 'zod';
import { crewSchemas } from '../crew/schemas';
import { lazy } from '../lazy';
import { sessionSchemas } from '../sessions/schemas';

/**
 * Diff review: a change as the review pane shows it (files, hunks, lines),
 * the person's decisions and comments, and the outcome the model is told.
 * The same shapes travel in session events (`review.requested`,
 * `review.decided`) and in the review requests. Built on first use.
 */
export const changeSchemas = lazy(() => {
  const ReviewLine = z.object({
    marker: z.enum([' ', '+', '-']),
    text: z.string(),
    /** The line has no newline at its end (the last line of a file). */
    noEol: z.boolean().optional(),
  });

  const ReviewHunk = z.object({
    index: z.number().int().nonnegative(),
    oldStart: z.number().int().nonnegative(),
    oldLines: z.number().int().nonnegative(),
    newStart: z.number().int().nonnegative(),
    newLines: z.number().int().nonnegative(),
    header: z.string(),
    lines: z.array(ReviewLine),
  });

  const ReviewFile = z.object({
    path: z.string(),
    oldPath: z.string().optional(),
    kind: z.enum(['added', 'modified', 'deleted', 'renamed']),
    /** Binary or too large: decided as a whole file, never hunk by hunk. */
    binary: z.boolean(),
    tooLarge: z.boolean().optional(),
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
    hunks: z.array(ReviewHunk),
  });

  /** A file in a long list before its hunks are loaded; counts and binary-ness may come in a second, slower answer. */
  const ReviewFileEntry = ReviewFile.omit({ hunks: true }).partial({ additions: true, deletions: true, binary: true });

  /** One file of a turn's changes, ready for the diff editor: its hunks and both sides as text (null: absent or binary). */
  const ReviewFileDetail = z.object({
    file: ReviewFile.nullable(),
    before: z.string().nullable(),
    after: z.string().nullable(),
  });

  /** Per file: all of it, none of it, or these hunk indexes. A file without a decision is rejected. */
  const FileDecision = z.union([
    z.literal('accept'),
    z.literal('reject'),
    z.array(z.number().int().nonnegative()).max(100_000),
  ]);

  const ReviewComment = z.object({
    path: z.string().max(4096),
    /** The line in the new file the comment is about (1-based); absent: the file or hunk as a whole. */
    line: z.number().int().positive().optional(),
    /** The hunk the comment is about, when made on a hunk. */
    hunk: z.number().int().nonnegative().optional(),
    text: z.string().min(1).max(20_000),
  });

  const ReviewAnswer = z.object({
    decisions: z.record(z.string().max(4096), FileDecision),
    comments: z.array(ReviewComment).max(1000),
  });

  const ReviewOutcomeFile = z.object({
    path: z.string(),
    oldPath: z.string().optional(),
    status: z.enum(['applied', 'partial', 'rejected']),
    applied: z.array(z.number().int().nonnegative()),
    rejected: z.array(z.number().int().nonnegative()),
  });

  /** A file's two sides for the diff editor; null: the side does not exist (added, deleted) or is not text. */
  const ReviewFileTexts = z.object({
    before: z.string().nullable(),
    after: z.string().nullable(),
  });

  return {
    ReviewLine,
    ReviewHunk,
    ReviewFile,
    ReviewFileEntry,
    ReviewFileDetail,
    FileDecision,
    ReviewComment,
    ReviewAnswer,
    ReviewOutcomeFile,
    ReviewFileTexts,
  };
});

type Schemas = ReturnType<typeof changeSchemas>;
export type ReviewHunk = z.infer<Schemas['ReviewHunk']>;
export type ReviewFile = z.infer<Schemas['ReviewFile']>;
export type ReviewFileEntry = z.infer<Schemas['ReviewFileEntry']>;
export type FileDecisionInfo = z.infer<Schemas['FileDecision']>;
export type ReviewComment = z.infer<Schemas['ReviewComment']>;
export type ReviewAnswer = z.infer<Schemas['ReviewAnswer']>;
export type ReviewOutcomeFile = z.infer<Schemas['ReviewOutcomeFile']>;

/**
 * A change to review after the fact: what a session's turn changed since its checkpoint, or what a crew
 * task changed in its worktree since the commit it started from.
 */
export const changeSourceSchema = lazy(() =>
  z.discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('turn'), sessionId: sessionSchemas().SessionId, turn: z.number().int().nonnegative() })
      .strict(),
    crewSchemas()
      .CrewTaskRef.extend({ kind: z.literal('task') })
      .strict(),
  ]),
);
export type ChangeSource = z.infer<ReturnType<typeof changeSourceSchema>>;
