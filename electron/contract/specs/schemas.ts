import { z } from 'zod';
import { lazy } from '../lazy';

/** `[ ]` todo, `[-]` in_progress, `[x]` done, `[~]` queued (picked by a run, not started yet). */
export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'queued'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Kiro specs as the spec and task graph panes show them. Built on first use. */
export const specSchemas = lazy(() => {
  const TaskStatus = z.enum(TASK_STATUSES);

  /** A problem found in a spec document: always data, never a refusal to open the spec. */
  const SpecDiagnostic = z.object({
    /** The document's path as the reader was given it. */
    file: z.string(),
    /** 1-based. */
    line: z.number().int().min(1),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    /** Stable and machine-readable, e.g. `dependency-cycle`, `ears-non-ears`. */
    code: z.string(),
  });

  /** One checkbox task of tasks.md as the task graph sees it. */
  const TaskNode = z.object({
    /** The id written in the file (`2.1`), or a positional `tN` when the line has none (never written back). */
    id: z.string(),
    /** True when the id is Trellis's own positional one. */
    synthetic: z.boolean(),
    title: z.string(),
    status: TaskStatus,
    optional: z.boolean(),
    /** cc-sdd's `(P)`: may run beside its siblings. */
    parallel: z.boolean(),
    parent: z.string().nullable(),
    /** Cited criteria (`1.2`) or whole requirements (`3`); `*` for "All requirements". */
    requirements: z.array(z.string()),
    /** Every task that must be done before this one: subtasks, `_Depends:_`, the previous wave, or file order. */
    dependsOn: z.array(z.string()),
    /** 1-based line of the checkbox in tasks.md. */
    line: z.number().int().min(1),
  });

  const TaskWave = z.object({
    id: z.number(),
    tasks: z.array(z.string()),
  });

  /** `trellis spec graph --json`, and what the task graph pane draws. */
  const TaskGraph = z.object({
    tasks: z.array(TaskNode),
    /** From `## Task Dependency Graph`, ascending; empty when the file has none (file order is the plan). */
    waves: z.array(TaskWave),
    diagnostics: z.array(SpecDiagnostic),
  });

  const SpecKind = z.enum(['feature', 'bugfix']);
  const SpecWorkflow = z.enum(['requirements-first', 'design-first', 'quick']);
  /** How far a spec has come, judged from its documents (Kiro stores no approvals). */
  const SpecStage = z.enum(['requirements', 'design', 'tasks', 'in-progress', 'done']);
  /** `.kiro/specs` (Kiro GA) or the pre-GA `.kiro/plans`. */
  const SpecLayout = z.enum(['specs', 'plans']);

  const SpecSummary = z.object({
    name: z.string(),
    /** Absolute path of the spec folder. */
    dir: z.string(),
    /** `.kiro/specs` or the pre-GA `.kiro/plans`. */
    layout: SpecLayout,
    kind: SpecKind,
    /** From `.config.kiro`; null when the folder has none or it names no workflow. */
    workflow: SpecWorkflow.nullable(),
    documents: z.array(z.string()),
    stage: SpecStage,
    tasks: z.object({
      total: z.number().int(),
      done: z.number().int(),
      inProgress: z.number().int(),
      queued: z.number().int(),
      todo: z.number().int(),
      optional: z.number().int(),
    }),
    /** Set when the spec cannot be read (a symlink leading outside the repository or nowhere): the file and why. */
    problem: z.string().optional(),
  });

  /**
   * One folder name directly under `.kiro/specs` or `.kiro/plans`: a single path segment. Separators, `.`, `..`
   * and NUL are refused here; the handler also checks that symlinks do not lead outside the repository.
   */
  const SpecFolderName = z
    .string()
    .min(1)
    .max(128)
    .refine((n) => n !== '.' && n !== '..' && !/[/\\\0]/.test(n), 'must be one folder name, without /, \\ or ..');

  const SpecDocumentKind = z.enum(['requirements', 'bugfix', 'design', 'tasks']);

  /** One document of a spec as it is on disk. */
  const SpecDocument = z.object({
    kind: SpecDocumentKind,
    /** Relative to the workspace root, forward slashes. */
    path: z.string(),
    text: z.string(),
    /** tasks read from a `*tasks*.md` candidate because tasks.md is missing: never written. */
    readOnly: z.boolean(),
  });

  /** A requirement (or bugfix section) with its criteria, so a task's `_Requirements:_` can be shown in words. */
  const SpecRequirement = z.object({
    id: z.string(),
    title: z.string(),
    line: z.number().int(),
    criteria: z.array(z.object({ id: z.string(), text: z.string(), line: z.number().int() })),
  });

  /** Everything the spec and task graph panes show of one spec. Paths are relative to the workspace root. */
  const SpecDetail = z.object({
    name: z.string(),
    layout: SpecLayout,
    /** `.kiro/specs/<name>`. */
    path: z.string(),
    kind: SpecKind,
    workflow: SpecWorkflow.nullable(),
    documents: z.array(SpecDocument),
    requirements: z.array(SpecRequirement),
    /** null until the spec has a tasks document. */
    graph: TaskGraph.nullable(),
    /** Every finding (documents, EARS, graph, traceability), `file` relative to the workspace root. */
    diagnostics: z.array(SpecDiagnostic),
    attachments: z.array(z.string()),
  });

  return {
    TaskStatus,
    SpecDiagnostic,
    TaskNode,
    TaskWave,
    TaskGraph,
    SpecKind,
    SpecWorkflow,
    SpecStage,
    SpecLayout,
    SpecSummary,
    SpecFolderName,
    SpecDocumentKind,
    SpecDocument,
    SpecRequirement,
    SpecDetail,
  };
});

type Schemas = ReturnType<typeof specSchemas>;
export type SpecDiagnostic = z.infer<Schemas['SpecDiagnostic']>;
export type TaskNode = z.infer<Schemas['TaskNode']>;
export type TaskWave = z.infer<Schemas['TaskWave']>;
export type TaskGraph = z.infer<Schemas['TaskGraph']>;
export type SpecKind = z.infer<Schemas['SpecKind']>;
export type SpecWorkflow = z.infer<Schemas['SpecWorkflow']>;
export type SpecStage = z.infer<Schemas['SpecStage']>;
export type SpecLayout = z.infer<Schemas['SpecLayout']>;
export type SpecSummary = z.infer<Schemas['SpecSummary']>;
export type SpecDocumentKind = z.infer<Schemas['SpecDocumentKind']>;
export type SpecDocument = z.infer<Schemas['SpecDocument']>;
export type SpecRequirement = z.infer<Schemas['SpecRequirement']>;
export type SpecDetail = z.infer<Schemas['SpecDetail']>;
