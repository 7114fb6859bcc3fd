import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { labelInNameMismatches } from '../support/accessible-names';
import { expectAccessible } from '../support/axe';
import { makeRepo } from '../support/git-repo';
import { mockedHome, trellis } from '../support/exec-harness';
import { startTrellisServer } from '../support/trellis-server';

/**
 * Class 9: a subagent commits a huge or binary file and it merges silently. Headless, a task whose change
 * adds files over `[crew] max_added_file_kb` (1 KB here, so the files stay small) or new binary files is
 * not merged without --allow-large-files, and each file gets a line; with the flag it merges, loudly.
 */
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'subagents run sandboxed: needs Linux with a working bubblewrap');

const TASKS = '# Implementation Plan\n- [ ] 1. Add the data\n';
/** 2 KB of text in a nested folder, a small ELF-like binary, and a file just under the limit. */
const ADD =
  "mkdir -p data/raw && head -c 2048 /dev/zero | tr '\\0' x > data/raw/dump.sql && printf '\\177ELF\\0\\0\\1' > tool && head -c 1000 /dev/zero | tr '\\0' y > ok.txt";

/** A model whose subagent runs ADD, in a home whose limit is 1 KB. */
function addingModel() {
  return mockedHome(
    {
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: ADD }) }] },
        { items: [{ type: 'message', text: 'Task done.' }] },
      ],
    },
    '[crew]\nmax_added_file_kb = 1\n',
  );
}

async function run(args: string[]) {
  const repo = makeRepo({ 'README.md': '# app\n', '.kiro/specs/app/tasks.md': TASKS });
  const { home, model } = await addingModel();
  try {
    return {
      repo,
      result: await trellis(['spec', 'run', '.kiro/specs/app', '--tasks', '1', ...args], { home, cwd: repo }).done,
    };
  } finally {
    await model.close();
  }
}

test('a task adding a file over the limit and a binary file is not merged headless; each file gets a line; its branch keeps the work', async () => {
  const { repo, result } = await run([]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(
    'trellis spec run: 1: LARGE OR BINARY FILE data/raw/dump.sql: 2 KB, over the 1 KB limit ([crew] max_added_file_kb) (not merged without --allow-large-files)',
  );
  expect(result.stderr).toContain(
    'trellis spec run: 1: LARGE OR BINARY FILE tool: a new binary file (7 B) (not merged without --allow-large-files)',
  );
  expect(result.stderr).not.toContain('ok.txt');
  expect(result.stderr).toMatch(
    /1: failed: finished, but not merged: it adds large or binary files .*run again with --allow-large-files/,
  );
  expect(fs.existsSync(path.join(repo, 'data/raw/dump.sql'))).toBe(false);
  expect(fs.existsSync(path.join(repo, 'tool'))).toBe(false);
  expect(fs.readFileSync(path.join(repo, '.kiro/specs/app/tasks.md'), 'utf8')).toBe(TASKS);
  expect(execFileSync('git', ['ls-tree', '-r', '--name-only', 'trellis/app/1'], { cwd: repo }).toString()).toContain(
    'data/raw/dump.sql',
  );
});

test('--allow-large-files merges it, still naming each file', async () => {
  const { repo, result } = await run(['--allow-large-files']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain(
    'LARGE OR BINARY FILE data/raw/dump.sql: 2 KB, over the 1 KB limit ([crew] max_added_file_kb) (merged anyway (--allow-large-files))',
  );
  expect(result.stderr).toContain('trellis spec run: merged 1');
  expect(fs.statSync(path.join(repo, 'data/raw/dump.sql')).size).toBe(2048);
});

test('--json reports the flagged files as a task.flagged event', async () => {
  const { result } = await run(['--json']);
  expect(result.code).toBe(1);
  const events = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const flagged = events.find((e) => e.type === 'task.flagged');
  expect(flagged).toMatchObject({ taskId: '1', branch: 'trellis/app/1', held: true, maxBytes: 1024 });
  expect(flagged.files.map((f: { path: string }) => f.path).sort()).toEqual(['data/raw/dump.sql', 'tool']);
});

test('in the window, the task row and the file in its review carry a visible warning before anyone approves', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const repo = makeRepo({ 'README.md': '# app\n', '.kiro/specs/app/tasks.md': TASKS });
  const { home, model } = await addingModel();
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: /^app/ }).click();
    await specPane.getByRole('button', { name: 'Run tasks' }).click();
    const subagents = page.getByRole('table', { name: 'Subagents' });
    await expect(subagents.getByRole('row', { name: /, awaiting review$/ })).toBeVisible({ timeout: 60_000 });
    await expect(
      subagents.getByRole('note', { name: 'Adds large or binary files: data/raw/dump.sql, tool' }),
    ).toBeVisible();
    await subagents.getByRole('button', { name: 'Review task 1' }).click();
    const review = page.getByRole('region', { name: 'Review changes' });
    await expect(
      review.getByRole('alert').filter({ hasText: 'This task adds large or binary files (data/raw/dump.sql, tool)' }),
    ).toBeVisible();
    await expect(
      review.getByRole('option', {
        name: 'data/raw/dump.sql, added, large file added (2.0 KB), over [crew] max_added_file_kb',
      }),
    ).toBeVisible();
    await expect(review.getByRole('option', { name: 'tool, added, new binary file' })).toBeVisible();
    await expect(review.getByRole('option', { name: 'ok.txt, added' })).toBeVisible();
    fs.mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'e2e/screenshots/crew-large-files.png' });
    // The warning's name is the words it shows, so a voice control user can name it.
    expect(await labelInNameMismatches(page)).toEqual([]);
    await expectAccessible(page, "a task's flagged large and binary files");
    expect(fs.existsSync(path.join(repo, 'data/raw/dump.sql'))).toBe(false); // nothing merged before approval
  } finally {
    await server.stop();
    await model.close();
  }
});
