/**
 * The crew scheduler: runs a task graph's ready tasks, at most `maxParallel` at once, through an injected
 * `runTask` (the lead plugs an agent session in a task worktree behind it; tests plug in fakes).
 *
 * - A task waits for its `dependsOn` ids and for its children (a parent is done after its subtasks).
 * - A parent with subtasks is a group: by default it is done once its subtasks are (no run of its own);
 *   `parents: 'run'` runs it too, after them.
 * - Optional tasks run only with `includeOptional` (or when selected by id); otherwise they are skipped and
 *   count as satisfied for whatever waits on them.
 * - Tasks already done in tasks.md are skipped and count as satisfied.
 * - `selected` narrows the run to those tasks plus everything they need (dependencies and subtasks, transitively).
 * - A failed task blocks its dependants (transitively; they never start); independent tasks carry on.
 * - Abort stops starting tasks and reaches the running ones through their `ctx.signal`; the run then
 *   waits for them to settle. Pause stops starting tasks; resume continues.
 * - Among ready tasks, file order (the order of `tasks`) decides.
 *
 * The scheduler writes nothing: ticking tasks.md, worktrees and merges belong to `runTask` / `onEvent`.
 */

/** What the scheduler needs of a task: a TaskNode from task-graph.ts, or a SpecTask from load-spec.ts, fits. */
export interface CrewTask {
  id: string;
  title: string;
  status: 'todo' | 'in_progress' | 'done' | 'queued';
  optional: boolean;
  parent: string | null;
  dependsOn: string[];
}

export interface TaskContext {
  /** Aborted when the crew is aborted. */
  signal: AbortSignal;
  /** 1-based position among the tasks started in this run. */
  ordinal: number;
}

export type TaskOutcome = { ok: true } | { ok: false; error: string };
export type RunTask<T extends CrewTask = CrewTask> = (task: T, ctx: TaskContext) => Promise<TaskOutcome>;

export type CrewEvent =
  | { type: 'task.started'; at: number; taskId: string }
  | { type: 'task.finished'; at: number; taskId: string; ms: number; ran: boolean }
  | { type: 'task.failed'; at: number; taskId: string; ms: number; error: string }
  | { type: 'task.blocked'; at: number; taskId: string; blockedBy: string[]; reason: string }
  | { type: 'task.reviewing'; at: number; taskId: string }
  /** Pending again: the retried task, and each task that had been blocked only because of it. */
  | { type: 'task.retried'; at: number; taskId: string }
  | { type: 'crew.paused'; at: number }
  | { type: 'crew.resumed'; at: number }
  | { type: 'crew.finished'; at: number; ms: number; aborted: boolean; counts: Record<TaskRunState, number> };

/**
 * Final state of each task in the run:
 * done (ran, or a group whose subtasks are done), failed, blocked (a dependency failed or can never finish),
 * already-done (done in tasks.md), skipped (optional, excluded), not-selected, cancelled (never started: abort).
 */
export type TaskRunState = 'done' | 'failed' | 'blocked' | 'already-done' | 'skipped' | 'not-selected' | 'cancelled';

export interface TaskSummary {
  id: string;
  state: TaskRunState;
  /** Whether runTask ran for it. */
  ran: boolean;
  startedAt?: number;
  finishedAt?: number;
  ms?: number;
  /** Time the finished task waited for review (included in ms). */
  reviewMs?: number;
  error?: string;
  /** For blocked tasks: the failed or unreachable tasks in the way. */
  blockedBy?: string[];
}

export interface CrewSummary {
  tasks: TaskSummary[];
  aborted: boolean;
  ms: number;
  /** True when every task in the run ended done, already-done, skipped or not-selected. */
  ok: boolean;
}

