import { describe, expect, it } from 'vitest';
import { parseDesign } from './parse-design';
import { parseBugfix, parseRequirements } from './parse-requirements';
import { parseTasks } from './parse-tasks';
import { fixture } from './test-fixtures';
import { checkTraceability } from './traceability';

const requirements = parseRequirements(fixture('repo/.kiro/specs/todo-export/requirements.md'), 'requirements.md');
const design = parseDesign(fixture('repo/.kiro/specs/todo-export/design.md'), 'design.md');
const tasks = parseTasks(fixture('repo/.kiro/specs/todo-export/tasks.md'), 'tasks.md');

describe('checkTraceability', () => {
  it('warns about a requirement no task covers, and nothing else on a consistent spec', () => {
    expect(checkTraceability({ requirements, design, tasks })).toEqual([
      {
        file: 'requirements.md',
        line: 34,
        severity: 'warning',
        code: 'uncovered-requirement',
        message: 'requirement 3 (Progress): no task cites it',
      },
    ]);
  });

  it('reports tasks citing requirements that do not exist, at the citing line', () => {
    const broken = parseTasks(
      '- [ ] 1. A\n  - _Requirements: 1.1, 3.1, 3_\n- [ ] 2. B\n  - _Requirements: 2.9, 4_\n',
      'tasks.md',
    );
    const found = checkTraceability({ requirements, design: null, tasks: broken });
    expect(found.filter((d) => d.severity === 'error').map((d) => [d.line, d.code, d.message])).toEqual([
      [4, 'unknown-requirement', 'task 2 cites requirement 2.9, which requirements.md does not define'],
      [4, 'unknown-requirement', 'task 2 cites requirement 4, which requirements.md does not define'],
    ]);
    // 1 and 3 are cited; requirement 2 is not.
    expect(found.filter((d) => d.code === 'uncovered-requirement').map((d) => d.line)).toEqual([24]);
  });

  it('counts "All requirements" as covering everything', () => {
    const all = parseTasks('- [ ] 1. Everything\n  - _Requirements: All requirements_\n', 'tasks.md');
    expect(checkTraceability({ requirements, design: null, tasks: all })).toEqual([]);
  });

  it('reports design properties that validate nothing or cite missing requirements, and tasks naming unknown properties', () => {
    const d = parseDesign(
      '## Correctness Properties\n### Property 1: A\n*For any* x.\n### Property 2: B\n*For any* y.\n**Validates: Requirements 1.1, 9.2**\n',
      'design.md',
    );
    const t = parseTasks(
      '- [ ] 1. Test\n  - **Property 5: Missing**\n  - _Requirements: 1.1, 1.2, 1.3, 2.1, 3.1_\n',
      'tasks.md',
    );
    expect(
      checkTraceability({ requirements, design: d, tasks: t }).map((x) => [x.file, x.line, x.severity, x.code]),
    ).toEqual([
      ['design.md', 2, 'warning', 'property-validates-nothing'],
      ['design.md', 6, 'error', 'property-unknown-requirement'],
      ['tasks.md', 2, 'warning', 'unknown-property'],
    ]);
  });

  it('skips checks whose documents are missing (half-finished specs)', () => {
    expect(checkTraceability({ requirements: null, design: null, tasks })).toEqual([]);
    expect(checkTraceability({ requirements, design: null, tasks: null })).toEqual([]);
  });

  it("does not ask tasks to cover a bugfix's defect clauses", () => {
    const bugfix = parseBugfix(fixture('repo/.kiro/specs/emoji-csv/bugfix.md'), 'bugfix.md');
    const t = parseTasks('- [ ] 1. Fix\n  - _Requirements: 2.1_\n', 'tasks.md');
    expect(checkTraceability({ requirements: bugfix, design: null, tasks: t }).map((d) => [d.line, d.message])).toEqual(
      [[18, 'clauses 3.x: no task cites it']],
    );
  });
});
