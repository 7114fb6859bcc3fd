import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CrewTaskRow } from '../../contract';
import { tempDir } from '../testing/temp-repo';
import {
  CrewRunJournal,
  interruptedRuns,
  listCrewRuns,
  pruneCrewRuns,
  readCrewRun,
  settleInterruptedRun,
  type CrewRunHeader,
} from './run-journal';

const header = (runId: string, extra: Partial<CrewRunHeader> = {}): CrewRunHeader => ({
  runId,
  spec: 'csv',
  specDir: '/repo/.kiro/specs/csv',
  repo: '/repo',
  branch: 'main',
  startedAt: Date.now(),
  pid: process.pid,
  options: { maxParallel: 2 },
  ...extra,
});
const row = (taskId: string, state: CrewTaskRow['state'], extra: Partial<CrewTaskRow> = {}): CrewTaskRow => ({
  taskId,
  title: `task ${taskId}`,
  state,
  tokens: 0,
  costUsd: 0,
  ...extra,
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('crew run journal', () => {
  it('gives back the last row of each task; a task that was running is interrupted', async () => {
    const home = tempDir();
    const journal = await CrewRunJournal.create(home, header('r1'));
    await journal.task(row('1', 'running', { step: '$ npm test' }));
    await journal.task(row('2', 'running'));
    await journal.task(row('1', 'reviewing', { branch: 'trellis/csv/1', worktree: '/wt/1' }));
    await journal.close();
    const run = await readCrewRun(journal.file);
    expect(run.header.runId).toBe('r1');
    expect(run.finished).toBeNull();
    expect(run.rows).toEqual([
      row('1', 'reviewing', { branch: 'trellis/csv/1', worktree: '/wt/1' }),
      row('2', 'interrupted'),
    ]);
    expect(fs.statSync(journal.file).mode & 0o777).toBe(0o600);
  });

  it('tolerates a torn last line, and a settled run is appended on a clean line', async () => {
    const home = tempDir();
    const journal = await CrewRunJournal.create(home, header('r2', { pid: deadPid() }));
    await journal.task(row('1', 'running'));
    await journal.close();
    fs.appendFileSync(journal.file, '{"type":"task","row":{"taskId":"1","tit');
    const run = await readCrewRun(journal.file);
    expect(run.skipped).toBe(1);
    expect(run.rows).toEqual([row('1', 'interrupted')]);
    expect(await interruptedRuns(home, new Set(), { specDir: run.header.specDir })).toHaveLength(1);
    await settleInterruptedRun(run, 'dismissed');
    expect(await interruptedRuns(home, new Set(), { specDir: run.header.specDir })).toHaveLength(0);
    expect((await readCrewRun(journal.file)).finished).toMatchObject({ settled: 'dismissed', aborted: true });
  });

  it('offers only runs that did not finish and whose process is gone (or is this one, without the run)', async () => {
    const home = tempDir();
    const done = await CrewRunJournal.create(home, header('finished', { pid: deadPid() }));
    await done.finish({ ok: true, aborted: false, failures: [] });
    await done.close();
    await (await CrewRunJournal.create(home, header('dead', { pid: deadPid(), startedAt: 1 }))).close();
    await (await CrewRunJournal.create(home, header('mine', { startedAt: 2 }))).close();
    await (
      await CrewRunJournal.create(home, header('other-spec', { pid: deadPid(), specDir: '/repo/.kiro/specs/other' }))
    ).close();
    const ids = async (live: string[]) =>
      (await interruptedRuns(home, new Set(live), { specDir: '/repo/.kiro/specs/csv' })).map((r) => r.header.runId);
    expect(await ids(['mine'])).toEqual(['dead']);
    expect(await ids([])).toEqual(['mine', 'dead']); // newest first
    expect((await listCrewRuns(home)).map((r) => r.header.runId).sort()).toEqual([
      'dead',
      'finished',
      'mine',
      'other-spec',
    ]);
  });

  it('prunes old finished runs, never an unfinished one', async () => {
    const home = tempDir();
    for (let i = 0; i < 5; i++) {
      const j = await CrewRunJournal.create(home, header(`done-${i}`, { startedAt: i }));
      await j.finish({ ok: true, aborted: false, failures: [] });
      await j.close();
    }
    await (await CrewRunJournal.create(home, header('open', { startedAt: -1, pid: deadPid() }))).close();
    expect(await pruneCrewRuns(home, 2)).toBe(3);
    expect((await listCrewRuns(home)).map((r) => r.header.runId)).toEqual(['done-4', 'done-3', 'open']);
  });

  it('skips a journal whose header is unreadable', async () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, 'crew-runs'));
    fs.writeFileSync(path.join(home, 'crew-runs', 'junk.jsonl'), 'not json\n');
    await (await CrewRunJournal.create(home, header('ok'))).close();
    expect((await listCrewRuns(home)).map((r) => r.header.runId)).toEqual(['ok']);
  });

  it('keeps every acknowledged row when its process is killed at once', async () => {
    const home = tempDir();
    const script = `
      import { CrewRunJournal } from ${JSON.stringify(path.resolve('electron/core/crew/run-journal.ts'))};
      const journal = await CrewRunJournal.create(${JSON.stringify(home)}, ${JSON.stringify(header('killed'))});
      for (let i = 0; i < 200; i++) {
        await journal.task({ taskId: String(i), title: 't', state: 'running', tokens: i, costUsd: 0 });
        process.stdout.write(i + '\\n');
      }
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acknowledged = -1;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        const last = d.toString().trim().split('\n').at(-1);
        acknowledged = Number(last);
        if (acknowledged >= 50) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const run = await readCrewRun(path.join(home, 'crew-runs', 'killed.jsonl'));
    expect(run.rows.length).toBeGreaterThanOrEqual(acknowledged + 1);
    expect(run.rows.slice(0, acknowledged + 1).map((r) => r.tokens)).toEqual(
      Array.from({ length: acknowledged + 1 }, (_, i) => i),
    );
  });
});
