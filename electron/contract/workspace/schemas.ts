import { z } from 'zod';
import { lazy } from '../lazy';

/** An opened folder as the workspace pane shows it: its tree, files and git status. Built on first use. */
export const workspaceSchemas = lazy(() => {
  /** A path relative to the workspace root, with forward slashes; '' is the root itself. */
  const RelativePath = z
    .string()
    .max(4096)
    .refine(
      (p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.includes('\\'),
      'must be relative, with forward slashes',
    )
    .refine(
      (p) => p === '' || p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
      'must not contain empty, . or .. segments',
    );

  const WorkspaceId = z.string().min(1).max(64);

  const GitInfo = z.object({
    /** The repository's top level; may be an ancestor of the workspace root. */
    topLevel: z.string(),
    /** Branch name, or null when HEAD is detached. */
    branch: z.string().nullable(),
    /** Abbreviated commit of HEAD, or null in a repository without commits. */
    head: z.string().nullable(),
  });

  const WorkspaceSummary = z.object({
    id: WorkspaceId,
    root: z.string(),
    name: z.string(),
    /** null when the folder is not in a git repository: git features are off. */
    git: GitInfo.nullable(),
  });

  const DirEntry = z.object({
    name: z.string(),
    /** Relative to the workspace root. */
    path: z.string(),
    kind: z.enum(['dir', 'file', 'symlink', 'other']),
  });

  const DirListing = z.object({
    dir: z.string(),
    entries: z.array(DirEntry),
    /** Entries beyond the cap are not sent; total says how many there were. */
    total: z.number().int(),
  });

  const ChangeKind = z.enum([
    'modified',
    'added',
    'deleted',
    'renamed',
    'copied',
    'typechange',
    'untracked',
    'conflicted',
  ]);

  const GitChange = z.object({
    /**
     * Relative to the opened folder, '/'-separated, as the file tree and `workspace.readFile` name files: a workspace
     * opened on a subfolder of a repository lists only the changes inside it.
     */
    path: z.string(),
    /** A rename's or copy's source, relative to the opened folder too (`../` when it lies outside it). */
    origPath: z.string().optional(),
    kind: ChangeKind,
    staged: z.boolean(),
    unstaged: z.boolean(),
  });

  const GitStatus = z.object({
    branch: z.string().nullable(),
    head: z.string().nullable(),
    upstream: z.string().nullable(),
    ahead: z.number().int(),
    behind: z.number().int(),
    changes: z.array(GitChange),
    /** How many changes git reported; more than changes.length when capped. */
    total: z.number().int(),
  });

  const FileContent = z.object({
    path: z.string(),
    size: z.number().int(),
    binary: z.boolean(),
    /** Text of the file, cut at the cap when truncated. Empty for binary files. */
    text: z.string(),
    truncated: z.boolean(),
  });

  return {
    RelativePath,
    WorkspaceId,
    GitInfo,
    WorkspaceSummary,
    DirEntry,
    DirListing,
    ChangeKind,
    GitChange,
    GitStatus,
    FileContent,
  };
});

type Schemas = ReturnType<typeof workspaceSchemas>;
export type GitInfo = z.infer<Schemas['GitInfo']>;
export type WorkspaceSummary = z.infer<Schemas['WorkspaceSummary']>;
export type DirEntry = z.infer<Schemas['DirEntry']>;
export type DirListing = z.infer<Schemas['DirListing']>;
export type ChangeKind = z.infer<Schemas['ChangeKind']>;
export type GitChange = z.infer<Schemas['GitChange']>;
export type GitStatus = z.infer<Schemas['GitStatus']>;
export type FileContent = z.infer<Schemas['FileContent']>;
