import { describe, expect, it } from 'vitest';
import { specNameProblem, suggestSpecName } from './suggest-spec-name';

describe('suggestSpecName', () => {
  it("makes a kebab-case name of the idea's first meaningful words", () => {
    expect(suggestSpecName('Export the todo list as a CSV file from the menu.')).toBe('export-todo-list-csv');
    expect(suggestSpecName('Add a way to export todos')).toBe('export-todos');
    expect(suggestSpecName('Crash when  saving — ÉTÉ.txt!')).toBe('crash-saving-ete-txt');
  });

  it('is deterministic and always valid', () => {
    const idea = 'Users can sign in with GitHub OAuth and see their repos';
    expect(suggestSpecName(idea)).toBe(suggestSpecName(idea));
    expect(specNameProblem(suggestSpecName(idea))).toBeNull();
    expect(specNameProblem(suggestSpecName('x'.repeat(200)))).toBeNull();
  });

  it('steps around names already taken', () => {
    expect(suggestSpecName('CSV export', ['csv-export'])).toBe('csv-export-2');
    expect(suggestSpecName('CSV export', ['csv-export', 'csv-export-2'])).toBe('csv-export-3');
  });

  it('suggests nothing when the idea has no usable word', () => {
    expect(suggestSpecName('')).toBe('');
    expect(suggestSpecName('导出为 CSV'.slice(0, 3))).toBe('');
  });
});

describe('specNameProblem', () => {
  it('explains a bad or taken name in one sentence', () => {
    expect(specNameProblem('Bad Name')).toMatch(/kebab-case/);
    expect(specNameProblem('csv', ['csv'])).toBe('A spec named csv already exists; pick another name.');
    expect(specNameProblem('')).toMatch(/^Give the spec a name/);
    expect(specNameProblem('todo-export', ['csv'])).toBeNull();
  });
});
