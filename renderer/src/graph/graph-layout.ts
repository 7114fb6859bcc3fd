// The task graph's shape and layout: plain TypeScript without the DOM, shared by the graph pane and
// bench/spec-graph.bench.ts so the benchmark times exactly what the pane runs.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { TaskGraph, TaskNode } from '../../../electron/contract/specs';

export const TASK_NODE_SIZE = { width: 176, height: 58 };
export const WAVE_NODE_SIZE = { width: 92, height: 22 };

/**
 * elk's layered algorithm, top to bottom: a task sits below everything it waits for. A plan of ordinary size keeps
 * file order within a layer (model order) and elk's default thoroughness; a big one (LARGE_GRAPH nodes or more) drops
 * both, which is what keeps 1,000 tasks near or under a second (bench/spec-graph.bench.ts).
 */
export const LAYOUT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'POLYLINE',
};
export const LARGE_GRAPH = 300;
export const LARGE_LAYOUT_OPTIONS: LayoutOptions = {
  ...LAYOUT_OPTIONS,
  'elk.layered.considerModelOrder.strategy': 'NONE',
  'elk.layered.thoroughness': '1',
};
export const layoutOptionsFor = (nodes: number): LayoutOptions =>
  nodes >= LARGE_GRAPH ? LARGE_LAYOUT_OPTIONS : LAYOUT_OPTIONS;

export type GraphNodeModel =
  | { kind: 'task'; id: string; task: TaskNode }
  /** A wave boundary: every task of the previous wave leads into it, every task of this wave leads out of it. */
  | { kind: 'wave'; id: string; wave: number };

export interface GraphEdgeModel {
  id: string;
  /** The task that must be done first. */
  source: string;
  target: string;
  /** subtask: a parent waits for its children; dependency: `_Depends:_` or file order; wave: through a wave boundary. */
  kind: 'subtask' | 'dependency' | 'wave';
}

export interface GraphModel {
  nodes: GraphNodeModel[];
  edges: GraphEdgeModel[];
}

export const waveNodeId = (wave: number) => `wave:${wave}`;

/**
 * What the pane draws of a task graph. Wave order in the contract is every task of wave k before every task of
 * wave k+1 (k×m edges); here it becomes one boundary node per wave (k+m edges), which reads better and lays out
 * faster. Every other dependency is one edge from the prerequisite to the task that waits.
 */
export function toGraphModel(graph: TaskGraph): GraphModel {
  const byId = new Map<string, TaskNode>();
  for (const t of graph.tasks) if (!byId.has(t.id)) byId.set(t.id, t);
  const children = new Map<string, string[]>();
  for (const t of byId.values())
    if (t.parent !== null) children.set(t.parent, [...(children.get(t.parent) ?? []), t.id]);
  const leavesOf = (id: string, seen = new Set<string>()): string[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    const kids = children.get(id);
    return kids?.length ? kids.flatMap((k) => leavesOf(k, seen)) : [id];
  };

  // Position of each leaf's wave among the non-empty waves, and that wave's id (as task-graph.ts assigns them).
  const wavePos = new Map<string, number>();
  const waveIds: number[] = [];
  for (const wave of graph.waves) {
    const members = wave.tasks
      .filter((id) => byId.has(id))
      .flatMap((id) => leavesOf(id))
      .filter((id) => !wavePos.has(id));
    if (!members.length) continue;
    for (const id of members) wavePos.set(id, waveIds.length);
    waveIds.push(wave.id);
  }

  const nodes: GraphNodeModel[] = [...byId.values()].map((task) => ({ kind: 'task', id: task.id, task }));
  const edges = new Map<string, GraphEdgeModel>();
  const add = (source: string, target: string, kind: GraphEdgeModel['kind']) => {
    const id = `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, kind });
  };
  const usedWaves = new Set<number>();
  for (const task of byId.values()) {
    for (const dep of task.dependsOn) {
      if (!byId.has(dep)) continue;
      if (byId.get(dep)!.parent === task.id) {
        add(dep, task.id, 'subtask');
        continue;
      }
      const to = wavePos.get(task.id);
      const from = wavePos.get(dep);
      if (to !== undefined && from === to - 1) {
        const boundary = waveNodeId(waveIds[to]);
        usedWaves.add(to);
        add(dep, boundary, 'wave');
        add(boundary, task.id, 'wave');
        continue;
      }
      add(dep, task.id, 'dependency');
    }
  }
  for (const pos of [...usedWaves].sort((a, b) => a - b))
    nodes.push({ kind: 'wave', id: waveNodeId(waveIds[pos]), wave: waveIds[pos] });
  return { nodes, edges: [...edges.values()] };
}

/** Ids and edges only: the layout is redone when this changes, not when a task's status or title does. */
export function structureKey(model: GraphModel): string {
  return `${model.nodes.map((n) => n.id).join('\n')}\n\n${model.edges.map((e) => e.id).join('\n')}`;
}

export type Positions = Map<string, { x: number; y: number }>;

/** One elk engine for every layout, made on first use: it holds no graph between calls, only its own set-up. */
let shared: InstanceType<typeof ELK> | null = null;

/** Top-left corner of every node, from elk's layered layout (the bundled build: no worker needed). */
export async function layoutGraph(model: GraphModel): Promise<Positions> {
  shared ??= new ELK();
  const root: ElkNode = {
    id: '__root',
    layoutOptions: layoutOptionsFor(model.nodes.length),
    children: model.nodes.map((n) => ({ id: n.id, ...(n.kind === 'task' ? TASK_NODE_SIZE : WAVE_NODE_SIZE) })),
    edges: model.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = await shared.layout(root);
  const positions: Positions = new Map();
  for (const child of laid.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
