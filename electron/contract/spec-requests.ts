import { z } from 'zod';
import {
  SpecDiagnosticSchema,
  SpecKindSchema,
  SpecSummarySchema,
  SpecWorkflowSchema,
  TaskGraphSchema,
  TaskStatusSchema,
} from './specs';
import { WorkspaceIdSchema } from './workspace';

/**
 * One folder name directly under `.kiro/specs` or `.kiro/plans`: a single path segment. Separators, `.`, `..`
 * and NUL are refused here; the handler also checks that symlinks do not lead outside the repository.
 */
export const SpecFolderNameSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((n) => n !== '.' && n !== '..' && !/[/\\\0]/.test(n), 'must be one folder name, without /, \\ or ..');

/** `.kiro/specs` (Kiro GA) or the pre-GA `.kiro/plans`. */
export const SpecLayoutSchema = z.enum(['specs', 'plans']);
export type SpecLayout = z.infer<typeof SpecLayoutSchema>;

export const SpecDocumentKindSchema = z.enum(['requirements', 'bugfix', 'design', 'tasks']);
export type SpecDocumentKind = z.infer<typeof SpecDocumentKindSchema>;

/** One document of a spec as it is on disk. */
export const SpecDocumentSchema = z.object({
  kind: SpecDocumentKindSchema,
  /** Relative to the workspace root, forward slashes. */
  path: z.string(),
  text: z.string(),
  /** tasks read from a `*tasks*.md` candidate because tasks.md is missing: never written. */
  readOnly: z.boolean(),
});
export type SpecDocument = z.infer<typeof SpecDocumentSchema>;

/** A requirement (or bugfix section) with its criteria, so a task's `_Requirements:_` can be shown in words. */
export const SpecRequirementSchema = z.object({
  id: z.string(),
  title: z.string(),
  line: z.number().int(),
  criteria: z.array(z.object({ id: z.string(), text: z.string(), line: z.number().int() })),
});
export type SpecRequirement = z.infer<typeof SpecRequirementSchema>;

/** Everything the spec and task graph panes show of one spec. Paths are relative to the workspace root. */
export const SpecDetailSchema = z.object({
  name: z.string(),
  layout: SpecLayoutSchema,
  /** `.kiro/specs/<name>`. */
  path: z.string(),
  kind: SpecKindSchema,
  workflow: SpecWorkflowSchema.nullable(),
  documents: z.array(SpecDocumentSchema),
  requirements: z.array(SpecRequirementSchema),
  /** null until the spec has a tasks document. */
  graph: TaskGraphSchema.nullable(),
  /** Every finding (documents, EARS, graph, traceability), `file` relative to the workspace root. */
  diagnostics: z.array(SpecDiagnosticSchema),
  attachments: z.array(z.string()),
});
export type SpecDetail = z.infer<typeof SpecDetailSchema>;

const SpecRef = {
  workspaceId: WorkspaceIdSchema,
  spec: SpecFolderNameSchema,
  /** Default `specs`. */
  layout: SpecLayoutSchema.optional(),
};

export const SPEC_REQUESTS = {
  /** Every spec of the workspace's repository (`.kiro/specs`, `.kiro/plans`); folders are then watched. */
  'specs.list': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: z.array(SpecSummarySchema) },
  /** One spec's documents, requirements, task graph and diagnostics. */
  'specs.load': { params: z.object(SpecRef).strict(), value: SpecDetailSchema },
  /** Flip one task's state character in tasks.md (one byte changes); returns the spec as it now is. */
  'specs.setTaskStatus': {
    params: z.object({ ...SpecRef, taskId: z.string().min(1).max(64), status: TaskStatusSchema }).strict(),
    value: SpecDetailSchema,
  },
  /** A new spec folder under `.kiro/specs` with `.config.kiro` and the workflow's first document. */
  'specs.create': {
    params: z.object({ workspaceId: WorkspaceIdSchema, name: SpecFolderNameSchema, kind: SpecKindSchema, workflow: SpecWorkflowSchema }).strict(),
    value: z.object({ name: z.string(), layout: SpecLayoutSchema, path: z.string(), files: z.array(z.string()) }),
  },
} as const;
