import { describe, expect, it } from 'vitest';
import { parseTasks } from '../../../electron/core/specs/parse-tasks';
import { buildTaskGraph } from '../../../electron/core/specs/task-graph';
import { layoutGraph, structureKey, toGraphModel, waveNodeId } from './graph-layout';

const graphOf = (text: string) => buildTaskGraph(parseTasks(text, 'tasks.md'));

describe('toGraphModel', () => {
  it('draws subtasks, dependencies and wave order (through one boundary node per wave)', () => {
    const graph = graphOf(
      ['- [x] 1. A', '- [ ] 2. B', '  - [ ] 2.1 B1', '  - [ ] 2.2 B2', '- [ ] 3. C', '  - _Depends: 1_', '', '## Task Dependency Graph', '', '```json',
        '{"waves":[{"id":0,"tasks":["1"]},{"id":1,"tasks":["2.1","2.2","3"]}]}', '```', ''].join('\n'),
    );
    const model = toGraphModel(graph);
    expect(model.nodes.map((n) => n.id)).toEqual(['1', '2', '2.1', '2.2', '3', waveNodeId(1)]);
    const edges = model.edges.map((e) => `${e.source}->${e.target}:${e.kind}`).sort();
    expect(edges).toEqual(['1->wave:1:wave', '2.1->2:subtask', '2.2->2:subtask', 'wave:1->2.1:wave', 'wave:1->2.2:wave', 'wave:1->3:wave']);
  });

  it('keeps the structure key when only a status changes, and lays every node out', async () => {
    const before = toGraphModel(graphOf('- [ ] 1. A\n- [ ] 2. B\n  - _Depends: 1_\n'));
    const after = toGraphModel(graphOf('- [x] 1. A\n- [-] 2. B\n  - _Depends: 1_\n'));
    expect(structureKey(after)).toBe(structureKey(before));
    const positions = await layoutGraph(after);
    expect(positions.size).toBe(2);
    expect(positions.get('2')!.y).toBeGreaterThan(positions.get('1')!.y); // a task sits below what it waits for
  });
});
