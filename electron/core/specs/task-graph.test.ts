import { describe, expect, it } from 'vitest';
import { specSchemas } from '../../contract/specs';
import { parseTasks } from './parse-tasks';
import { buildTaskGraph } from './task-graph';
import { fixture } from './test-fixtures';

const graphOf = (file: string) => buildTaskGraph(parseTasks(fixture(file), file));
const deps = (graph: ReturnType<typeof graphOf>) => Object.fromEntries(graph.tasks.map((t) => [t.id, t.dependsOn]));
const codes = (graph: ReturnType<typeof graphOf>) => graph.diagnostics.map((d) => [d.code, d.line, d.severity]);

describe('buildTaskGraph', () => {
  it('orders by waves and nesting, and matches the contract schema', () => {
    const graph = graphOf('repo/.kiro/specs/todo-export/tasks.md');
    expect(specSchemas().TaskGraph.parse(graph)).toEqual(graph);
    expect(deps(graph)).toEqual({
      '1': [],
      '2': ['2.1', '2.2'],
      '2.1': ['1'],
      '2.2': ['1'],
      '3': ['1'],
      '4': ['2.1', '2.2', '3'],
    });
    expect(graph.diagnostics).toEqual([]);
  });

  it('uses file order when there is neither graph nor _Depends:_, nesting still counts', () => {
    expect(deps(graphOf('tasks/unnumbered.md'))).toEqual({
      t1: [],
      t2: ['t3', 't4'],
      t3: ['t1'],
      t4: ['t3'],
      t5: ['t4'],
    });
  });

  it('uses explicit _Depends:_ instead of file order when a file has them', () => {
    expect(deps(graphOf('tasks/cc-sdd.md'))).toEqual({
      '1': ['1.1', '1.2', '1.3'],
      '1.1': [],
      '1.2': [],
      '1.3': ['1.1', '1.2'],
      '2': ['2.1'],
      '2.1': ['1.3'],
    });
  });

  it('lets a run of (P) siblings share one predecessor in file order', () => {
    const text = '- [ ] 1. Setup\n- [ ] 2. (P) A\n- [ ] 3. (P) B\n- [ ] 4. Join\n';
    expect(deps(buildTaskGraph(parseTasks(text)))).toEqual({ '1': [], '2': ['1'], '3': ['1'], '4': ['2', '3'] });
  });

  it('reports each cycle once, at the line of its first task, with the path', () => {
    const graph = graphOf('tasks/cycle.md');
    expect(graph.diagnostics).toEqual([
      {
        file: 'tasks/cycle.md',
        line: 3,
        severity: 'error',
        code: 'dependency-cycle',
        message: 'dependency cycle: 1 → 3 → 2 → 1; these tasks can never start',
      },
      {
        file: 'tasks/cycle.md',
        line: 9,
        severity: 'error',
        code: 'dependency-cycle',
        message: 'dependency cycle: 4 → 4.1 → 4; these tasks can never start',
      },
    ]);
    expect(graph.tasks).toHaveLength(5); // the graph still forms
  });

  it('reports an unknown dependency at its _Depends:_ line and keeps the known one', () => {
    const graph = graphOf('tasks/unknown-dep.md');
    expect(codes(graph)).toEqual([['unknown-dependency', 5, 'error']]);
    expect(graph.diagnostics[0].message).toBe('task 2 depends on 7.3, which is not a task in this file');
    expect(deps(graph)['2']).toEqual(['1']);
  });

  it('reports a duplicate id at its second line; the duplicate stays in the list without edges', () => {
    const graph = graphOf('tasks/duplicate.md');
    expect(codes(graph)).toEqual([['duplicate-task-id', 5, 'error']]);
    expect(graph.diagnostics[0].message).toMatch(/task id 2 is used twice \(first on line 4\)/);
    expect(graph.tasks.map((t) => [t.id, t.status, t.dependsOn])).toEqual([
      ['1', 'todo', []],
      ['2', 'todo', ['1']],
      ['2', 'done', []],
    ]);
  });

  it('reports malformed waves JSON at the line of the error and falls back to file order', () => {
    const graph = graphOf('tasks/malformed-waves.md');
    expect(codes(graph)).toEqual([['waves-malformed-json', 12, 'error']]);
    expect(graph.waves).toEqual([]);
    expect(deps(graph)).toEqual({ '1': [], '2': ['1'] });
  });

  it('warns on an unreadable non-JSON graph (an ASCII tree) and uses file order', () => {
    const graph = graphOf('tasks/ascii-graph.md');
    expect(codes(graph)).toEqual([['waves-unreadable', 9, 'warning']]);
    expect(deps(graph)['2']).toEqual(['1']);
  });

  it('reports a wave naming an unknown task at its line, and a required leaf in no wave', () => {
    const graph = graphOf('tasks/waves-unknown.md');
    expect(codes(graph)).toEqual([
      ['unknown-wave-task', 12, 'error'],
      ['task-not-in-wave', 5, 'warning'],
    ]);
    expect(deps(graph)).toEqual({ '1': [], '2': ['1'], '3': [] });
  });

  it('expands a parent named in a wave to its subtasks', () => {
    const text =
      '- [ ] 1. A\n  - [ ] 1.1 a\n  - [ ] 1.2 b\n- [ ] 2. B\n\n## Task Dependency Graph\n```json\n{"waves":[{"id":0,"tasks":["1"]},{"id":1,"tasks":["2"]}]}\n```\n';
    const graph = buildTaskGraph(parseTasks(text));
    expect(deps(graph)).toEqual({ '1': ['1.1', '1.2'], '1.1': [], '1.2': [], '2': ['1.1', '1.2'] });
    expect(graph.diagnostics).toEqual([]);
  });

  it('accepts a bare array of arrays as waves', () => {
    const text = '- [ ] 1. A\n- [ ] 2. B\n- [ ] 3. C\n## Task Dependency Graph\n```json\n[["1", "2"], ["3"]]\n```\n';
    const graph = buildTaskGraph(parseTasks(text));
    expect(graph.waves).toEqual([
      { id: 0, tasks: ['1', '2'] },
      { id: 1, tasks: ['3'] },
    ]);
    expect(deps(graph)).toEqual({ '1': [], '2': [], '3': ['1', '2'] });
  });

  it('warns when a parent is ticked while a required subtask is not (optional ones do not count)', () => {
    const text = '- [x] 1. Parent\n  - [x] 1.1 done\n  - [ ]* 1.2 optional\n- [x] 2. Parent\n  - [-] 2.1 running\n';
    const graph = buildTaskGraph(parseTasks(text));
    expect(codes(graph)).toEqual([['state-drift', 4, 'warning']]);
    expect(graph.diagnostics[0].message).toBe('task 2 is ticked done while 2.1 is not');
  });

  it('survives a long chain without recursion limits', () => {
    const text = Array.from(
      { length: 20_000 },
      (_, i) => `- [ ] ${i + 1}. Task ${i + 1}\n  - _Depends: ${i === 0 ? 20_000 : i}_\n`,
    ).join('');
    const graph = buildTaskGraph(parseTasks(text));
    expect(codes(graph)).toEqual([['dependency-cycle', 1, 'error']]);
  });
});
