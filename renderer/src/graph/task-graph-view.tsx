import {
  Background,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { CrewTaskRow, SpecDetail, TaskNode, TaskStatus } from '../../../electron/contract';
import { CREW_ONLY_STATES, CREW_STATE_LABEL } from '../crew/crew-states';
import { useCrew } from '../state/crew-store';
import { useSpecs } from '../state/spec-store';
import { layoutGraph, structureKey, toGraphModel, type Positions } from './graph-layout';
import { ZoomControls } from './zoom-controls';

/** Words for each state of tasks.md; a running crew adds its own (crew-states.ts). */
export const STATUS_LABEL: Record<TaskStatus, string> = {
  todo: 'to do',
  in_progress: 'in progress',
  done: 'done',
  queued: 'queued',
};
const STATUSES: TaskStatus[] = ['todo', 'queued', 'in_progress', 'done'];

export const taskAriaLabel = (t: TaskNode) =>
  `Task ${t.id}: ${t.title}, ${STATUS_LABEL[t.status]}${t.optional ? ', optional' : ''}`;

/** `crew`: what the running crew knows of the task beyond tasks.md (awaiting review, failed, …). */
type TaskNodeData = { task: TaskNode; crew?: CrewTaskRow['state'] };
type WaveNodeData = { wave: number };
type TaskFlowNode = Node<TaskNodeData, 'task'>;
type WaveFlowNode = Node<WaveNodeData, 'wave'>;

const TaskNodeView = memo(function TaskNodeView({ data }: NodeProps<TaskFlowNode>) {
  const { task, crew } = data;
  return (
    <div
      className={`graph-task status-${task.status}${crew ? ` crew-${crew}` : ''}${task.optional ? ' optional' : ''}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="graph-task-head">
        <span className="graph-task-id">{task.synthetic ? '·' : task.id}</span>
        <span className="graph-task-status">{crew ? CREW_STATE_LABEL[crew] : STATUS_LABEL[task.status]}</span>
        {task.optional && <span className="graph-task-optional">optional</span>}
      </div>
      <div className="graph-task-title">{task.title}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const WaveNodeView = memo(function WaveNodeView({ data }: NodeProps<WaveFlowNode>) {
  return (
    <div className="graph-wave">
      <Handle type="target" position={Position.Top} isConnectable={false} />
      wave {data.wave}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const NODE_TYPES = { task: TaskNodeView, wave: WaveNodeView };
/** The automatic fit keeps titles legible (the person pans, or presses Fit View to see everything). */
const AUTO_FIT = { padding: 0.12, minZoom: 0.55, maxZoom: 1.2 };
const BIG = 300;

export default function TaskGraphView({ detail }: { detail: SpecDetail }) {
  return (
    <ReactFlowProvider>
      <GraphCanvas detail={detail} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ detail }: { detail: SpecDetail }) {
  const graph = detail.graph!;
  const selectedTask = useSpecs((s) => s.selectedTask);
  const crewRows = useCrew((s) => (s.spec === detail.name ? s.rows : null));
  const crewStates = useMemo(
    () => new Map(crewRows?.filter((r) => CREW_ONLY_STATES.has(r.state)).map((r) => [r.taskId, r.state])),
    [crewRows],
  );
  const model = useMemo(() => toGraphModel(graph), [graph]);
  const key = useMemo(() => structureKey(model), [model]);
  const [laid, setLaid] = useState<{ key: string; positions: Positions } | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const flow = useReactFlow();

  // Lay out again only when tasks or edges change; a status change just recolours the nodes where they are.
  const layOut = useEffectEvent(() => layoutGraph(model));
  useEffect(() => {
    let live = true;
    layOut().then(
      (positions) => live && setLaid({ key, positions }),
      (err: Error) => live && setLayoutError(err.message),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const laidKey = laid?.key;
  useEffect(() => {
    if (laidKey === undefined) return;
    const frame = requestAnimationFrame(() => void flow.fitView(AUTO_FIT));
    return () => cancelAnimationFrame(frame);
  }, [laidKey, flow]);

  const nodes = useMemo<(TaskFlowNode | WaveFlowNode)[]>(() => {
    if (!laid) return [];
    return model.nodes.map((n) => {
      const position = laid.positions.get(n.id) ?? { x: 0, y: 0 };
      if (n.kind === 'wave')
        return {
          id: n.id,
          type: 'wave',
          position,
          data: { wave: n.wave },
          selectable: false,
          focusable: false,
          draggable: false,
          ariaLabel: `Wave ${n.wave} starts`,
        };
      return {
        id: n.id,
        type: 'task',
        position,
        data: { task: n.task, crew: crewStates.get(n.task.id) },
        draggable: false,
        selected: n.id === selectedTask,
        ariaLabel: `${taskAriaLabel(n.task)}${crewStates.has(n.task.id) ? `, ${CREW_STATE_LABEL[crewStates.get(n.task.id)!]}` : ''}`,
        ariaRole: 'button',
      };
    });
  }, [model, laid, selectedTask, crewStates]);

  const edges = useMemo<Edge[]>(
    () =>
      model.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `graph-edge graph-edge-${e.kind}`,
        markerEnd: e.kind === 'subtask' ? undefined : { type: MarkerType.ArrowClosed, width: 14, height: 14 },
        focusable: false,
        ariaLabel: e.kind === 'subtask' ? `${e.source} is part of ${e.target}` : `${e.source} before ${e.target}`,
      })),
    [model],
  );

  const onNodesChange = (changes: NodeChange[]) => {
    for (const change of changes)
      if (change.type === 'select' && change.selected && !change.id.startsWith('wave:'))
        useSpecs.getState().selectTask(change.id);
  };

  const counts = useMemo(() => {
    const c: Record<TaskStatus, number> = { todo: 0, queued: 0, in_progress: 0, done: 0 };
    for (const t of graph.tasks) c[t.status]++;
    return c;
  }, [graph]);
  const task = selectedTask ? graph.tasks.find((t) => t.id === selectedTask) : undefined;

  return (
    <div className="graph-pane">
      <div className="graph-legend" role="group" aria-label={`Task states of ${detail.name}`}>
        {STATUSES.map((s) => (
          <span key={s} className={`graph-legend-item status-${s}`}>
            <span className="graph-swatch" aria-hidden="true" />
            {counts[s]} {STATUS_LABEL[s]}
          </span>
        ))}
      </div>
      <div className="graph-canvas" aria-label={`Task graph of ${detail.name}`} role="region">
        {layoutError && <p className="pane-message">The graph could not be laid out: {layoutError}</p>}
        {!laid && !layoutError && <div className="loading">Laying out {graph.tasks.length} tasks…</div>}
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onPaneClick={() => useSpecs.getState().selectTask(null)}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onlyRenderVisibleElements={graph.tasks.length > BIG}
          minZoom={0.05}
          maxZoom={2}
          fitView
          fitViewOptions={AUTO_FIT}
          colorMode="dark"
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          <ZoomControls />
        </ReactFlow>
      </div>
      {task && <TaskDetails detail={detail} task={task} />}
    </div>
  );
}

function TaskDetails({ detail, task }: { detail: SpecDetail; task: TaskNode }) {
  const tasksDoc = detail.documents.find((d) => d.kind === 'tasks');
  const text = useMemo(() => (tasksDoc ? taskText(tasksDoc.text, task.line) : []), [tasksDoc, task.line]);
  const cited = useMemo(() => citedRequirements(detail, task.requirements), [detail, task.requirements]);
  const waitsFor = task.dependsOn.filter((d) => graphTask(detail, d)?.parent !== task.id);
  const subtasks = detail.graph!.tasks.filter((t) => t.parent === task.id);
  return (
    <aside className="graph-details" aria-label="Task details">
      <div className="graph-details-head">
        <h3>
          Task {task.synthetic ? '' : task.id} {task.title}
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label="Close task details"
          onClick={() => useSpecs.getState().selectTask(null)}
        >
          ×
        </button>
      </div>
      <label className="graph-details-status">
        Status{' '}
        <select
          aria-label="Task status"
          value={task.status}
          disabled={!tasksDoc || tasksDoc.readOnly}
          onChange={(e) => void useSpecs.getState().setTaskStatus(task.id, e.target.value as TaskStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        {task.optional && <span className="badge">optional</span>}
      </label>
      {text.length > 0 && (
        <ul className="graph-details-text" aria-label="Task text">
          {text.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {subtasks.length > 0 && <p className="graph-details-row">Subtasks: {subtasks.map((t) => t.id).join(', ')}</p>}
      {waitsFor.length > 0 && <p className="graph-details-row">Waits for: {waitsFor.join(', ')}</p>}
      {task.status !== 'done' && !task.synthetic && detail.layout === 'specs' && (
        <p className="graph-details-row">
          <button
            type="button"
            className="button small"
            onClick={() => void useCrew.getState().run(detail.name, { tasks: [task.id] })}
          >
            Run this task
          </button>{' '}
          <span className="pane-note">with whatever it waits for that is not done</span>
        </p>
      )}
      <div className="graph-details-requirements" role="group" aria-label="Requirements">
        <h4>Requirements</h4>
        {cited.length === 0 && <p className="graph-details-row">This task cites no requirement.</p>}
        {cited.map((c) => (
          <p key={c.id} className="graph-details-row">
            <span className="graph-req-id">{c.id}</span> {c.text}
          </p>
        ))}
      </div>
    </aside>
  );
}

const graphTask = (detail: SpecDetail, id: string) => detail.graph?.tasks.find((t) => t.id === id);

/** The cited criteria (`1.2`) or whole requirements (`3`, `*`) in words; unknown ids say so. */
function citedRequirements(detail: SpecDetail, ids: string[]): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  for (const id of ids) {
    if (id === '*') {
      out.push({ id: 'all', text: 'All requirements' });
      continue;
    }
    const requirement = detail.requirements.find((r) => r.id === id);
    if (requirement) {
      out.push({ id, text: `Requirement ${requirement.id}${requirement.title ? `: ${requirement.title}` : ''}` });
      continue;
    }
    const criterion = detail.requirements.flatMap((r) => r.criteria).find((c) => c.id === id);
    out.push({ id, text: criterion ? criterion.text : '(not found in the requirements)' });
  }
  return out;
}

/** The detail lines written under a task in tasks.md (until the next task or heading), bullets stripped. */
export function taskText(source: string, line: number): string[] {
  const lines = source.split(/\r?\n/);
  const indentOf = (s: string) => s.length - s.trimStart().length;
  const own = indentOf(lines[line - 1] ?? '');
  const out: string[] = [];
  for (let i = line; i < lines.length; i++) {
    const text = lines[i];
    if (!text.trim()) continue;
    if (/^\s*[-*+]\s*\[.\]/.test(text) || /^#/.test(text) || indentOf(text) <= own) break;
    const item = text.trim().replace(/^[-*+]\s+/, '');
    if (/^[_*]+(Requirements|Depends|Validates)\b/i.test(item)) continue; // shown as requirements and "waits for"
    out.push(item);
  }
  return out;
}
