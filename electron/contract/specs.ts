import { z } from 'zod';

/** `[ ]` todo, `[-]` in_progress, `[x]` done, `[~]` queued (picked by a run, not started yet). */
export const TaskStatusSchema = z.enum(['todo', 'in_progress', 'done', 'queued']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** A problem found in a spec document: always data, never a refusal to open the spec. */
export const SpecDiagnosticSchema = z.object({
  /** The document's path as the reader was given it. */
  file: z.string(),
  /** 1-based. */
  line: z.number().int().min(1),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** Stable and machine-readable, e.g. `dependency-cycle`, `ears-non-ears`. */
  code: z.string(),
});
export type SpecDiagnostic = z.infer<typeof SpecDiagnosticSchema>;

/** One checkbox task of tasks.md as the task graph sees it. */
export const TaskNodeSchema = z.object({
  /** The id written in the file (`2.1`), or a positional `tN` when the line has none (never written back). */
  id: z.string(),
  /** True when the id is Trellis's own positional one. */
  synthetic: z.boolean(),
  title: z.string(),
  status: TaskStatusSchema,
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
export type TaskNode = z.infer<typeof TaskNodeSchema>;

export const TaskWaveSchema = z.object({
  id: z.number(),
  tasks: z.array(z.string()),
});
export type TaskWave = z.infer<typeof TaskWaveSchema>;

/** `trellis spec graph --json`, and what the task graph pane draws. */
export const TaskGraphSchema = z.object({
  tasks: z.array(TaskNodeSchema),
  /** From `## Task Dependency Graph`, ascending; empty when the file has none (file order is the plan). */
  waves: z.array(TaskWaveSchema),
  diagnostics: z.array(SpecDiagnosticSchema),
});
export type TaskGraph = z.infer<typeof TaskGraphSchema>;

export const SpecKindSchema = z.enum(['feature', 'bugfix']);
export type SpecKind = z.infer<typeof SpecKindSchema>;

export const SpecWorkflowSchema = z.enum(['requirements-first', 'design-first', 'quick']);
export type SpecWorkflow = z.infer<typeof SpecWorkflowSchema>;

/** How far a spec has come, judged from its documents (Kiro stores no approvals). */
export const SpecStageSchema = z.enum(['requirements', 'design', 'tasks', 'in-progress', 'done']);
export type SpecStage = z.infer<typeof SpecStageSchema>;

export const SpecSummarySchema = z.object({
  name: z.string(),
  /** Absolute path of the spec folder. */
  dir: z.string(),
  /** `.kiro/specs` or the pre-GA `.kiro/plans`. */
  layout: z.enum(['specs', 'plans']),
  kind: SpecKindSchema,
  /** From `.config.kiro`; null when the folder has none or it names no workflow. */
  workflow: SpecWorkflowSchema.nullable(),
  documents: z.array(z.string()),
  stage: SpecStageSchema,
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
export type SpecSummary = z.infer<typeof SpecSummarySchema>;
