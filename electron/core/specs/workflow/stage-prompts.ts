import type { SpecKind, SpecWorkflow } from '../../../contract/specs';

/** A document the agent writes, in the order the workflow asks for it. */
export type SpecStage = 'requirements' | 'bugfix' | 'design' | 'tasks';

export const STAGE_FILE: Record<SpecStage, string> = {
  requirements: 'requirements.md',
  bugfix: 'bugfix.md',
  design: 'design.md',
  tasks: 'tasks.md',
};

export const STAGE_TITLE: Record<SpecStage, string> = {
  requirements: 'Requirements',
  bugfix: 'Bugfix',
  design: 'Design',
  tasks: 'Tasks',
};

/** The stages of a workflow, in order (Kiro's: requirements-first, design-first, bugfix; quick writes all three ungated). */
export function workflowStages(kind: SpecKind, workflow: SpecWorkflow): SpecStage[] {
  if (kind === 'bugfix') return ['bugfix', 'design', 'tasks'];
  return workflow === 'design-first' ? ['design', 'requirements', 'tasks'] : ['requirements', 'design', 'tasks'];
}

/** Whether each stage waits for the person's approval before the next (not in a quick spec). */
export const isGated = (workflow: SpecWorkflow) => workflow !== 'quick';

const FORMATS: Record<SpecStage, string> = {
  requirements: `Format (Kiro's requirements.md):
# Requirements Document
## Introduction
(what the feature is, for whom)
## Glossary
- **Term_Name**: definition (Capital_Snake_Case; reuse the terms as EARS subjects)
## Requirements
### Requirement N: Title
**User Story:** As a <role>, I want <capability>, so that <benefit>
#### Acceptance Criteria
1. WHEN <trigger>, THE <Term_Name> SHALL <response>.
Every acceptance criterion is EARS: ubiquitous (THE X SHALL ...), event-driven (WHEN ..., THE X SHALL ...), state-driven (WHILE ..., THE X SHALL ...), unwanted behaviour (IF ..., THEN THE X SHALL ...), optional feature (WHERE ..., THE X SHALL ...), or complex (WHILE ..., WHEN ..., THE X SHALL ...). Criteria are cited as N.k.`,
  bugfix: `Format (Kiro's bugfix.md):
# Bugfix Requirements Document
## Introduction
(the defect and its impact)
## Bug Analysis
### Current Behavior (Defect)
1.1 WHEN <condition> THEN the system <does the wrong thing>
### Expected Behavior (Correct)
2.1 WHEN <condition> THEN the system SHALL <correct behaviour>
### Unchanged Behavior (Regression Prevention)
3.1 WHEN <condition> THEN the system SHALL CONTINUE TO <behaviour that must not change>`,
  design: `Format (Kiro's design.md): # Design Document, then ## Overview, ## Architecture, ## Components and Interfaces, ## Data Models, ## Error Handling, ## Testing Strategy. Where a behaviour can be checked as a property, add "### Property N: name" with a statement and "**Validates: Requirements X.Y**".`,
  tasks: `Format (Kiro's tasks.md):
# Implementation Plan
- [ ] 1. Top-level task
  - [ ] 1.1 Sub-task: what to build, concretely
    - detail lines
    - _Requirements: 1.1, 2.3_
- [ ]* 1.2 Optional task (tests worth having but not required)
Number tasks N and N.k; every task cites the acceptance criteria it covers in a _Requirements: ..._ line; every requirement is covered by some task. A task that needs another task's result says so with "_Depends: 1.1_".`,
};

export interface StagePromptInput {
  stage: SpecStage;
  specDir: string;
  description: string;
  /** Documents already approved (or written, in a quick spec), by file name. */
  earlier: string[];
}

/** What the agent is asked to do for one stage. */
export function stagePrompt({ stage, specDir, description, earlier }: StagePromptInput): string {
  const file = `${specDir}/${STAGE_FILE[stage]}`;
  const basis = earlier.length
    ? `Base it on ${earlier.map((f) => `${specDir}/${f}`).join(' and ')} (read them first).`
    : 'Draft it in full from the idea; do not ask questions first.';
  return [
    `We are writing the spec "${specDir.split('/').pop()}" in ${specDir}. The idea: ${description}`,
    `Write ${file} now (create it; if it exists, replace its content). ${basis}`,
    FORMATS[stage],
    'Use apply_patch to write the file. Write only this document; do not start the next one and do not change code. Then answer with two or three sentences on what the document says.',
  ].join('\n\n');
}

/** The person asked for changes to a stage's document. */
export function revisionPrompt(stage: SpecStage, specDir: string, comments: string): string {
  return `Revise ${specDir}/${STAGE_FILE[stage]} as the reviewer asks, keeping what they did not question:\n\n${comments}\n\nUse apply_patch. Then say in one or two sentences what changed.`;
}

/** The person asked for the stage to be written again from scratch. */
export function regeneratePrompt(input: StagePromptInput): string {
  return `Start ${STAGE_FILE[input.stage]} over: the reviewer wants a fresh draft.\n\n${stagePrompt(input)}`;
}