export interface CrewOptions<T extends CrewTask = CrewTask> {
  tasks: readonly T[];
  /** At most this many tasks run at once; default 4. */
  maxParallel?: number;
  includeOptional?: boolean;
  /** Run only these tasks (and what they need). */
  selected?: readonly string[];
  /** 'group' (default): a parent completes when its subtasks do; 'run': it runs after them. */
  parents?: 'group' | 'run';
  runTask: RunTask<T>;
  /**
   * A gate after a task's work (the person's review): the task frees its slot at once, and settles done or
   * failed when this does. The crew does not finish while a review is pending, not even after abort.
   */
  review?: RunTask<T>;
  onEvent?: (event: CrewEvent) => void;
  signal?: AbortSignal;
  /** Start paused. */
  paused?: boolean;
  /** Clock for events (tests). */
  now?: () => number;
}

export interface CrewHandle {
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  readonly finished: boolean;
  /**
   * Run a failed task again, and then whatever was blocked because of it. Only before the crew finished
   * (it finishes once nothing runs, is ready or is in review): from a task.failed listener, or while other
   * tasks run or wait for review. False, and nothing changes, for a task that is not failed.
   */
  retry(taskId: string): boolean;
  /** Settles when no task runs and none can start (or after abort, when the running ones settled). Never rejects for a task's failure. */
  readonly result: Promise<CrewSummary>;
}

export const DEFAULT_MAX_PARALLEL = 4;

const normalize = (r: TaskOutcome): TaskOutcome => (r && typeof r === 'object' && 'ok' in r ? r : { ok: false, error: `returned ${JSON.stringify(r)} instead of an outcome` });
const failure = (e: unknown): TaskOutcome => ({ ok: false, error: e instanceof Error ? e.message : String(e) });

/** Run the crew to the end; see startCrew for pause and resume. */
export function runCrew<T extends CrewTask>(options: CrewOptions<T>): Promise<CrewSummary> {
  return startCrew(options).result;
}

type Phase = 'pending' | 'running' | 'reviewing' | 'settled';

