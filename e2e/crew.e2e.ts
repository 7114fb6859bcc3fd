import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { labelInNameMismatches } from './support/accessible-names';
import { expectAccessible } from './support/axe';
import { makeRepo } from './support/git-repo';
import { mockedHome } from './support/exec-harness';
import { startTrellisServer } from './support/trellis-server';

const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'subagents run sandboxed: needs Linux with a working bubblewrap');

/** Five tasks in two independent chains: 1 → 2 → 3 and 4 → 5. */
const TASKS = [
  '# Implementation Plan',
  '- [ ] 1. Parse the export options',
  '- [ ] 2. Write rows',
  '  - _Depends: 1_',
  '- [ ] 3. Write the header',
  '  - _Depends: 2_',
  '- [ ] 4. Add the menu item',
  '- [ ] 5. Add the shortcut',
  '  - _Depends: 4_',
  '',
].join('\n');

/** Pick the spec in the spec pane and press Run tasks. */
async function runTasks(page: Page, spec: string) {
  const specPane = page.getByRole('region', { name: 'Spec', exact: true });
  await specPane.getByRole('button', { name: new RegExp(`^${spec}`) }).click();
  await specPane.getByRole('button', { name: 'Run tasks' }).click();
}

/** Approve every task that waits for review, through the review pane, until `count` are merged. */
async function approveAll(page: Page, count: number, onFirst?: () => Promise<void>) {
  const subagents = page.getByRole('table', { name: 'Subagents' });
  const review = page.getByRole('region', { name: 'Review changes' });
  let first = true;
  while ((await subagents.getByRole('row', { name: /, merged$/ }).count()) < count) {
    const next = subagents.getByRole('button', { name: /^Review task / }).first();
    await next.waitFor({ timeout: 60_000 });
    const taskId = (await next.getAttribute('aria-label'))!.replace('Review task ', '');
    await next.click();
    await expect(review.getByRole('option', { name: `out-${taskId}.txt, added` })).toBeVisible();
    if (first && onFirst) await onFirst();
    first = false;
    await review.getByRole('button', { name: 'Approve and merge' }).click();
    await expect(subagents.getByRole('row', { name: new RegExp(`^Task ${taskId}: .*, merged$`) })).toBeVisible({
      timeout: 20_000,
    });
  }
}

test('Run tasks: subagents work side by side, each change is reviewed and approved, then merged and ticked', async ({
  page,
}) => {
  test.setTimeout(120_000); // sandboxed subagents on a loaded CI box
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
            arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }),
          },
        ],
      },
      { items: [{ type: 'message', text: 'Task done.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    const release = model.hold(); // the subagents stay mid-turn until their rows are checked
    await runTasks(page, 'csv');

    const subagents = page.getByRole('table', { name: 'Subagents' });
    const review = page.getByRole('region', { name: 'Review changes' });
    // The two chains start together: two subagents running at once, the rest queued.
    await expect(subagents.getByRole('row', { name: /, running$/ })).toHaveCount(2);
    await expect(subagents.getByRole('row', { name: 'Task 1: Parse the export options, running' })).toBeVisible();
    await expect(subagents.getByRole('row', { name: 'Task 4: Add the menu item, running' })).toBeVisible();
    await expect(subagents.getByRole('row', { name: 'Task 2: Write rows, queued' })).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/crew-running.png' });
    expect(await labelInNameMismatches(page)).toEqual([]);
    release();

    // Nothing merges before the person approves it: the workspace has no task output yet.
    await expect(subagents.getByRole('row', { name: /, awaiting review$/ }).first()).toBeVisible({ timeout: 60_000 });
    expect(fs.existsSync(path.join(repo, 'out-1.txt')) || fs.existsSync(path.join(repo, 'out-4.txt'))).toBe(false);
    await approveAll(page, 5, async () => {
      // Room for the review beside the subagents: the file tree and transcript fold away.
      await page.getByRole('button', { name: 'Collapse Workspace' }).click();
      await page.getByRole('button', { name: 'Collapse Transcript' }).click();
      await expect(page.getByRole('list', { name: /^Hunks of out-\d\.txt$/ })).toBeVisible();
      // An added file: its one hunk adds a line and removes none, and the diff editor draws no removed line on the left.
      await expect(page.getByRole('listitem', { name: 'Hunk 1 of 1' })).toContainText('@@ -0,0 +1,1 @@');
      await expect(review.locator('.monaco-diff-editor .editor.modified .line-insert').first()).toBeVisible();
      await expect(review.getByTestId('review-diff-editor')).toHaveAttribute('data-diff', 'refined');
      await expect(review.locator('.monaco-diff-editor .editor.original .line-delete')).toHaveCount(0);
      await page.screenshot({ path: 'e2e/screenshots/crew-review.png' });
    });

    await expect(page.getByText('csv: all tasks done')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8')).toBe(
      TASKS.replaceAll('- [ ]', '- [x]'),
    );
    for (const id of ['1', '2', '3', '4', '5'])
      expect(fs.readFileSync(path.join(repo, `out-${id}.txt`), 'utf8')).toBe(`${id}\n`);
    // The graph follows tasks.md: every node done.
    await expect(
      page.getByRole('region', { name: 'Task graph' }).getByLabel(/^Task 5: Add the shortcut/),
    ).toHaveAttribute('aria-label', /done/);
    await page.screenshot({ path: 'e2e/screenshots/crew-done.png' });
    // After the merge the review still shows the last task: its buttons are disabled and look it, primary or not.
    const approve = review.getByRole('button', { name: 'Approve and merge' });
    const revert = review.getByRole('button', { name: 'Revert all' });
    await expect(approve).toBeDisabled();
    await expect(revert).toBeDisabled();
    const look = (el: Element) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, color: style.color, opacity: style.opacity };
    };
    expect(await approve.evaluate(look)).toEqual(await revert.evaluate(look));
    await approve.screenshot({ path: 'e2e/screenshots/crew-approve-disabled.png' });
    // The diff link of a merged task says what it shows.
    await expect(subagents.getByRole('button', { name: 'changes of task 1' })).toHaveText('changes');
    expect(await labelInNameMismatches(page)).toEqual([]);
  } finally {
    await server.stop();
    await model.close();
  }
});

