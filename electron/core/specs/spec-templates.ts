import type { SpecKind, SpecWorkflow } from '../../contract/specs';

/** Starting documents for a new spec: the headings Kiro generates, with placeholders to replace. */
const REQUIREMENTS = `# Requirements Document

## Introduction

<!-- What this feature is for, and for whom. -->

## Requirements

### Requirement 1

**User Story:** As a <role>, I want <capability>, so that <benefit>.

#### Acceptance Criteria

1. WHEN <trigger>, THE <System> SHALL <response>.
`;

const BUGFIX = `# Bugfix Requirements Document

## Introduction

<!-- The defect, and how it shows. -->

## Bug Analysis

### Current Behavior (Defect)

1.1 WHEN <condition> THEN the system <does the wrong thing>

### Expected Behavior (Correct)

2.1 WHEN <condition> THEN the system SHALL <do the right thing>

### Unchanged Behavior (Regression Prevention)

3.1 WHEN <other condition> THEN the system SHALL CONTINUE TO <behave as before>
`;

const DESIGN = `# Design Document

## Overview

## Architecture

## Components and Interfaces

## Data Models

## Correctness Properties

## Error Handling

## Testing Strategy
`;

const TASKS = `# Implementation Plan

## Tasks

## Notes

- Tasks marked with \`*\` are optional and can be skipped for a faster MVP.
`;

/** The documents a new spec starts with: the first stage of its workflow, or all three for a quick spec. */
export function specTemplates(kind: SpecKind, workflow: SpecWorkflow): Record<string, string> {
  const first: Record<string, string> =
    kind === 'bugfix' ? { 'bugfix.md': BUGFIX } : { 'requirements.md': REQUIREMENTS };
  if (workflow === 'quick') return { ...first, 'design.md': DESIGN, 'tasks.md': TASKS };
  if (workflow === 'design-first') return { 'design.md': DESIGN };
  return first;
}
