import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, tempRepo, writeFiles } from '../testing/temp-repo';
import { mergeTaskBranch } from './merge-task';
import { runCrew, type CrewTask } from './scheduler';
import { worktreeRunner, type TaskAgent } from './worktree-runner';
import { listTrellisWorktrees } from './worktrees';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const task = (id: string, extra: Partial<CrewTask> = {}): CrewTask => ({
  id,
  title: `task ${id}`,
  status: 'todo',
  optional: false,
  parent: null,
  dependsOn: [],
  ...extra,
});

describe('worktreeRunner + runCrew', () => {
  it('runs each task in its own worktree, starting dependants from their dependencies’ work, then merges back', async () => {
    const r = tempRepo({ 'log.txt': 'start\n' });
    made.push(r);
    const seen = new Map<string, string[]>();
    const agent: TaskAgent = {
      async run({ task: t, worktree }) {
        seen.set(
          t.id,
          fs
            .readdirSync(worktree)
            .filter((f) => f !== '.git')
            .sort(),
        );
        if (t.id === '3') return { ok: false, error: 'agent gave up' };
        writeFiles(worktree, { [`task-${t.id}.txt`]: `done ${t.id}\n` });
        return { ok: true };
      },
    };
    // 1 and 2 are independent; 2.x are subtasks of group 2; 4 waits for 1 and 2; 3 fails; 5 waits for 3.
    const tasks = [
      task('1'),
      task('2'),
      task('2.1', { parent: '2' }),
      task('2.2', { parent: '2' }),
      task('3'),
      task('4', { dependsOn: ['1', '2'] }),
      task('5', { dependsOn: ['3'] }),
    ];
    const runner = worktreeRunner({ repo: r, spec: 'demo', baseRef: 'main', tasks, agent });
    const summary = await runCrew({ tasks, maxParallel: 2, runTask: runner.runTask });

    expect(Object.fromEntries(summary.tasks.map((t) => [t.id, t.state]))).toEqual({
      '1': 'done',
      '2': 'done',
      '2.1': 'done',
      '2.2': 'done',
      '3': 'failed',
      '4': 'done',
      '5': 'blocked',
    });
    expect(seen.get('1')).toEqual(['log.txt']);
    expect(seen.get('4')).toEqual(['log.txt', 'task-1.txt', 'task-2.1.txt', 'task-2.2.txt']);
    expect(seen.has('5')).toBe(false);
    expect(runner.records.get('4')!.diff.files).toEqual([{ status: 'A', path: 'task-4.txt' }]);
    expect(runner.records.get('3')).toMatchObject({ ok: false, error: 'agent gave up' });
    expect((await listTrellisWorktrees(r)).map((w) => w.taskId).sort()).toEqual(['1', '2.1', '2.2', '3', '4']);
    expect(git(r, 'status', '--porcelain')).toBe('');

    // Task 4's branch holds everything before it: merging it alone brings all the work to main.
    expect(await mergeTaskBranch(r, runner.records.get('4')!.branch, { into: 'main' })).toMatchObject({ ok: true });
    expect(
      fs
        .readdirSync(r)
        .filter((f) => f.endsWith('.txt'))
        .sort(),
    ).toEqual(['log.txt', 'task-1.txt', 'task-2.1.txt', 'task-2.2.txt', 'task-4.txt']);
    expect(fs.existsSync(path.join(r, '.git', 'MERGE_HEAD'))).toBe(false);
  });
});
