import type { SpecDiagnostic, SpecKind, SpecWorkflow, TaskStatus, TaskWave } from '../../contract/specs';

export type { SpecDiagnostic, TaskStatus, TaskWave };

/** The six EARS patterns; null on a criterion means it follows none of them. */
export type EarsPattern =
  'ubiquitous' | 'event-driven' | 'state-driven' | 'unwanted-behaviour' | 'optional-feature' | 'complex';

export interface AcceptanceCriterion {
  /** `N.k`: criterion k of requirement N, as tasks and properties cite it. */
  id: string;
  /** Without the list number; hard-wrapped continuation lines joined with a space. */
  text: string;
  line: number;
  pattern: EarsPattern | null;
}

export interface UserStory {
  text: string;
  line: number;
}

export interface Requirement {
  id: string;
  title: string;
  line: number;
  userStory: UserStory | null;
  criteria: AcceptanceCriterion[];
  /** Bugfix documents: which behaviour section the clauses belong to. */
  section?: 'current' | 'expected' | 'unchanged';
}

export interface GlossaryTerm {
  term: string;
  line: number;
}

export interface RequirementsDocument {
  kind: 'requirements' | 'bugfix';
  file: string;
  /** The text as read; the document is never re-serialised, so nothing a person wrote moves. */
  source: string;
  glossary: GlossaryTerm[];
  requirements: Requirement[];
  diagnostics: SpecDiagnostic[];
}

export interface DesignSection {
  level: number;
  title: string;
  line: number;
}

/** `### Property N: name` with its `*For any*` statement and `**Validates: Requirements …**`. */
export interface CorrectnessProperty {
  number: number;
  name: string;
  statement: string;
  validates: string[];
  line: number;
  /** Line of the Validates line, or of the heading when there is none. */
  validatesLine: number;
}

export interface DesignDocument {
  file: string;
  source: string;
  sections: DesignSection[];
  properties: CorrectnessProperty[];
  diagnostics: SpecDiagnostic[];
}

/** A `_Label: value_` (or `**Label: value**`) detail line under a task. */
export interface TaskDetail {
  label: string;
  value: string;
  line: number;
}

export interface SpecTask {
  id: string;
  synthetic: boolean;
  title: string;
  status: TaskStatus;
  /** Offset of the state character inside `[ ]` in the source string. */
  stateOffset: number;
  /** The state character as written (`x` and `X` are both done). */
  stateChar: string;
  optional: boolean;
  parallel: boolean;
  parent: string | null;
  children: string[];
  /** Requirement and criterion ids cited by `_Requirements:_`, `**Validates:**` or `(Req. 1.1)` in the title. */
  requirements: string[];
  /** `_Depends: …_` ids, as written. */
  dependsOn: string[];
  /** `**Property N: …**` under the task links it to a design property. */
  property: number | null;
  details: TaskDetail[];
  line: number;
  /** Indentation width (a tab counts 4), used to nest unnumbered tasks. */
  indent: number;
}

export interface WavesBlock {
  waves: TaskWave[];
  /** Line of the heading `## Task Dependency Graph`. */
  line: number;
  /** Line of each task id as it appears in the JSON, for diagnostics. */
  idLines: Map<string, number>;
}

export interface TasksDocument {
  file: string;
  source: string;
  tasks: SpecTask[];
  /** null when the file has no readable dependency graph: file order is the plan. */
  waves: WavesBlock | null;
  diagnostics: SpecDiagnostic[];
}

export interface SpecConfig {
  specId?: string;
  workflow: SpecWorkflow | null;
  specType?: SpecKind;
  /** Everything in `.config.kiro`, unknown keys included. */
  raw: Record<string, unknown>;
}

export interface Spec {
  name: string;
  dir: string;
  layout: 'specs' | 'plans';
  kind: SpecKind;
  config: SpecConfig | null;
  requirements: RequirementsDocument | null;
  design: DesignDocument | null;
  tasks: TasksDocument | null;
  /** True when tasks came from the single `*tasks*.md` candidate because tasks.md is missing: never written. */
  tasksReadOnly: boolean;
  /** Other files in the folder: listed, never parsed as spec documents. */
  attachments: string[];
  diagnostics: SpecDiagnostic[];
}

export const diagnostic = (
  file: string,
  line: number,
  severity: 'error' | 'warning',
  code: string,
  message: string,
): SpecDiagnostic => ({
  file,
  line,
  severity,
  message,
  code,
});
