/**
 * Each task's place in a crew run (pending, running, reviewing, settled), its summary, and how a
 * settled task moves the others: what it releases when done, what it blocks when it failed, what a
 * retry brings back. Emits the task.* events; knows nothing of slots, pause or abort (scheduler.ts).
 */
import type { CrewGraph, InitialState } from './crew-graph';
import type { CrewEvent, CrewTask, TaskOutcome, TaskRunState, TaskSummary } from './crew-types';
import { ReadyQueue } from './ready-queue';

type Phase = 'pending' | 'running' | 'reviewing' | 'settled';

export interface BoardOptions {
  /** 'group': a parent is done when its subtasks are; 'run': it runs after them. */
  parents: 'group' | 'run';
  emit: (event: CrewEvent) => void;
  now: () => number;
}

export class TaskBoard<T extends CrewTask> {
  /** One per task, in file order: what the run settles with. */
  readonly summaries: TaskSummary[];
  private readonly phase: Phase[];
  /** missing[i]: how many of the tasks i waits for are not satisfied yet. */
  private readonly missing: number[];
  private readonly ready = new ReadyQueue();

  constructor(
    private readonly tasks: readonly T[],
    private readonly graph: CrewGraph,
    initial: readonly InitialState[],
    private readonly options: BoardOptions,
  ) {
    const n = tasks.length;
    this.summaries = tasks.map((t) => ({ id: t.id, state: 'cancelled', ran: false }));
    this.phase = new Array<Phase>(n).fill('pending');
    initial.forEach((s, i) => {
      if (s) this.settle(i, s.state, s.extra);
    });
    this.missing = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (const j of graph.waitsOn[i]) if (!this.satisfied(j)) this.missing[i]++;
  }

  /** Blocks the tasks on unknown dependencies (they can never be met) and readies those that wait for nothing. */
  open(): void {
    const { unknown } = this.graph;
    for (let i = 0; i < this.tasks.length; i++) {
      if (this.phase[i] === 'pending' && unknown[i].length)
        this.block(
          i,
          unknown[i],
          `depends on ${unknown[i].join(', ')}, which ${unknown[i].length > 1 ? 'are not tasks' : 'is not a task'} of this spec`,
        );
    }
    for (let i = 0; i < this.tasks.length; i++)
      if (this.phase[i] === 'pending' && this.missing[i] === 0) this.becomeReady(i);
  }

  task(i: number): T {
    return this.tasks[i];
  }

  get hasReady(): boolean {
    return this.ready.size > 0;
  }

  /** The next ready task in file order, off the queue. */
  takeReady(): number | undefined {
    return this.ready.take();
  }

  /** The task starts its work; returns when. */
  markRunning(i: number): number {
    this.phase[i] = 'running';
    const at = this.options.now();
    this.summaries[i].startedAt = at;
    this.summaries[i].ran = true;
    this.options.emit({ type: 'task.started', at, taskId: this.tasks[i].id });
    return at;
  }

  /** The task's work is done and waits for its review; returns since when. */
  markReviewing(i: number): number {
    this.phase[i] = 'reviewing';
    const since = this.options.now();
    this.options.emit({ type: 'task.reviewing', at: since, taskId: this.tasks[i].id });
    return since;
  }

  reviewed(i: number, since: number): void {
    this.summaries[i].reviewMs = this.options.now() - since;
  }

  /** A task that ran (since `at`) settles: done releases its dependants, failed blocks them. */
  settleRun(i: number, at: number, r: TaskOutcome): void {
    const task = this.tasks[i];
    const end = this.options.now();
    const ms = end - at;
    if (r.ok) {
      this.settle(i, 'done', { finishedAt: end, ms });
      this.options.emit({ type: 'task.finished', at: end, taskId: task.id, ms, ran: true });
      this.release(i);
    } else {
      this.settle(i, 'failed', { finishedAt: end, ms, error: r.error });
      this.options.emit({ type: 'task.failed', at: end, taskId: task.id, ms, error: r.error });
      for (const d of this.graph.dependants[i]) this.block(d, [task.id], `waits for ${task.id}, which failed`);
    }
  }

