import { describe, expect, it } from 'vitest';
import { parseDesign } from './parse-design';
import { parseBugfix, parseRequirements } from './parse-requirements';
import { fixture } from './test-fixtures';

describe('parseRequirements', () => {
  it('reads requirements, user stories, N.k criteria with their EARS pattern, and the glossary', () => {
    const doc = parseRequirements(fixture('repo/.kiro/specs/todo-export/requirements.md'));
    expect(doc.glossary.map((g) => g.term)).toEqual(['Export_Service', 'Todo_List']);
    expect(doc.requirements.map((r) => [r.id, r.title, r.line])).toEqual([
      ['1', 'CSV export', 14],
      ['2', 'Export button', 24],
      ['3', 'Progress', 34],
    ]);
    expect(doc.requirements[0].userStory).toEqual({
      text: 'As a user, I want to export my todos as CSV, so that I can open them in a spreadsheet.',
      line: 16,
    });
    expect(doc.requirements.flatMap((r) => r.criteria.map((c) => [c.id, c.pattern]))).toEqual([
      ['1.1', 'event-driven'],
      ['1.2', 'unwanted-behaviour'],
      ['1.3', 'ubiquitous'],
      ['2.1', 'state-driven'],
      ['2.2', 'optional-feature'],
      ['2.3', 'complex'],
      ['3.1', null],
    ]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('reads localized headings, joins hard-wrapped criteria and keeps non-English text', () => {
    const doc = parseRequirements(fixture('requirements/localized.md'));
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ['1', 'Export als CSV'],
      ['2', '進捗表示'],
    ]);
    expect(doc.requirements[0].criteria[0].text).toBe(
      'WHEN der Benutzer „Als CSV exportieren“ wählt, THE Export_Service SHALL eine Zeile pro Aufgabe schreiben, auch wenn die Zeile sehr lang ist.',
    );
    expect(doc.requirements[1].userStory?.text).toBe('ユーザーとして、進捗を見たい。');
    expect(doc.requirements[1].criteria.map((c) => [c.id, c.pattern])).toEqual([['2.1', 'event-driven']]);
  });

  it('reads the 2025 dialect, criteria numbered 1..10', () => {
    const doc = parseRequirements(fixture('requirements/dialect-2025.md'));
    expect(doc.requirements[0].criteria.map((c) => c.id)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '1.7',
      '1.8',
      '1.9',
      '1.10',
    ]);
    expect(doc.glossary).toEqual([]);
  });

  it('warns when a document has no requirement headings, without throwing', () => {
    const doc = parseRequirements('# PRD\n\nJust prose, no stories.\n', 'prd.md');
    expect(doc.requirements).toEqual([]);
    expect(doc.diagnostics).toEqual([
      { file: 'prd.md', line: 1, severity: 'warning', code: 'no-requirements', message: expect.any(String) },
    ]);
  });
});

describe('parseBugfix', () => {
  it('reads current, expected and unchanged clauses as 1.x, 2.x, 3.x', () => {
    const doc = parseBugfix(fixture('repo/.kiro/specs/emoji-csv/bugfix.md'));
    expect(doc.kind).toBe('bugfix');
    expect(doc.requirements.map((r) => [r.id, r.section, r.criteria.map((c) => c.id)])).toEqual([
      ['1', 'current', ['1.1']],
      ['2', 'expected', ['2.1']],
      ['3', 'unchanged', ['3.1']],
    ]);
    expect(doc.requirements[1].criteria[0].text).toBe(
      'WHEN a todo title contains an emoji THEN the system SHALL write the emoji unchanged, byte for byte',
    );
  });
});

describe('parseDesign', () => {
  it('reads sections and correctness properties with what they validate', () => {
    const doc = parseDesign(fixture('repo/.kiro/specs/todo-export/design.md'));
    expect(doc.sections.filter((s) => s.level === 2).map((s) => s.title)).toEqual([
      'Overview',
      'Architecture',
      'Correctness Properties',
      'Testing Strategy',
    ]);
    expect(doc.properties).toEqual([
      {
        number: 1,
        name: 'One row per todo',
        statement: '*For any* list of todos, the CSV has one data row per visible todo.',
        validates: ['1.1'],
        line: 18,
        validatesLine: 22,
      },
      {
        number: 2,
        name: 'CSV round trip',
        statement:
          '*For any* list of todos, exporting to CSV and importing the file SHALL yield the same titles and done flags.',
        validates: ['1.1', '2.3'],
        line: 24,
        validatesLine: 28,
      },
    ]);
  });

  it('ignores headings inside fences and reads bold property lines', () => {
    const doc = parseDesign(
      '## Overview\n```\n## Not a section\n```\n**Property 3: Stable order**\n_Validates: Requirements 2.1_\n',
    );
    expect(doc.sections.map((s) => s.title)).toEqual(['Overview']);
    expect(doc.properties.map((p) => [p.number, p.name, p.validates])).toEqual([[3, 'Stable order', ['2.1']]]);
  });
});
