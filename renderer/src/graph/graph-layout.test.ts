import { describe, expect, it } from 'vitest';
import type { TaskGraph, TaskNode } from '../../../electron/contract';
import { layoutGraph, structureKey, toGraphModel, waveNodeId } from './graph-layout';

/** A task graph as the contract delivers it (what `specs.load` sends): the renderer never parses tasks.md. */
const node = (id: string, status: TaskNode['status'], extra: Partial<TaskNode> = {}): TaskNode =>
  ({
    id,
    synthetic: false,
    title: id,
    status,
    optional: false,
    parallel: false,
    parent: null,
    requirements: [],
    dependsOn: [],
    ...extra,
  }) as TaskNode;
const graphOf = (tasks: TaskNode[], waves: TaskGraph['waves'] = []): TaskGraph =>
  ({ tasks, waves, diagnostics: [] }) as unknown as TaskGraph;

describe('toGraphModel', () => {
  it('draws subtasks, dependencies and wave order (through one boundary node per wave)', () => {
    // tasks.md: 1 done; 2 with subtasks 2.1 and 2.2; 3 depending on 1; waves [1], [2.1, 2.2, 3].
    const graph = graphOf(
      [
        node('1', 'done', { line: 1 }),
        node('2', 'todo', { line: 2, dependsOn: ['2.1', '2.2'] }),
        node('2.1', 'todo', { line: 3, parent: '2', dependsOn: ['1'] }),
        node('2.2', 'todo', { line: 4, parent: '2', dependsOn: ['1'] }),
        node('3', 'todo', { line: 5, dependsOn: ['1'] }),
      ],
      [
        { id: 0, tasks: ['1'] },
        { id: 1, tasks: ['2.1', '2.2', '3'] },
      ] as TaskGraph['waves'],
    );
    const model = toGraphModel(graph);
    expect(model.nodes.map((n) => n.id)).toEqual(['1', '2', '2.1', '2.2', '3', waveNodeId(1)]);
    const edges = model.edges.map((e) => `${e.source}->${e.target}:${e.kind}`).sort();
    expect(edges).toEqual([
      '1->wave:1:wave',
      '2.1->2:subtask',
      '2.2->2:subtask',
      'wave:1->2.1:wave',
      'wave:1->2.2:wave',
      'wave:1->3:wave',
    ]);
  });

  it('keeps the structure key when only a status changes, and lays every node out', async () => {
    const before = toGraphModel(
      graphOf([node('1', 'todo', { line: 1 }), node('2', 'todo', { line: 2, dependsOn: ['1'] })]),
    );
    const after = toGraphModel(
      graphOf([node('1', 'done', { line: 1 }), node('2', 'in_progress', { line: 2, dependsOn: ['1'] })]),
    );
    expect(structureKey(after)).toBe(structureKey(before));
    const positions = await layoutGraph(after);
    expect(positions.size).toBe(2);
    expect(positions.get('2')!.y).toBeGreaterThan(positions.get('1')!.y); // a task sits below what it waits for
  });
});
