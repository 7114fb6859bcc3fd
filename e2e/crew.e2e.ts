import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { mockedHome } from './support/exec-harness';
import { startTrellisServer } from './support/trellis-server';

const bwrapWorks = process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
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

test('Run tasks: subagents work side by side in the subagents pane, each task merged and ticked', async ({ page }) => {
  const repo = makeRepo({ 'README.md': '# todos\n', '.kiro/specs/csv/requirements.md': '# Requirements Document\n', '.kiro/specs/csv/tasks.md': TASKS });
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }) }], delayMs: 400 },
      { items: [{ type: 'message', text: 'Task done.' }], delayMs: 200 },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Collapse Review changes' }).click();
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: /^csv/ }).click();
    await specPane.getByRole('button', { name: 'Run tasks' }).click();

    const subagents = page.getByRole('table', { name: 'Subagents' });
    // The two chains start together: two subagents running at once.
    await expect(subagents.getByRole('row', { name: /, running$/ })).toHaveCount(2);
    await expect(subagents.getByRole('row', { name: 'Task 1: Parse the export options, running' })).toBeVisible();
    await expect(subagents.getByRole('row', { name: 'Task 4: Add the menu item, running' })).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/crew-running.png' });

    await expect(subagents.getByRole('row', { name: /, merged$/ })).toHaveCount(5, { timeout: 60_000 });
    await expect(page.getByText('csv: all tasks done')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8')).toBe(TASKS.replaceAll('- [ ]', '- [x]'));
    for (const id of ['1', '2', '3', '4', '5']) expect(fs.readFileSync(path.join(repo, `out-${id}.txt`), 'utf8')).toBe(`${id}\n`);
    // The graph follows tasks.md: every node done.
    await expect(page.getByRole('region', { name: 'Task graph' }).getByLabel(/^Task 5: Add the shortcut/)).toHaveAttribute('aria-label', /done/);
    await page.screenshot({ path: 'e2e/screenshots/crew-done.png' });
  } finally {
    await server.stop();
    await model.close();
  }
});

test('Stop ends a crew run: running subagents are interrupted, nothing more starts', async ({ page }) => {
  test.setTimeout(120_000); // sandboxed subagents on a loaded CI box
  const repo = makeRepo({ '.kiro/specs/csv/requirements.md': '# Requirements Document\n', '.kiro/specs/csv/tasks.md': TASKS });
  const { home, model } = await mockedHome({
    turns: [{ items: [{ type: 'message', text: 'Thinking for a long while about this task.' }], delayMs: 3_000 }],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: /^csv/ }).click();
    await specPane.getByRole('button', { name: 'Run tasks' }).click();
    const pane = page.getByRole('region', { name: 'Subagents' });
    await expect(pane.getByRole('row', { name: /, running$/ })).toHaveCount(2);
    await pane.getByRole('button', { name: 'Stop' }).click();
    await expect(pane.getByText(/csv: \d task\(s\) did not finish/)).toBeVisible({ timeout: 20_000 });
    await expect(pane.getByRole('row', { name: /, running$/ })).toHaveCount(0);
    // Nothing was merged; the tasks are back to todo.
    expect(fs.readFileSync(path.join(repo, '.kiro/specs/csv/tasks.md'), 'utf8')).toBe(TASKS);
  } finally {
    await server.stop();
    await model.close();
  }
});
