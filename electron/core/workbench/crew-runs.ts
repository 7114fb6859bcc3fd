import { randomUUID } from 'node:crypto';
import type { CrewTaskRow, SessionEvent, WorkbenchEvent } from '../../contract';
import { runSpec } from '../crew/run-spec';

/**
 * Crew runs started from the window: `trellis spec run` in the background, its progress turned into
 * one row per subagent (state, current step, time, tokens, cost) and broadcast as `crew.task` events.
 */
export class CrewRuns {
  /** By spec folder: one run of a spec at a time. */
  private readonly running = new Map<string, { runId: string; controller: AbortController }>();

  constructor(
    private readonly home: string,
    private readonly broadcast: (event: WorkbenchEvent) => void,
    private readonly log: (message: string) => void,
  ) {}

  start(workspaceId: string, specDir: string, spec: string, options: { maxParallel?: number; includeOptional?: boolean }): string {
    if (this.running.has(specDir)) throw new Error(`${spec} is already running`);
    const runId = randomUUID();
    const controller = new AbortController();
    this.running.set(specDir, { runId, controller });
    const rows = new Map<string, CrewTaskRow>();
    const titles = new Map<string, string>();
    const send = (taskId: string, change: Partial<CrewTaskRow>) => {
      const row: CrewTaskRow = { taskId, title: titles.get(taskId) ?? taskId, state: 'running', tokens: 0, costUsd: 0, ...rows.get(taskId), ...change };
      rows.set(taskId, row);
      this.broadcast({ type: 'crew.task', workspaceId, runId, spec, task: row });
    };
    void runSpec({
      home: this.home,
      specDir,
      ...options,
      signal: controller.signal,
      onTasks: (tasks) => tasks.forEach((t) => titles.set(t.id, t.title)),
      onEvent: (event) => {
        const at = event.at;
        if (event.type === 'task.started') send(event.taskId, { state: 'running', startedAt: at });
        else if (event.type === 'task.finished' && event.ran) send(event.taskId, { state: rows.get(event.taskId)?.state === 'merged' ? 'merged' : 'done', finishedAt: at });
        else if (event.type === 'task.failed') send(event.taskId, { state: 'failed', finishedAt: at, error: event.error });
        else if (event.type === 'task.blocked') send(event.taskId, { state: 'blocked', error: `waits for ${event.blockedBy.join(', ')}` });
        else if (event.type === 'task.merged') send(event.taskId, { state: 'merged', branch: event.branch });
      },
      onSessionEvent: (taskId, event) => {
        const step = stepOf(event);
        if (event.type === 'session.started') send(taskId, { sessionId: event.session });
        if (step) send(taskId, { step });
        if (event.type === 'turn.completed') send(taskId, { tokens: event.sessionUsage.inputTokens + event.sessionUsage.outputTokens, costUsd: event.sessionUsage.costUsd });
      },
    })
      .then((result) => this.broadcast({ type: 'crew.finished', workspaceId, runId, spec, ok: result.summary.ok && !result.failures.length, failures: result.failures }))
      .catch((err) => {
        this.log(`crew run of ${spec} failed: ${(err as Error).stack ?? err}`);
        this.broadcast({ type: 'crew.finished', workspaceId, runId, spec, ok: false, failures: [(err as Error).message] });
      })
      .finally(() => this.running.delete(specDir));
    return runId;
  }

  /** Stop starting tasks and interrupt the running subagents; what finished stays merged. */
  stop(runId: string): boolean {
    const run = [...this.running.values()].find((r) => r.runId === runId);
    run?.controller.abort();
    return !!run;
  }

  stopAll(): void {
    for (const run of this.running.values()) run.controller.abort();
  }
}

/** What a subagent is doing now, in a few words: its last command or patch. */
function stepOf(event: SessionEvent): string | null {
  if (event.type === 'exec.started') return `$ ${event.command}`;
  if (event.type === 'patch.applied' && event.success) return `patched ${event.changes.map((c) => c.path).join(', ')}`;
  if (event.type === 'turn.started') return 'thinking';
  return null;
}
