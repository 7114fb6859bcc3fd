import { describe, expect, it } from 'vitest';
import { tempRepo } from '../testing/temp-repo';
import { createSpec } from './create-spec';
import { lintSpec } from './lint-spec';
import { loadSpec } from './load-spec';
import { planToSpec } from './plan-to-spec';

const PLAN = `# Export todos as CSV

Add a CSV export beside the JSON one, so people can open their todos in a spreadsheet.

## Key changes
- \`src/export.ts\`: a \`toCsv(todos)\` function.

1. Add \`toCsv\` in src/export.ts, quoting commas and quotes.
2. Add an "Export CSV" button to the toolbar.

## Tests
- A todo with a comma in its title round-trips.
- The button downloads todos.csv.
`;

describe('a proposed plan saved as a Kiro spec', () => {
  it('reads back as a spec: its steps are tasks, its tests acceptance criteria, the plan the design', async () => {
    const root = tempRepo({ 'README.md': 'x\n' });
    const { dir } = await createSpec(root, 'export-csv', {
      kind: 'feature',
      workflow: 'quick',
      documents: planToSpec(PLAN),
    });
    const spec = await loadSpec(dir);

    expect(spec.tasks?.tasks.map((t) => t.title)).toEqual([
      'Add `toCsv` in src/export.ts, quoting commas and quotes.',
      'Add an "Export CSV" button to the toolbar.',
    ]);
    expect(spec.requirements?.requirements[0].criteria.map((c) => c.text)).toEqual([
      expect.stringContaining('A todo with a comma in its title round-trips.'),
      expect.stringContaining('The button downloads todos.csv.'),
    ]);
    expect(spec.requirements?.source).toContain('Add a CSV export beside the JSON one');
    expect(spec.design?.sections.map((section) => section.title)).toEqual(
      expect.arrayContaining(['Overview', 'Export todos as CSV', 'Key changes', 'Tests']),
    );
    expect(spec.tasks?.tasks.every((t) => t.requirements.includes('1.1'))).toBe(true);
    expect(lintSpec(spec).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a plan without numbered steps still has a task, and one without tests a criterion', () => {
    const { 'tasks.md': tasks, 'requirements.md': requirements } = planToSpec('Just do the thing.');
    expect(tasks).toContain('- [ ] 1. Carry out the plan in design.md');
    expect(requirements).toContain('1. THE system SHALL satisfy: the change described in design.md is in place');
  });
});
