import type { TaskGraph, TaskNode } from '../../contract/specs';
import type { SpecDiagnostic, SpecTask, TasksDocument } from './spec-model';
import { diagnostic } from './spec-model';

/**
 * The task graph of a tasks.md: every checkbox task is a node; a task depends on its subtasks (a parent is
 * done after its children), on its `_Depends:_` ids, on every task of the previous wave of the dependency
 * graph, and, when the file has neither graph nor dependencies, on the previous leaf in file order (a run of
 * cc-sdd `(P)` siblings shares one predecessor). Cycles and unknown ids are diagnostics; the graph still forms.
 */
export function buildTaskGraph(doc: TasksDocument): TaskGraph {
  const { file, tasks } = doc;
  const diagnostics: SpecDiagnostic[] = [...doc.diagnostics];
  const byId = new Map<string, SpecTask>();
  for (const task of tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  const deps = new Map<string, Set<string>>();
  for (const id of byId.keys()) deps.set(id, new Set());
  const add = (task: string, before: string) => deps.get(task)!.add(before);

  for (const task of byId.values()) for (const child of task.children) if (byId.has(child)) add(task.id, child);

  let explicit = false;
  for (const task of byId.values()) {
    for (const dep of task.dependsOn) {
      explicit = true;
      const line = task.details.find((d) => /depend|依存|abhängig/i.test(d.label))?.line ?? task.line;
      if (!byId.has(dep))
        diagnostics.push(
          diagnostic(
            file,
            line,
            'error',
            'unknown-dependency',
            `task ${task.id} depends on ${dep}, which is not a task in this file`,
          ),
        );
      else add(task.id, dep);
    }
  }

  const leaves = [...byId.values()].filter((t) => t.children.length === 0);
  if (doc.waves) {
    const { waves, idLines, line: graphLine } = doc.waves;
    const waveOf = new Map<string, number>();
    let previous: string[] = [];
    for (const wave of waves) {
      const members: string[] = [];
      for (const named of wave.tasks) {
        const at = idLines.get(named) ?? graphLine;
        if (!byId.has(named)) {
          diagnostics.push(
            diagnostic(
              file,
              at,
              'error',
              'unknown-wave-task',
              `wave ${wave.id} names task ${named}, which is not a task in this file`,
            ),
          );
          continue;
        }
        // Waves name executable leaves; a parent named in a wave stands for its subtasks (it waits for them anyway).
        for (const id of leavesOf(named, byId)) {
          if (waveOf.has(id)) {
            diagnostics.push(
              diagnostic(
                file,
                at,
                'warning',
                'task-in-several-waves',
                `task ${id} is in wave ${waveOf.get(id)} and again in wave ${wave.id}; the first counts`,
              ),
            );
            continue;
          }
          waveOf.set(id, wave.id);
          members.push(id);
        }
      }
      for (const id of members) for (const before of previous) add(id, before);
      if (members.length) previous = members;
    }
    for (const leaf of leaves) {
      if (!waveOf.has(leaf.id) && !leaf.optional) {
        diagnostics.push(
          diagnostic(
            file,
            leaf.line,
            'warning',
            'task-not-in-wave',
            `task ${leaf.id} is in no wave of the task dependency graph; nothing orders it`,
          ),
        );
      }
    }
  } else if (!explicit) {
    let previous: SpecTask[] = [];
    let group: SpecTask[] = [];
    for (const leaf of leaves) {
      const joins = leaf.parallel && group.length > 0 && group.every((t) => t.parallel && t.parent === leaf.parent);
      if (!joins) {
        if (group.length) previous = group;
        group = [];
      }
      group.push(leaf);
      for (const before of previous) add(leaf.id, before.id);
    }
  }

  diagnostics.push(...findCycles(deps, byId, file));
  diagnostics.push(...stateDrift(byId, file));

  const nodes: TaskNode[] = tasks.map((t) => ({
    id: t.id,
    synthetic: t.synthetic,
    title: t.title,
    status: t.status,
    optional: t.optional,
    parallel: t.parallel,
    parent: t.parent,
    requirements: t.requirements,
    // A duplicate id's second task is out of the graph; it gets no edges of its own.
    dependsOn: byId.get(t.id) === t ? [...deps.get(t.id)!] : [],
    line: t.line,
  }));
  return { tasks: nodes, waves: doc.waves?.waves ?? [], diagnostics };
}

function leavesOf(id: string, byId: Map<string, SpecTask>): string[] {
  const leaves: string[] = [];
  const visit = (at: string, depth: number) => {
    const task = byId.get(at);
    if (!task) return;
    if (!task.children.length || depth > 32) leaves.push(at);
    else for (const child of task.children) visit(child, depth + 1);
  };
  visit(id, 0);
  return leaves;
}

/** Tarjan's strongly connected components, iteratively (a 10,000-task chain must not overflow the stack). */
function findCycles(deps: Map<string, Set<string>>, byId: Map<string, SpecTask>, file: string): SpecDiagnostic[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: SpecDiagnostic[] = [];
  let counter = 0;
  for (const root of deps.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; it: Iterator<string> }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, it: deps.get(id)![Symbol.iterator]() });
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const next = frame.it.next();
      if (!next.done) {
        const to = next.value;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      if (component.length > 1 || deps.get(frame.id)!.has(frame.id)) {
        const members = component.map((id) => byId.get(id)!).sort((a, b) => a.line - b.line);
        const path = cyclePath(members[0].id, new Set(component), deps);
        found.push(
          diagnostic(
            file,
            members[0].line,
            'error',
            'dependency-cycle',
            `dependency cycle: ${path.join(' → ')}; these tasks can never start`,
          ),
        );
      }
    }
  }
  return found;
}

/** A shortest way around the cycle from `start` back to itself, inside its component. */
function cyclePath(start: string, component: Set<string>, deps: Map<string, Set<string>>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const to of deps.get(id)!) {
      if (!component.has(to)) continue;
      if (to === start) {
        // Edges point from a task to what it waits for: "A → B" reads "A waits for B".
        const chain: string[] = [];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = cameFrom.get(at)) chain.push(at);
        return [start, ...chain.reverse(), start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** A parent ticked while a required subtask is not: shown, never "fixed" without the user. */
function stateDrift(byId: Map<string, SpecTask>, file: string): SpecDiagnostic[] {
  const found: SpecDiagnostic[] = [];
  for (const task of byId.values()) {
    if (task.status !== 'done') continue;
    const open = task.children.map((id) => byId.get(id)!).filter((c) => c && !c.optional && c.status !== 'done');
    if (open.length) {
      found.push(
        diagnostic(
          file,
          task.line,
          'warning',
          'state-drift',
          `task ${task.id} is ticked done while ${open.map((c) => c.id).join(', ')} ${open.length > 1 ? 'are' : 'is'} not`,
        ),
      );
    }
  }
  return found;
}