test('Stop ends a crew run: running subagents are interrupted, nothing more starts', async ({ page }) => {
  test.setTimeout(120_000); // sandboxed subagents on a loaded CI box
  const repo = makeRepo({
    '.kiro/specs/csv/requirements.md': '# Requirements Document\n',
    '.kiro/specs/csv/tasks.md': TASKS,
  });
  const { home, model } = await mockedHome({
    turns: [{ items: [{ type: 'message', text: 'Thinking for a long while about this task.' }] }],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    model.hold(); // never released: the subagents are mid-turn when Stop is pressed
    await runTasks(page, 'csv');
    const pane = page.getByRole('region', { name: 'Subagents' });
    await expect(pane.getByRole('row', { name: /, running$/ })).toHaveCount(2);
    await pane.getByRole('button', { name: 'Stop' }).click();
    await expect(pane.getByText(/csv: \d task\(s\) did not finish/)).toBeVisible({ timeout: 20_000 });
    await expect(pane.getByRole('row', { name: /, running$/ })).toHaveCount(0);
    await expectAccessible(page, 'a stopped run');
    // Nothing was merged; the tasks are back to todo.
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8')).toBe(TASKS);
  } finally {
    await server.stop();
    await model.close();
  }
});

/** Two tasks that may run side by side (cc-sdd's (P) marker). */
const TWO_TASKS = [
  '# Implementation Plan',
  '- [ ] 1. (P) Write the greeting',
  '- [ ] 2. (P) Write the farewell',
  '',
].join('\n');
const WRITE_OUTPUT = {
  turns: [
    {
      items: [
        {
          type: 'function_call' as const,
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }),
        },
      ],
    },
    { items: [{ type: 'message' as const, text: 'Task done.' }] },
  ],
};

test('Reject sends a task back with the comment; Retry runs it again and the subagent is told why', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const repo = makeRepo({
    '.kiro/specs/greet/requirements.md': '# Requirements Document\n',
    '.kiro/specs/greet/tasks.md': TWO_TASKS.replace('- [ ] 2. (P) Write the farewell\n', ''),
  });
  const { home, model } = await mockedHome(WRITE_OUTPUT);
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await runTasks(page, 'greet');
    const subagents = page.getByRole('table', { name: 'Subagents' });
    await subagents.getByRole('button', { name: 'Review task 1' }).click({ timeout: 60_000 });
    const review = page.getByRole('region', { name: 'Review changes' });
    await review.getByRole('button', { name: 'Reject task' }).click();
    await review.getByRole('textbox', { name: 'Why reject' }).fill('Greet in French, please.');
    await review.getByRole('button', { name: 'Reject and send back' }).click();
    await expect(subagents.getByRole('row', { name: 'Task 1: Write the greeting, rejected' })).toBeVisible();
    await expect(subagents.getByText('rejected: Greet in French, please.')).toBeVisible();
    await expectAccessible(page, 'a rejected task offered to retry');
    // Rejected work is not merged, and the task is todo again.
    expect(fs.existsSync(path.join(repo, 'out-1.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/greet/tasks.md'), 'utf8')).toContain(
      '- [ ] 1. (P) Write the greeting',
    );

    const before = model.requests.length;
    await subagents.getByRole('button', { name: 'Retry task 1' }).click();
    await approveAll(page, 1);
    const retried = model.requests.slice(before).map((r) => JSON.stringify(r.body));
    expect(retried.some((body) => body.includes('Greet in French, please.'))).toBe(true);
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('1\n');
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/greet/tasks.md'), 'utf8')).toContain(
      '- [x] 1. (P) Write the greeting',
    );
  } finally {
    await server.stop();
    await model.close();
  }
});

