/**
 * The run's shape before anything runs: who waits for whom (dependencies, and a parent for its
 * subtasks), which ids are unknown, and which tasks settle at once (not selected, duplicate ids,
 * already done, optional and left out). Pure functions over the task list; tasks are referred to by
 * their position in it.
 */
import type { CrewTask, TaskRunState, TaskSummary } from './crew-types';

export interface CrewGraph {
  /** First position of each id: with duplicate ids, the first one counts. */
  index: Map<string, number>;
  /** waitsOn[i]: the tasks i waits for. */
  waitsOn: number[][];
  /** dependants[j]: the tasks waiting for j. */
  dependants: number[][];
  /** unknown[i]: ids i depends on that are not tasks of the run. */
  unknown: string[][];
  /** hasChildren[i]: i is a parent with subtasks. */
  hasChildren: boolean[];
}

export function buildCrewGraph(tasks: readonly CrewTask[]): CrewGraph {
  const n = tasks.length;
  const index = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (!index.has(t.id)) index.set(t.id, i);
  });
  const waitsOn: number[][] = Array.from({ length: n }, () => []);
  const dependants: number[][] = Array.from({ length: n }, () => []);
  const unknown: string[][] = Array.from({ length: n }, () => []);
  const hasChildren = new Array<boolean>(n).fill(false);
  const link = (i: number, j: number) => {
    if (i === j || waitsOn[i].includes(j)) return;
    waitsOn[i].push(j);
    dependants[j].push(i);
  };
  for (let i = 0; i < n; i++) {
    if (index.get(tasks[i].id) !== i) continue;
    for (const dep of tasks[i].dependsOn) {
      const j = index.get(dep);
      if (j === undefined) unknown[i].push(dep);
      else link(i, j);
    }
    const p = tasks[i].parent === null ? undefined : index.get(tasks[i].parent!);
    if (p !== undefined && p !== i) {
      link(p, i);
      hasChildren[p] = true;
    }
  }
  return { index, waitsOn, dependants, unknown, hasChildren };
}

/** How a task ends before the run starts; null: it takes part. */
export type InitialState = { state: TaskRunState; extra?: Partial<TaskSummary> } | null;

export interface SelectionOptions {
  /** Run only these tasks, plus (transitively) everything they wait for. */
  selected?: readonly string[];
  includeOptional?: boolean;
}

export function initialStates(tasks: readonly CrewTask[], graph: CrewGraph, options: SelectionOptions): InitialState[] {
  const n = tasks.length;
  const inRun = new Array<boolean>(n).fill(true);
  // An optional task named in `selected` runs even without includeOptional.
  const explicitOptional = new Set<number>();
  if (options.selected) {
    inRun.fill(false);
    const stack: number[] = [];
    for (const id of options.selected) {
      const i = graph.index.get(id);
      if (i === undefined) continue;
      stack.push(i);
      if (tasks[i].optional) explicitOptional.add(i);
    }
    while (stack.length) {
      const i = stack.pop()!;
      if (inRun[i]) continue;
      inRun[i] = true;
      for (const j of graph.waitsOn[i]) stack.push(j);
    }
  }
  return tasks.map((task, i): InitialState => {
    if (!inRun[i]) return { state: 'not-selected' };
    if (graph.index.get(task.id) !== i)
      return {
        state: 'blocked',
        extra: { blockedBy: [], error: `duplicate task id ${task.id}; the first one counts` },
      };
    if (task.status === 'done') return { state: 'already-done' };
    if (task.optional && !options.includeOptional && !explicitOptional.has(i)) return { state: 'skipped' };
    return null;
  });
}
