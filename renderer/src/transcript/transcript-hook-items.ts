import type { SessionEvent } from '../../../electron/contract';

type HookStarted = Extract<SessionEvent, { type: 'hook.started' }>;
type HookCompleted = Extract<SessionEvent, { type: 'hook.completed' }>;

/** One run of one hook, as the transcript shows it. */
export interface HookRunView {
  runId: string;
  hook: string;
  event: string;
  /** Absolute path of the hook's file (the line's title). */
  file: string;
  /** The file relative to the session's folder when it lies inside it, else its name (the line is short). */
  shownFile: string;
  status: 'running' | 'completed' | 'blocked' | 'failed';
  durationMs: number | null;
  exitCode: number | null;
  reason?: string;
  systemMessage?: string;
  output: string;
  /** Codex `suppressOutput`: the output stays folded, with no preview on the line. */
  suppressOutput: boolean;
  /** Codex `statusMessage`: what the line says while the hook runs. */
  statusMessage?: string;
}

/**
 * The hooks of one moment (one event of one turn: before a tool call, after it, at the prompt, at the end): they
 * run concurrently, so they share one entry with a line per run.
 */
export interface HookMomentItem {
  kind: 'hooks';
  id: string;
  event: string;
  turn: number | null;
  runs: HookRunView[];
}

/**
 * The file as the line shows it: relative to the session's folder where it lies inside it (`.codex/hooks.json`),
 * else its name (the home's `hooks.json`); the full path is in the line's title and its folded detail.
 */
export function shownHookFile(file: string, cwd: string | null): string {
  const base = cwd ? (cwd.endsWith('/') ? cwd : `${cwd}/`) : null;
  if (base && file.startsWith(base)) return file.slice(base.length);
  return file.split(/[\\/]/).pop() || file;
}

function runningView(e: HookStarted | HookCompleted, cwd: string | null): HookRunView {
  return {
    ...(e.type === 'hook.started' && e.statusMessage ? { statusMessage: e.statusMessage } : {}),
    runId: e.runId,
    hook: e.hook,
    event: e.event,
    file: e.file,
    shownFile: shownHookFile(e.file, cwd),
    status: 'running',
    durationMs: null,
    exitCode: null,
    output: '',
    suppressOutput: false,
  };
}

/**
 * Whether a started run belongs to the moment `last` shows: the same event of the same turn, right after it in the
 * log, and none of that moment's runs has ended yet (the engine logs every start of a moment before any end, so a
 * run that starts after one ended is the next moment: the next denied tool call, the next Stop).
 */
export function joinsMoment(last: unknown, e: HookStarted): last is HookMomentItem {
  const moment = last as HookMomentItem | undefined;
  return (
    moment?.kind === 'hooks' &&
    moment.event === e.event &&
    moment.turn === (e.turn ?? null) &&
    moment.runs.every((r) => r.status === 'running')
  );
}

/** A moment with this run added (a new moment when `moment` is undefined). */
export function withStartedRun(moment: HookMomentItem | undefined, e: HookStarted, cwd: string | null): HookMomentItem {
  const run = runningView(e, cwd);
  if (moment) return { ...moment, runs: [...moment.runs, run] };
  return { kind: 'hooks', id: `hooks-${e.runId}`, event: e.event, turn: e.turn ?? null, runs: [run] };
}

/** The moment with this run ended (added, if its start is not in the log). */
export function withCompletedRun(
  moment: HookMomentItem | undefined,
  e: HookCompleted,
  cwd: string | null,
): HookMomentItem {
  const base = moment ?? { kind: 'hooks', id: `hooks-${e.runId}`, event: e.event, turn: e.turn ?? null, runs: [] };
  const ended: HookRunView = {
    ...runningView(e, cwd),
    status: e.status,
    durationMs: e.durationMs,
    exitCode: e.exitCode,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.systemMessage ? { systemMessage: e.systemMessage } : {}),
    output: e.output,
    suppressOutput: e.suppressOutput ?? false,
  };
  const at = base.runs.findIndex((r) => r.runId === e.runId);
  const runs = at < 0 ? [...base.runs, ended] : base.runs.map((r, i) => (i === at ? ended : r));
  return { ...base, runs };
}
