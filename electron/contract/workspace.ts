import { z } from 'zod';

/** A path relative to the workspace root, with forward slashes; '' is the root itself. */
export const RelativePathSchema = z
  .string()
  .max(4096)
  .refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.includes('\\'), 'must be relative, with forward slashes')
  .refine((p) => p === '' || p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), 'must not contain empty, . or .. segments');

export const WorkspaceIdSchema = z.string().min(1).max(64);

export const GitInfoSchema = z.object({
  /** The repository's top level; may be an ancestor of the workspace root. */
  topLevel: z.string(),
  /** Branch name, or null when HEAD is detached. */
  branch: z.string().nullable(),
  /** Abbreviated commit of HEAD, or null in a repository without commits. */
  head: z.string().nullable(),
});
export type GitInfo = z.infer<typeof GitInfoSchema>;

export const WorkspaceSummarySchema = z.object({
  id: WorkspaceIdSchema,
  root: z.string(),
  name: z.string(),
  /** null when the folder is not in a git repository: git features are off. */
  git: GitInfoSchema.nullable(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummarySchema>;

export const DirEntrySchema = z.object({
  name: z.string(),
  /** Relative to the workspace root. */
  path: z.string(),
  kind: z.enum(['dir', 'file', 'symlink', 'other']),
});
export type DirEntry = z.infer<typeof DirEntrySchema>;

export const DirListingSchema = z.object({
  dir: z.string(),
  entries: z.array(DirEntrySchema),
  /** Entries beyond the cap are not sent; total says how many there were. */
  total: z.number().int(),
});
export type DirListing = z.infer<typeof DirListingSchema>;

export const ChangeKindSchema = z.enum(['modified', 'added', 'deleted', 'renamed', 'copied', 'typechange', 'untracked', 'conflicted']);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

export const GitChangeSchema = z.object({
  /**
   * Relative to the opened folder, '/'-separated, as the file tree and `workspace.readFile` name files: a workspace
   * opened on a subfolder of a repository lists only the changes inside it.
   */
  path: z.string(),
  /** A rename's or copy's source, relative to the opened folder too (`../` when it lies outside it). */
  origPath: z.string().optional(),
  kind: ChangeKindSchema,
  staged: z.boolean(),
  unstaged: z.boolean(),
});
export type GitChange = z.infer<typeof GitChangeSchema>;

export const GitStatusSchema = z.object({
  branch: z.string().nullable(),
  head: z.string().nullable(),
  upstream: z.string().nullable(),
  ahead: z.number().int(),
  behind: z.number().int(),
  changes: z.array(GitChangeSchema),
  /** How many changes git reported; more than changes.length when capped. */
  total: z.number().int(),
});
export type GitStatus = z.infer<typeof GitStatusSchema>;

export const FileContentSchema = z.object({
  path: z.string(),
  size: z.number().int(),
  binary: z.boolean(),
  /** Text of the file, cut at the cap when truncated. Empty for binary files. */
  text: z.string(),
  truncated: z.boolean(),
});
export type FileContent = z.infer<typeof FileContentSchema>;

export const RecentWorkspaceSchema = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspaceSchema>;
