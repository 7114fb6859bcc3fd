import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { mockedHome, trellis } from './support/exec-harness';

/**
 * `trellis spec run` as CI would use it: real worktrees, the real sandbox, the scripted model. Every
 * subagent gets the same script (the mock answers by turn), and its command writes a file named after
 * the TRELLIS_TASK_ID it sees, so each task's work is its own.
 */
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'subagents run sandboxed: needs Linux with a working bubblewrap');

const TASKS = [
  '# Implementation Plan',
  '- [ ] 1. Write the exporter',
  '- [ ] 2. Write the importer',
  '- [ ] 3. Wire the exporter into the menu',
  '  - _Depends: 1_',
  '- [ ]* 4. Optional polish',
  '',
].join('\n');

test('runs the tasks as subagents in worktrees, merges each, and ticks tasks.md', async () => {
  const repo = makeRepo({
    'README.md': '# todos\n',
    '.kiro/specs/csv/requirements.md': '# Requirements Document\n',
    '.kiro/specs/csv/tasks.md': TASKS,
  });
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          {
            type: 'function_call',
            name: 'exec_command',
            arguments: JSON.stringify({
              cmd: 'echo "$TRELLIS_SPEC $TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt" && cat out-*.txt',
            }),
          },
        ],
      },
      { items: [{ type: 'message', text: 'Task done.' }] },
    ],
  });
  try {
    const run = await trellis(['spec', 'run', '.kiro/specs/csv', '--max-parallel', '2'], { home, cwd: repo }).done;
    expect(run.stderr).toContain('trellis spec run: merged 1');
    expect(run.code).toBe(0);
    for (const id of ['1', '2', '3'])
      expect(fs.readFileSync(path.join(repo, `out-${id}.txt`), 'utf8')).toBe(`csv ${id}\n`);
    expect(fs.existsSync(path.join(repo, 'out-4.txt'))).toBe(false); // optional: only with --include-optional
    const ticked = fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8');
    expect(ticked).toBe(
      TASKS.replace('- [ ] 1.', '- [x] 1.').replace('- [ ] 2.', '- [x] 2.').replace('- [ ] 3.', '- [x] 3.'),
    );
    // Task 3 started from task 1's result: its worktree saw out-1.txt (its command's `cat` printed both).
    const branches = execFileSync('git', ['branch', '--list', 'trellis/*'], { cwd: repo }).toString();
    expect(branches).toContain('trellis/csv/3');
    const show3 = execFileSync('git', ['ls-tree', '--name-only', 'trellis/csv/3'], { cwd: repo }).toString();
    expect(show3).toContain('out-1.txt');
    expect(execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: repo }).toString().trim()).toBe('main');
    // The person's own worktree is never listed or removed; ours are, and go on request (their branches stay).
    execFileSync('git', ['worktree', 'add', '-q', '-b', 'mine', path.join(repo, '..', `${path.basename(repo)}-mine`)], {
      cwd: repo,
    });
    const listed = await trellis(['spec', 'worktrees'], { home, cwd: repo }).done;
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['csv 1', 'csv 2', 'csv 3']);
    const removed = await trellis(['spec', 'worktrees', '--remove'], { home, cwd: repo }).done;
    expect(removed.code).toBe(0);
    expect((await trellis(['spec', 'worktrees'], { home, cwd: repo }).done).stdout).toBe('no Trellis worktrees\n');
    expect(execFileSync('git', ['worktree', 'list'], { cwd: repo }).toString()).toContain('-mine');
    expect(execFileSync('git', ['branch', '--list', 'trellis/*'], { cwd: repo }).toString()).toContain('trellis/csv/1');
    // Each subagent's session was a sandboxed crew session.
    const bodies = model.requests.map((r) => JSON.stringify(r.body));
    expect(bodies.filter((b) => b.includes('You are implementing task')).length).toBeGreaterThanOrEqual(3);
  } finally {
    await model.close();
  }
});

test('a task whose work conflicts with a merged one fails with the files named; nothing is half-merged; exit 1', async () => {
  const repo = makeRepo({ '.kiro/specs/csv/tasks.md': TASKS });
  // Every subagent writes the same file with its own content: the second merge conflicts.
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          {
            type: 'function_call',
            name: 'exec_command',
            arguments: JSON.stringify({ cmd: 'echo "written by $TRELLIS_TASK_ID" > shared.txt' }),
          },
        ],
      },
      { items: [{ type: 'message', text: 'Task done.' }] },
    ],
  });
  try {
    // Both start from the same base, side by side; whichever is merged second conflicts.
    const run = await trellis(['spec', 'run', 'csv', '--tasks', '1,2', '--max-parallel', '2'], { home, cwd: repo })
      .done;
    expect(run.code).toBe(1);
    const failed =
      /trellis spec run: (1|2): failed: finished, but its branch trellis\/csv\/(1|2) could not be merged: .*shared\.txt/.exec(
        run.stderr,
      );
    expect(failed, run.stderr).not.toBeNull();
    const [loser, winner] = failed![1] === '1' ? ['1', '2'] : ['2', '1'];
    expect(fs.readFileSync(path.join(repo, 'shared.txt'), 'utf8')).toBe(`written by ${winner}\n`);
    const tasks = fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8');
    expect(tasks).toContain(`- [x] ${winner}.`);
    expect(tasks).toContain(`- [ ] ${loser}.`); // back to todo: its branch waits for the person
    expect(fs.existsSync(path.join(repo, '.git/MERGE_HEAD'))).toBe(false);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo }).toString()).toBe(
      ' M .kiro/specs/csv/tasks.md\n',
    );
  } finally {
    await model.close();
  }
});

test('[crew] hooks run in the task worktree; a failing post-task hook fails the task with its output, nothing merged', async () => {
  const repo = makeRepo({ '.kiro/specs/csv/tasks.md': TASKS });
  const { home, model } = await mockedHome(
    {
      turns: [
        {
          items: [
            {
              type: 'function_call',
              name: 'exec_command',
              arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }),
            },
          ],
        },
        { items: [{ type: 'message', text: 'Task done.' }] },
      ],
    },
    '[crew]\npre_task = ["test ! -e out-$TRELLIS_TASK_ID.txt"]\npost_task = ["test -s out-$TRELLIS_TASK_ID.txt", "echo suite says no; exit 3"]\n',
  );
  try {
    const run = await trellis(['spec', 'run', 'csv', '--tasks', '1'], { home, cwd: repo }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('trellis spec run: 1: failed: post-task hook `echo suite says no; exit 3` exited 3:');
    expect(run.stderr).toContain('suite says no');
    expect(fs.existsSync(path.join(repo, 'out-1.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8')).toBe(TASKS);
  } finally {
    await model.close();
  }
});