test('Killed mid-run, Trellis brings the run back: finished work returns to review, unfinished tasks run again', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const repo = makeRepo({
    '.kiro/specs/greet/requirements.md': '# Requirements Document\n',
    '.kiro/specs/greet/tasks.md': TWO_TASKS,
  });
  const { home, model } = await mockedHome(WRITE_OUTPUT);
  let server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await runTasks(page, 'greet');
    const subagents = page.getByRole('table', { name: 'Subagents' });
    await expect(subagents.getByRole('row', { name: /, awaiting review$/ })).toHaveCount(2, { timeout: 60_000 });
    server.process.kill('SIGKILL');
    await new Promise((resolve) => server.process.once('exit', resolve));

    server = await startTrellisServer([repo], home);
    await page.goto(server.url);
    const pane = page.getByRole('region', { name: 'Subagents' });
    const interrupted = pane.getByRole('status', { name: 'Interrupted run of greet' });
    await expect(interrupted).toContainText('2 awaiting review');
    await page.screenshot({ path: 'e2e/screenshots/crew-interrupted.png' });
    await expectAccessible(page, 'an interrupted run offered to resume');
    const requests = model.requests.length;
    await interrupted.getByRole('button', { name: 'Resume run' }).click();
    await expect(subagents.getByRole('row', { name: /, awaiting review$/ })).toHaveCount(2);
    // Their work was done before the kill: nothing ran again.
    expect(model.requests.length).toBe(requests);
    await approveAll(page, 2);
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/greet/tasks.md'), 'utf8')).toBe(
      TWO_TASKS.replaceAll('- [ ]', '- [x]'),
    );

    // The merged tasks' worktrees are listed and removed on request.
    await pane.getByText('Task worktrees').click();
    const list = pane.getByRole('list', { name: 'Task worktrees' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').first()).toContainText('merged');
    await list.getByRole('button', { name: 'Remove worktree of greet task 1' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(1);
    const worktrees = spawnSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).stdout;
    expect(worktrees).not.toContain('trellis/greet/1]');
    expect(worktrees).toContain('trellis/greet/2]');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('A task that conflicts with your branch is shown as such and handed to an agent, which resolves it in the task worktree', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const repo = makeRepo({
    '.kiro/specs/greet/requirements.md': '# Requirements Document\n',
    '.kiro/specs/greet/tasks.md': TWO_TASKS.replace('- [ ] 2. (P) Write the farewell\n', ''),
  });
  const { home, model } = await mockedHome(WRITE_OUTPUT);
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await runTasks(page, 'greet');
    const subagents = page.getByRole('table', { name: 'Subagents' });
    await subagents.getByRole('button', { name: 'Review task 1' }).click({ timeout: 60_000 });
    // Meanwhile the person commits their own out-1.txt.
    fs.writeFileSync(path.join(repo, 'out-1.txt'), 'mine\n');
    spawnSync('git', ['add', 'out-1.txt'], { cwd: repo });
    spawnSync('git', ['-c', 'user.name=P', '-c', 'user.email=p@example.com', 'commit', '-qm', 'mine'], { cwd: repo });

    const review = page.getByRole('region', { name: 'Review changes' });
    await review.getByRole('button', { name: 'Approve and merge' }).click();
    await expect(subagents.getByRole('row', { name: 'Task 1: Write the greeting, merge conflict' })).toBeVisible();
    const conflict = review.getByRole('alert');
    await expect(conflict).toContainText('out-1.txt');
    await page.screenshot({ path: 'e2e/screenshots/crew-conflict.png' });
    await expectAccessible(page, 'a task whose merge conflicts');
    // Nothing was half-merged: the person's file and branch are as they left them.
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('mine\n');

    await conflict.getByRole('button', { name: 'Hand to an agent' }).click();
    await expect(subagents.getByRole('row', { name: 'Task 1: Write the greeting, awaiting review' })).toBeVisible({
      timeout: 60_000,
    });
    await subagents.getByRole('button', { name: 'Review task 1' }).click();
    await review.getByRole('button', { name: 'Approve and merge' }).click();
    await expect(subagents.getByRole('row', { name: 'Task 1: Write the greeting, merged' })).toBeVisible({
      timeout: 20_000,
    });
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('1\n');
    const log = spawnSync('git', ['log', '--format=%s', 'main'], { cwd: repo, encoding: 'utf8' }).stdout;
    expect(log).toContain('mine');
  } finally {
    await server.stop();
    await model.close();
  }
});