export function startCrew<T extends CrewTask>(options: CrewOptions<T>): CrewHandle {
  const now = options.now ?? Date.now;
  const maxParallel = Math.max(1, Math.floor(options.maxParallel ?? DEFAULT_MAX_PARALLEL));
  const started = now();
  const tasks = options.tasks;
  const index = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (!index.has(t.id)) index.set(t.id, i);
  });
  const emit = (event: CrewEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the crew.
    }
  };

  // Edges: waitsOn[i] = tasks i waits for; dependants[j] = tasks waiting for j. Duplicate ids: the first counts.
  const n = tasks.length;
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

  const summaries: TaskSummary[] = tasks.map((t) => ({ id: t.id, state: 'cancelled', ran: false }));
  const phase: Phase[] = new Array(n).fill('pending');
  const inRun = new Array<boolean>(n).fill(true);
  const explicitOptional = new Set<number>();

  // Selection: the selected tasks plus, transitively, everything they wait for.
  if (options.selected) {
    inRun.fill(false);
    const explicit = new Set<number>();
    const stack: number[] = [];
    for (const id of options.selected) {
      const i = index.get(id);
      if (i !== undefined) {
        explicit.add(i);
        stack.push(i);
      }
    }
    while (stack.length) {
      const i = stack.pop()!;
      if (inRun[i]) continue;
      inRun[i] = true;
      for (const j of waitsOn[i]) stack.push(j);
    }
    for (let i = 0; i < n; i++) if (!inRun[i]) settle(i, 'not-selected');
    // An optional task named in `selected` runs even without includeOptional.
    for (const i of explicit) if (tasks[i].optional) explicitOptional.add(i);
  }

  for (let i = 0; i < n; i++) {
    if (phase[i] !== 'pending') continue;
    if (index.get(tasks[i].id) !== i) settle(i, 'blocked', { blockedBy: [], error: `duplicate task id ${tasks[i].id}; the first one counts` });
    else if (tasks[i].status === 'done') settle(i, 'already-done');
    else if (tasks[i].optional && !options.includeOptional && !explicitOptional.has(i)) settle(i, 'skipped');
  }

  const missing = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (const j of waitsOn[i]) if (!satisfied(j)) missing[i]++;

  const ready: number[] = []; // sorted by file order
  const insertReady = (i: number) => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ready[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, i);
  };

  let running = 0;
  let reviewing = 0;
  let ordinal = 0;
  let paused = options.paused ?? false;
  let aborted = false;
  let finished = false;
  let resolve!: (s: CrewSummary) => void;
  const result = new Promise<CrewSummary>((r) => (resolve = r));
  const controller = new AbortController();

  // Unknown dependencies can never be met; failures in the other direction come from block().
  for (let i = 0; i < n; i++) {
    if (phase[i] === 'pending' && unknown[i].length) block(i, unknown[i], `depends on ${unknown[i].join(', ')}, which ${unknown[i].length > 1 ? 'are not tasks' : 'is not a task'} of this spec`);
  }
  for (let i = 0; i < n; i++) if (phase[i] === 'pending' && missing[i] === 0) becomeReady(i);

  const onAbort = () => {
    if (aborted) return;
    aborted = true;
    controller.abort(options.signal?.reason);
    pump();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  queueMicrotask(pump);

  function satisfied(j: number): boolean {
    const s = summaries[j].state;
    return phase[j] === 'settled' && (s === 'done' || s === 'already-done' || s === 'skipped');
  }

  function settle(i: number, state: TaskRunState, extra: Partial<TaskSummary> = {}) {
    phase[i] = 'settled';
    Object.assign(summaries[i], { state }, extra);
  }

  function becomeReady(i: number) {
    // A group completes at once when its subtasks are done; it never takes a slot.
    if (hasChildren[i] && (options.parents ?? 'group') === 'group') {
      const at = now();
      settle(i, 'done', { finishedAt: at, ms: 0 });
      emit({ type: 'task.finished', at, taskId: tasks[i].id, ms: 0, ran: false });
      release(i);
      return;
    }
    insertReady(i);
  }

  function release(j: number) {
    for (const i of dependants[j]) {
      if (phase[i] !== 'pending') continue;
      if (--missing[i] === 0) becomeReady(i);
    }
  }

  function block(i: number, blockedBy: string[], reason: string) {
    // Iterative: a failure at the head of a 10,000-task chain must not overflow the stack.
    const stack: [number, string[], string][] = [[i, blockedBy, reason]];
    while (stack.length) {
      const [k, by, why] = stack.pop()!;
      if (phase[k] !== 'pending') continue;
      const at = now();
      settle(k, 'blocked', { blockedBy: by, error: why, finishedAt: at });
      const r = ready.indexOf(k);
      if (r >= 0) ready.splice(r, 1);
      emit({ type: 'task.blocked', at, taskId: tasks[k].id, blockedBy: by, reason: why });
      for (const d of dependants[k]) if (phase[d] === 'pending') stack.push([d, [tasks[k].id], `waits for ${tasks[k].id}, which is blocked`]);
    }
  }

  function pump() {
    if (finished) return;
    while (!aborted && !paused && running < maxParallel && ready.length) start(ready.shift()!);
    if (running > 0 || reviewing > 0) return;
    if (aborted) return finish();
    if (ready.length) return; // paused with work left: resume() or abort continues
    // Nothing runs and nothing is ready: whatever is still pending waits on a cycle.
    for (let i = 0; i < n; i++) {
      if (phase[i] !== 'pending') continue;
      const by = waitsOn[i].filter((j) => phase[j] === 'pending').map((j) => tasks[j].id);
      block(i, by, `waits on a dependency cycle (${by.join(', ')})`);
    }
    finish();
  }

  function start(i: number) {
    const task = tasks[i];
    phase[i] = 'running';
    running++;
    const at = now();
    summaries[i].startedAt = at;
    summaries[i].ran = true;
    emit({ type: 'task.started', at, taskId: task.id });
    let outcome: Promise<TaskOutcome>;
    try {
      outcome = Promise.resolve(options.runTask(task, { signal: controller.signal, ordinal: ++ordinal }));
    } catch (e) {
      outcome = Promise.reject(e);
    }
    outcome
      .then(normalize, failure)
      .then((r) => {
        running--;
        if (r.ok && options.review) return review(i, at);
        settleRun(i, at, r);
      });
  }

  /** The task's work is done; its slot is free while the review decides how it settles. */
  function review(i: number, at: number) {
    const task = tasks[i];
    phase[i] = 'reviewing';
    reviewing++;
    const since = now();
    emit({ type: 'task.reviewing', at: since, taskId: task.id });
    queueMicrotask(pump);
    let verdict: Promise<TaskOutcome>;
    try {
      verdict = Promise.resolve(options.review!(task, { signal: controller.signal, ordinal }));
    } catch (e) {
      verdict = Promise.reject(e);
    }
    verdict.then(normalize, failure).then((r) => {
      reviewing--;
      summaries[i].reviewMs = now() - since;
      settleRun(i, at, r);
    });
  }

  function settleRun(i: number, at: number, r: TaskOutcome) {
    const task = tasks[i];
    const end = now();
    const ms = end - at;
    if (r.ok) {
      settle(i, 'done', { finishedAt: end, ms });
      emit({ type: 'task.finished', at: end, taskId: task.id, ms, ran: true });
      release(i);
    } else {
      settle(i, 'failed', { finishedAt: end, ms, error: r.error });
      emit({ type: 'task.failed', at: end, taskId: task.id, ms, error: r.error });
      for (const d of dependants[i]) block(d, [task.id], `waits for ${task.id}, which failed`);
    }
    pump();
  }

  /** A failed task back to pending, with everything blocked because of it (and nothing else in its way). */
  function retry(taskId: string): boolean {
    const i = index.get(taskId);
    if (finished || i === undefined || phase[i] !== 'settled' || summaries[i].state !== 'failed') return false;
    const reopened: number[] = [];
    const reopen = (k: number) => {
      phase[k] = 'pending';
      summaries[k] = { id: tasks[k].id, state: 'cancelled', ran: false };
      reopened.push(k);
      emit({ type: 'task.retried', at: now(), taskId: tasks[k].id });
    };
    reopen(i);
    // Blocked dependants whose every dependency is now satisfied or pending again come back too.
    const stack = [...dependants[i]];
    while (stack.length) {
      const k = stack.pop()!;
      if (phase[k] !== 'settled' || summaries[k].state !== 'blocked') continue;
      if (waitsOn[k].some((j) => phase[j] === 'settled' && !satisfied(j))) continue;
      if (unknown[k].length) continue;
      reopen(k);
      stack.push(...dependants[k]);
    }
    for (const k of reopened) {
      missing[k] = waitsOn[k].filter((j) => !satisfied(j)).length;
      if (missing[k] === 0) becomeReady(k);
    }
    queueMicrotask(pump);
    return true;
  }

  function finish() {
    if (finished) return;
    finished = true;
    options.signal?.removeEventListener('abort', onAbort);
    // Pending tasks left after an abort were never started: they stay 'cancelled'.
    const counts: Record<TaskRunState, number> = { done: 0, failed: 0, blocked: 0, 'already-done': 0, skipped: 0, 'not-selected': 0, cancelled: 0 };
    for (const s of summaries) counts[s.state]++;
    const end = now();
    const ok = counts.failed + counts.blocked + counts.cancelled === 0;
    emit({ type: 'crew.finished', at: end, ms: end - started, aborted, counts });
    resolve({ tasks: summaries, aborted, ms: end - started, ok });
  }

  return {
    retry,
    get finished() {
      return finished;
    },
    pause() {
      if (paused || finished) return;
      paused = true;
      emit({ type: 'crew.paused', at: now() });
    },
    resume() {
      if (!paused || finished) return;
      paused = false;
      emit({ type: 'crew.resumed', at: now() });
      pump();
    },
    get paused() {
      return paused;
    },
    result,
  };
}
