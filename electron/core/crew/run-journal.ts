/**
 * The journal of a crew run: its header (spec, repository, options), every change of a task's row, and how
 * it ended. Written like a session log (each record on disk before it is acknowledged), so when the app is
 * closed or killed mid-run, the run's state comes back on reopening and unfinished tasks can be resumed.
 * One file per run: `<home>/crew-runs/<runId>.jsonl`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { crewSchemas, lazy, type CrewTaskRow } from '../../contract';
import { JsonlAppender, readJsonl } from '../storage/jsonl-file';

/** The journal's records, built on first use (a command that runs no crew never needs them). */
const journalSchemas = lazy(() => {
  const Header = z.object({
    runId: z.string().regex(/^[\w-]+$/),
    spec: z.string(),
    specDir: z.string(),
    /** The repository's top folder. */
    repo: z.string(),
    /** The branch tasks merge into. */
    branch: z.string().nullable(),
    startedAt: z.number(),
    pid: z.number().int(),
    options: z.object({
      tasks: z.array(z.string()).optional(),
      maxParallel: z.number().optional(),
      includeOptional: z.boolean().optional(),
    }),
  });
  const Finish = z.object({
    at: z.number(),
    ok: z.boolean(),
    aborted: z.boolean(),
    failures: z.array(z.string()),
    settled: z.enum(['resumed', 'dismissed']).optional(),
  });
  const JournalRecord = z.discriminatedUnion('type', [
    z.object({ type: z.literal('run.started'), header: Header }),
    z.object({ type: z.literal('task'), row: crewSchemas().CrewTaskRow }),
    z.object({ type: z.literal('run.finished'), finish: Finish }),
  ]);
  return { Header, Finish, JournalRecord };
});
type JournalSchemas = ReturnType<typeof journalSchemas>;
export type CrewRunHeader = z.infer<JournalSchemas['Header']>;
type Finish = z.infer<JournalSchemas['Finish']>;
type JournalRecord = z.infer<JournalSchemas['JournalRecord']>;

export interface RecoveredRun {
  header: CrewRunHeader;
  file: string;
  /** The last row of each task, in first-seen order; a task still running when the journal stopped is `interrupted`. */
  rows: CrewTaskRow[];
  finished: Finish | null;
  /** Lines torn or unreadable (never fatal). */
  skipped: number;
  /** Where a record may be appended: after the last complete line. */
  validBytes: number;
}

const runsFolder = (home: string) => path.join(home, 'crew-runs');

export class CrewRunJournal {
  private constructor(private readonly writer: JsonlAppender) {}

  get file(): string {
    return this.writer.file;
  }

  static async create(home: string, header: CrewRunHeader): Promise<CrewRunJournal> {
    const dir = runsFolder(home);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const journal = new CrewRunJournal(
      await JsonlAppender.open(
        path.join(dir, `${journalSchemas().Header.shape.runId.parse(header.runId)}.jsonl`),
        'wx',
      ),
    );
    await journal.writer.append({ type: 'run.started', header } satisfies JournalRecord);
    return journal;
  }

  /** The task's row as it now is; the last one per task wins. */
  task(row: CrewTaskRow): Promise<void> {
    return this.writer.append({ type: 'task', row } satisfies JournalRecord);
  }

  finish(result: { ok: boolean; aborted: boolean; failures: string[] }): Promise<void> {
    return this.writer.append({ type: 'run.finished', finish: { at: Date.now(), ...result } } satisfies JournalRecord);
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}

export async function readCrewRun(file: string): Promise<RecoveredRun> {
  const read = await readJsonl(file, (raw) => {
    const parsed = journalSchemas().JournalRecord.safeParse(raw);
    return parsed.success ? parsed.data : null;
  });
  const first = read.values[0];
  if (first?.type !== 'run.started') throw new Error(`${file} does not start with a crew run header`);
  const rows = new Map<string, CrewTaskRow>();
  let finished: Finish | null = null;
  for (const record of read.values) {
    if (record.type === 'task') rows.set(record.row.taskId, record.row);
    else if (record.type === 'run.finished') finished = record.finish;
  }
  const recovered = [...rows.values()].map((row) =>
    !finished && row.state === 'running' ? { ...row, state: 'interrupted' as const, step: undefined } : row,
  );
  return {
    header: first.header,
    file,
    rows: recovered,
    finished,
    skipped: read.skipped + (read.tornTail ? 1 : 0),
    validBytes: read.validBytes,
  };
}

/** Runs of one spec folder (or all), newest first; unreadable journals are left out. */
export async function listCrewRuns(home: string, filter: { specDir?: string } = {}): Promise<RecoveredRun[]> {
  const names = await fs.readdir(runsFolder(home)).catch(() => [] as string[]);
  const runs: RecoveredRun[] = [];
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const run = await readCrewRun(path.join(runsFolder(home), name)).catch(() => null);
    if (run && (!filter.specDir || run.header.specDir === filter.specDir)) runs.push(run);
  }
  return runs.sort((a, b) => b.header.startedAt - a.header.startedAt);
}

/** Forget all but the newest `keep` finished runs (unfinished ones stay: they may still be resumed). */
export async function pruneCrewRuns(home: string, keep = 100): Promise<number> {
  const finished = (await listCrewRuns(home)).filter((r) => r.finished);
  const old = finished.slice(keep);
  await Promise.all(old.map((r) => fs.rm(r.file, { force: true })));
  return old.length;
}

/** Runs that never finished and whose process is gone (or is this one, but the run is not among its `live` ones), newest first. */
export async function interruptedRuns(
  home: string,
  live: ReadonlySet<string>,
  filter: { specDir?: string; repo?: string } = {},
): Promise<RecoveredRun[]> {
  return (await listCrewRuns(home, { specDir: filter.specDir })).filter(
    (run) =>
      !run.finished &&
      (!filter.repo || run.header.repo === filter.repo) &&
      !live.has(run.header.runId) &&
      (run.header.pid === process.pid || !processAlive(run.header.pid)),
  );
}

/** A recovered run was resumed (by a new run) or dismissed: it is not offered again. */
export async function settleInterruptedRun(run: RecoveredRun, how: 'resumed' | 'dismissed'): Promise<void> {
  // A torn last line (the crash) is cut off first, or the record would be glued to it and lost.
  await fs.truncate(run.file, run.validBytes);
  const writer = await JsonlAppender.open(run.file, 'a');
  try {
    const failures = run.rows
      .filter((r) => r.state !== 'merged' && r.state !== 'done')
      .map((r) => `${r.taskId}: ${r.state}`);
    await writer.append({
      type: 'run.finished',
      finish: { at: Date.now(), ok: false, aborted: true, failures, settled: how },
    } satisfies JournalRecord);
  } finally {
    await writer.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
