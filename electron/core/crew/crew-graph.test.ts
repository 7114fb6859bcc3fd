import { describe, expect, it } from 'vitest';
import { buildCrewGraph, initialStates } from './crew-graph';
import type { CrewTask } from './crew-types';
import { ReadyQueue } from './ready-queue';

const task = (id: string, extra: Partial<CrewTask> = {}): CrewTask => ({
  id,
  title: `task ${id}`,
  status: 'todo',
  optional: false,
  parent: null,
  dependsOn: [],
  ...extra,
});

describe('buildCrewGraph', () => {
  it('links dependencies and parents to their subtasks, once each, and keeps unknown ids apart', () => {
    const graph = buildCrewGraph([
      task('1'),
      task('1.1', { parent: '1' }),
      task('2', { dependsOn: ['1', '1', 'zz', '2'] }),
    ]);
    expect(graph.waitsOn).toEqual([[1], [], [0]]);
    expect(graph.dependants).toEqual([[2], [0], []]);
    expect(graph.unknown).toEqual([[], [], ['zz']]);
    expect(graph.hasChildren).toEqual([true, false, false]);
  });

  it('with duplicate ids, the first one counts and the later one links nothing', () => {
    const graph = buildCrewGraph([task('a'), task('b'), task('a', { dependsOn: ['b'] })]);
    expect(graph.index.get('a')).toBe(0);
    expect(graph.waitsOn[2]).toEqual([]);
    expect(graph.dependants[1]).toEqual([]);
  });
});

describe('initialStates', () => {
  const tasks = [
    task('1'),
    task('2', { dependsOn: ['1'] }),
    task('3', { status: 'done' }),
    task('4', { optional: true }),
    task('5', { optional: true }),
    task('1'),
  ];
  const graph = buildCrewGraph(tasks);

  it('settles done, optional and duplicate tasks before the run; the rest take part', () => {
    expect(initialStates(tasks, graph, {}).map((s) => s?.state ?? null)).toEqual([
      null,
      null,
      'already-done',
      'skipped',
      'skipped',
      'blocked',
    ]);
    expect(initialStates(tasks, graph, { includeOptional: true }).map((s) => s?.state ?? null)).toEqual([
      null,
      null,
      'already-done',
      null,
      null,
      'blocked',
    ]);
    expect(initialStates(tasks, graph, {})[5]?.extra?.error).toBe('duplicate task id 1; the first one counts');
  });

  it('a selection takes what it names and what that waits for; a named optional task runs without includeOptional', () => {
    expect(initialStates(tasks, graph, { selected: ['2', '4', 'nope'] }).map((s) => s?.state ?? null)).toEqual([
      null,
      null,
      'not-selected',
      null,
      'not-selected',
      'not-selected',
    ]);
  });
});

describe('ReadyQueue', () => {
  it('hands out tasks in file order, whatever order they became ready in', () => {
    const queue = new ReadyQueue();
    for (const i of [5, 1, 3, 0]) queue.add(i);
    queue.remove(3);
    expect([queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([0, 1, 5, undefined]);
    expect(queue.size).toBe(0);
  });
});
