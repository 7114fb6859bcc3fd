/**
 * A proposed plan (plan mode's `<proposed_plan>` Markdown) as a Kiro quick spec's three documents, without asking a
 * model: the title and summary introduce the requirements, the plan's tests become acceptance criteria, the whole
 * plan is the design, and its numbered steps (or the bullets of its changes section) are the tasks. The person
 * reviews and refines them in the spec pane; a crew can run the tasks.
 */
export function planToSpec(plan: string): Record<'requirements.md' | 'design.md' | 'tasks.md', string> {
  const lines = plan.replace(/\r\n/g, '\n').split('\n');
  const title = headingText(lines.find((l) => /^#{1,6}\s/.test(l))) ?? firstWords(plan);
  const summary = introduction(lines);
  const tests = sectionItems(lines, /test|acceptance|verif/i);
  const steps = topLevelItems(lines, /^\d+[.)]\s+/);
  const tasks = steps.length ? steps : sectionItems(lines, /change|step|implement|work/i);
  const criteria = (tests.length ? tests : [`the change described in design.md is in place`]).map(
    (t, i) => `${i + 1}. THE system SHALL satisfy: ${t}`,
  );
  return {
    'requirements.md': `# Requirements Document

## Introduction

${summary || title}

## Requirements

### Requirement 1

**User Story:** As a developer, I want ${lowerFirst(title)}, so that the approved plan is carried out.

#### Acceptance Criteria

${criteria.join('\n')}
`,
    'design.md': `# Design Document

## Overview

The plan as it was approved in plan mode.

${demote(plan.trim())}
`,
    'tasks.md': `# Implementation Plan

## Tasks

${(tasks.length ? tasks : ['Carry out the plan in design.md'])
  .map((t, i) => `- [ ] ${i + 1}. ${t}\n  - _Requirements: 1.1_`)
  .join('\n')}
`,
  };
}

function headingText(line: string | undefined): string | null {
  return line ? line.replace(/^#{1,6}\s+/, '').trim() || null : null;
}

function firstWords(text: string): string {
  return text.trim().split('\n')[0].slice(0, 80) || 'The plan';
}

/** The paragraphs between the title and the first section heading. */
function introduction(lines: string[]): string {
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^#{1,6}\s/.test(l));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
}

/** The list items (one line each) of the first section whose heading matches. */
function sectionItems(lines: string[], heading: RegExp): string[] {
  const start = lines.findIndex((l) => /^#{2,6}\s/.test(l) && heading.test(l));
  if (start === -1) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^#{1,6}\s/.test(l));
  return topLevelItems(end === -1 ? rest : rest.slice(0, end), /^(?:[-*+]|\d+[.)])\s+/);
}

function topLevelItems(lines: string[], marker: RegExp): string[] {
  return lines
    .filter((l) => marker.test(l))
    .map((l) => l.replace(marker, '').trim())
    .filter(Boolean);
}

/** The plan's headings one level down, under the design's Overview. */
function demote(markdown: string): string {
  return markdown.replace(/^(#{1,4})\s/gm, '##$1 ');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