  /** Nothing runs and nothing is ready: whatever is still pending waits on a cycle. */
  blockStranded(): void {
    for (let i = 0; i < this.tasks.length; i++) {
      if (this.phase[i] !== 'pending') continue;
      const by = this.graph.waitsOn[i].filter((j) => this.phase[j] === 'pending').map((j) => this.tasks[j].id);
      this.block(i, by, `waits on a dependency cycle (${by.join(', ')})`);
    }
  }

  /** A failed task back to pending, with everything blocked because of it (and nothing else in its way). False for a task that is not failed. */
  retry(taskId: string): boolean {
    const { index, dependants, waitsOn, unknown } = this.graph;
    const i = index.get(taskId);
    if (i === undefined || this.phase[i] !== 'settled' || this.summaries[i].state !== 'failed') return false;
    const reopened: number[] = [];
    const reopen = (k: number) => {
      this.phase[k] = 'pending';
      this.summaries[k] = { id: this.tasks[k].id, state: 'cancelled', ran: false };
      reopened.push(k);
      this.options.emit({ type: 'task.retried', at: this.options.now(), taskId: this.tasks[k].id });
    };
    reopen(i);
    // Blocked dependants whose every dependency is now satisfied or pending again come back too.
    const stack = [...dependants[i]];
    while (stack.length) {
      const k = stack.pop()!;
      if (this.phase[k] !== 'settled' || this.summaries[k].state !== 'blocked') continue;
      if (waitsOn[k].some((j) => this.phase[j] === 'settled' && !this.satisfied(j))) continue;
      if (unknown[k].length) continue;
      reopen(k);
      stack.push(...dependants[k]);
    }
    for (const k of reopened) {
      this.missing[k] = waitsOn[k].filter((j) => !this.satisfied(j)).length;
      if (this.missing[k] === 0) this.becomeReady(k);
    }
    return true;
  }

  counts(): Record<TaskRunState, number> {
    const counts: Record<TaskRunState, number> = {
      done: 0,
      failed: 0,
      blocked: 0,
      'already-done': 0,
      skipped: 0,
      'not-selected': 0,
      cancelled: 0,
    };
    for (const s of this.summaries) counts[s.state]++;
    return counts;
  }

  private satisfied(j: number): boolean {
    const s = this.summaries[j].state;
    return this.phase[j] === 'settled' && (s === 'done' || s === 'already-done' || s === 'skipped');
  }

  private settle(i: number, state: TaskRunState, extra: Partial<TaskSummary> = {}): void {
    this.phase[i] = 'settled';
    Object.assign(this.summaries[i], { state }, extra);
  }

  private becomeReady(i: number): void {
    // A group completes at once when its subtasks are done; it never takes a slot.
    if (this.graph.hasChildren[i] && this.options.parents === 'group') {
      const at = this.options.now();
      this.settle(i, 'done', { finishedAt: at, ms: 0 });
      this.options.emit({ type: 'task.finished', at, taskId: this.tasks[i].id, ms: 0, ran: false });
      this.release(i);
      return;
    }
    this.ready.add(i);
  }

  private release(j: number): void {
    for (const i of this.graph.dependants[j]) {
      if (this.phase[i] !== 'pending') continue;
      if (--this.missing[i] === 0) this.becomeReady(i);
    }
  }

  private block(i: number, blockedBy: string[], reason: string): void {
    // Iterative: a failure at the head of a 10,000-task chain must not overflow the stack.
    const stack: [number, string[], string][] = [[i, blockedBy, reason]];
    while (stack.length) {
      const [k, by, why] = stack.pop()!;
      if (this.phase[k] !== 'pending') continue;
      const at = this.options.now();
      this.settle(k, 'blocked', { blockedBy: by, error: why, finishedAt: at });
      this.ready.remove(k);
      this.options.emit({ type: 'task.blocked', at, taskId: this.tasks[k].id, blockedBy: by, reason: why });
      for (const d of this.graph.dependants[k])
        if (this.phase[d] === 'pending')
          stack.push([d, [this.tasks[k].id], `waits for ${this.tasks[k].id}, which is blocked`]);
    }
  }
}
