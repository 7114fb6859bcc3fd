import { z } from 'zod';

/**
 * Diff review: a change as the review pane shows it (files, hunks, lines),
 * the person's decisions and comments, and the outcome the model is told.
 * The same shapes travel in session events (`review.requested`,
 * `review.decided`) and in the review requests.
 */

export const ReviewLineSchema = z.object({
  marker: z.enum([' ', '+', '-']),
  text: z.string(),
  /** The line has no newline at its end (the last line of a file). */
  noEol: z.boolean().optional(),
});

export const ReviewHunkSchema = z.object({
  index: z.number().int().nonnegative(),
  oldStart: z.number().int().nonnegative(),
  oldLines: z.number().int().nonnegative(),
  newStart: z.number().int().nonnegative(),
  newLines: z.number().int().nonnegative(),
  header: z.string(),
  lines: z.array(ReviewLineSchema),
});
export type ReviewHunk = z.infer<typeof ReviewHunkSchema>;

export const ReviewFileSchema = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  kind: z.enum(['added', 'modified', 'deleted', 'renamed']),
  /** Binary or too large: decided as a whole file, never hunk by hunk. */
  binary: z.boolean(),
  tooLarge: z.boolean().optional(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  hunks: z.array(ReviewHunkSchema),
});
export type ReviewFile = z.infer<typeof ReviewFileSchema>;

/** A file in a long list before its hunks are loaded; counts and binary-ness may come in a second, slower answer. */
export const ReviewFileEntrySchema = ReviewFileSchema.omit({ hunks: true }).partial({ additions: true, deletions: true, binary: true });
export type ReviewFileEntry = z.infer<typeof ReviewFileEntrySchema>;

/** One file of a turn's changes, ready for the diff editor: its hunks and both sides as text (null: absent or binary). */
export const ReviewFileDetailSchema = z.object({ file: ReviewFileSchema.nullable(), before: z.string().nullable(), after: z.string().nullable() });

/** Per file: all of it, none of it, or these hunk indexes. A file without a decision is rejected. */
export const FileDecisionSchema = z.union([z.literal('accept'), z.literal('reject'), z.array(z.number().int().nonnegative()).max(100_000)]);
export type FileDecisionInfo = z.infer<typeof FileDecisionSchema>;

export const ReviewCommentSchema = z.object({
  path: z.string().max(4096),
  /** The line in the new file the comment is about (1-based); absent: the file or hunk as a whole. */
  line: z.number().int().positive().optional(),
  /** The hunk the comment is about, when made on a hunk. */
  hunk: z.number().int().nonnegative().optional(),
  text: z.string().min(1).max(20_000),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

export const ReviewAnswerSchema = z.object({
  decisions: z.record(z.string().max(4096), FileDecisionSchema),
  comments: z.array(ReviewCommentSchema).max(1000),
});
export type ReviewAnswer = z.infer<typeof ReviewAnswerSchema>;

export const ReviewOutcomeFileSchema = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: z.enum(['applied', 'partial', 'rejected']),
  applied: z.array(z.number().int().nonnegative()),
  rejected: z.array(z.number().int().nonnegative()),
});
export type ReviewOutcomeFile = z.infer<typeof ReviewOutcomeFileSchema>;

/** A file's two sides for the diff editor; null: the side does not exist (added, deleted) or is not text. */
export const ReviewFileTextsSchema = z.object({
  before: z.string().nullable(),
  after: z.string().nullable(),
});
