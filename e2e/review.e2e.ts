import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { mockedHome } from './support/exec-harness';
import { startTrellisServer } from './support/trellis-server';
import { labelInNameMismatches } from './support/accessible-names';
import { expectAccessible } from './support/axe';

/** 30 numbered lines: three far-apart edits make three hunks. */
const ORIGINAL = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const PATCH = [
  '*** Begin Patch',
  '*** Update File: src/list.txt',
  '@@',
  ' line 2',
  '-line 3',
  '+line three',
  ' line 4',
  '@@',
  ' line 14',
  '-line 15',
  '+line fifteen',
  ' line 16',
  '@@',
  ' line 27',
  '-line 28',
  '+line twenty-eight',
  ' line 29',
  '*** Add File: src/new.txt',
  '+a new file',
  '*** End Patch',
].join('\n');

test('review a proposed patch hunk by hunk: exactly the accepted hunks are written, the model hears the rest', async ({
  page,
}) => {
  const repo = makeRepo({ 'src/list.txt': ORIGINAL });
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          { type: 'message', text: 'Here is my change.' },
          { type: 'custom_tool_call', name: 'apply_patch', input: PATCH },
        ],
      },
      { items: [{ type: 'message', text: 'Noted: hunk 2 stays as it was.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'src' })).toBeVisible();
    // Room for a side-by-side diff: fold the panes this journey does not use.
    for (const pane of ['Spec', 'Task graph', 'Subagents'])
      await page.getByRole('button', { name: `Collapse ${pane}` }).click();
    await page.getByLabel('Review edits before they are written').check();
    await page.getByLabel('Prompt').fill('Spell out three numbers and add a file');
    await page.getByRole('button', { name: 'Send' }).click();

    const pane = page.getByRole('region', { name: 'Review changes' });
    await expect(pane.getByRole('option', { name: 'src/list.txt, modified, undecided' })).toBeVisible();
    await expect(pane.getByRole('option', { name: /src\/new\.txt, added/ })).toBeVisible();
    await expect(pane.getByRole('listitem', { name: /^Hunk \d of 3$/ })).toHaveCount(3);
    expect(await labelInNameMismatches(page)).toEqual([]);
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(ORIGINAL); // nothing written before the person decides
    expect(fs.existsSync(path.join(repo, 'src/new.txt'))).toBe(false);
    await expect(pane.getByTestId('review-diff-editor').locator('.monaco-diff-editor')).toBeVisible();

    await pane.getByRole('listitem', { name: 'Hunk 1 of 3' }).getByRole('button', { name: 'Accept hunk' }).click();
    const second = pane.getByRole('listitem', { name: 'Hunk 2 of 3' });
    await second.getByRole('button', { name: 'Reject hunk' }).click();
    await second.getByRole('button', { name: 'Comment' }).click();
    await second.getByLabel('Comment on hunk 2').fill('Keep 15 as a digit: other tools parse it.');
    await second.getByRole('button', { name: 'Add comment' }).click();
    // Keyboard: focus the third hunk with j and accept it with a.
    await pane.getByRole('listitem', { name: 'Hunk 2 of 3' }).click();
    await page.keyboard.press('j');
    await expect(pane.getByRole('listitem', { name: 'Hunk 3 of 3' })).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('a');
    await expect(
      pane.getByRole('listitem', { name: 'Hunk 3 of 3' }).getByRole('button', { name: 'Accept hunk' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(pane.getByText('2 of 4 hunk(s) accepted, 1 comment(s)')).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/review-side-by-side.png' });

    await pane.getByRole('option', { name: /src\/new\.txt/ }).click();
    await pane.getByRole('button', { name: 'Accept hunk' }).click();
    await pane.getByLabel('Inline').check();
    await expect(pane.getByTestId('review-diff-editor')).toHaveAttribute('data-layout', 'inline');
    await page.screenshot({ path: 'e2e/screenshots/review-inline.png' });

    await pane.getByRole('button', { name: 'Apply' }).click();
    await expect(pane.getByText('Applied: 2 of 2 file(s) written.')).toBeVisible();
    await expect(page.getByText('Noted: hunk 2 stays as it was.')).toBeVisible();
    // Decided: the verdict buttons are disabled and look it, and the verdict taken keeps its colour.
    const decidedHunk = pane.getByRole('listitem', { name: 'Hunk 1 of 1' }); // src/new.txt, accepted
    const taken = decidedHunk.getByRole('button', { name: 'Accept hunk', pressed: true });
    const notTaken = decidedHunk.getByRole('button', { name: 'Reject hunk', pressed: false });
    await expect(taken).toBeDisabled();
    await expect(notTaken).toBeDisabled();
    const background = (el: Element) => getComputedStyle(el).backgroundColor;
    expect(await taken.evaluate(background)).not.toBe(await notTaken.evaluate(background));
    await page.screenshot({ path: 'e2e/screenshots/review-decided.png' });

    const expected = ORIGINAL.replace('line 3\n', 'line three\n').replace('line 28\n', 'line twenty-eight\n');
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(expected);
    expect(fs.readFileSync(path.join(repo, 'src/new.txt'), 'utf8')).toBe('a new file\n');

    // The next request to the model carries what was rejected, and the comment with its file and line.
    const told = JSON.stringify(model.requests[1].body);
    expect(told).toContain('src/list.txt: applied hunks 1, 3 of 3; REJECTED hunks 2');
    expect(told).toContain('+line fifteen');
    expect(told).toContain('src/list.txt:15 (hunk 2): Keep 15 as a digit: other tools parse it.');
    expect(told).toContain('src/new.txt (new file): applied');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('a file edited by the person while the review waits is a conflict: nothing is written', async ({ page }) => {
  const repo = makeRepo({ 'a.txt': 'one\ntwo\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        {
          items: [
            {
              type: 'custom_tool_call',
              name: 'apply_patch',
              input: '*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+ONE\n two\n*** End Patch',
            },
          ],
        },
        { items: [{ type: 'message', text: 'I will look at the file again.' }] },
      ],
    },
    'approval_policy = "untrusted"\n', // untrusted always reviews edits
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await page.getByLabel('Prompt').fill('Shout the first line');
    await page.getByRole('button', { name: 'Send' }).click();
    const pane = page.getByRole('region', { name: 'Review changes' });
    await pane.getByRole('button', { name: 'Accept all' }).click();
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\ntwo\nthree (the person typed this)\n');
    await pane.getByRole('button', { name: 'Apply' }).click();
    await expect(pane.getByText(/Not written: .*a\.txt was edited since the change was proposed/)).toBeVisible();
    await expectAccessible(page, 'a review whose file changed meanwhile');
    await expect(page.getByText('I will look at the file again.')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree (the person typed this)\n');
    expect(JSON.stringify(model.requests[1].body)).toContain('Nothing was written');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('after a turn: review what it changed, revert a hunk, undo and redo the turn, request changes; branches and index untouched', async ({
  page,
}) => {
  const repo = makeRepo({ 'src/list.txt': ORIGINAL });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo }).toString();
  const headBefore = git('rev-parse', 'HEAD');
  const indexBefore = fs.readFileSync(path.join(repo, '.git/index'));
  const twoHunks = [
    '*** Begin Patch',
    '*** Update File: src/list.txt',
    '@@',
    ' line 2',
    '-line 3',
    '+line three',
    ' line 4',
    '@@',
    ' line 27',
    '-line 28',
    '+line twenty-eight',
    ' line 29',
    '*** End Patch',
  ].join('\n');
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: twoHunks }] },
      { items: [{ type: 'message', text: 'Edited two lines.' }] },
      { items: [{ type: 'message', text: 'I will keep the digits.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    for (const pane of ['Spec', 'Task graph', 'Subagents'])
      await page.getByRole('button', { name: `Collapse ${pane}` }).click();
    await page.getByLabel('Prompt').fill('Spell out 3 and 28');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Edited two lines.')).toBeVisible();
    const edited = ORIGINAL.replace('line 3\n', 'line three\n').replace('line 28\n', 'line twenty-eight\n');
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(edited);

    const pane = page.getByRole('region', { name: 'Review changes' });
    await pane.getByRole('button', { name: "Review the last turn's changes" }).click();
    await expect(pane.getByRole('option', { name: 'src/list.txt, modified' })).toBeVisible();
    await expect(pane.getByRole('listitem', { name: /^Hunk \d of 2$/ })).toHaveCount(2);
    // The diff editor shows the turn's hunks, highlighted.
    await expect(pane.getByTestId('review-diff-editor').locator('.line-insert').first()).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/review-turn.png' });
    // Keys move through the turn's hunks as through a proposal's.
    await pane.getByRole('listitem', { name: 'Hunk 1 of 2' }).click();
    await page.keyboard.press('j');
    await expect(pane.getByRole('listitem', { name: 'Hunk 2 of 2' })).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('k');
    await expect(pane.getByRole('listitem', { name: 'Hunk 1 of 2' })).toHaveAttribute('aria-current', 'true');

    await pane.getByRole('listitem', { name: 'Hunk 2 of 2' }).getByRole('button', { name: 'Revert hunk' }).click();
    await expect(pane.getByRole('listitem', { name: /^Hunk \d of 1$/ })).toHaveCount(1);
    const reverted = ORIGINAL.replace('line 3\n', 'line three\n');
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(reverted);

    await pane.getByRole('button', { name: 'Undo turn' }).click();
    await expect(pane.getByText('Nothing differs from how turn 1 found the folder (undone).')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(ORIGINAL);
    await pane.getByRole('button', { name: 'Redo turn' }).click();
    await expect(pane.getByRole('listitem', { name: 'Hunk 1 of 1' })).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'src/list.txt'), 'utf8')).toBe(reverted);

    // The person's branch, HEAD, index and stash never moved.
    expect(git('rev-parse', 'HEAD')).toBe(headBefore);
    expect(fs.readFileSync(path.join(repo, '.git/index')).equals(indexBefore)).toBe(true);
    expect(git('stash', 'list')).toBe('');
    expect(git('for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main\n');

    const hunk = pane.getByRole('listitem', { name: 'Hunk 1 of 1' });
    await hunk.getByRole('button', { name: 'Comment' }).click();
    await hunk.getByLabel('Comment on hunk 1').fill('Use digits here too.');
    await hunk.getByRole('button', { name: 'Add comment' }).click();
    await pane.getByRole('button', { name: 'Request changes' }).click();
    await expect(page.getByText('I will keep the digits.')).toBeVisible();
    expect(JSON.stringify(model.requests[2].body)).toContain('src/list.txt:3: Use digits here too.');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('a binary file a turn wrote is shown as such, with a way to see it outside Trellis', async ({ page }) => {
  test.skip(process.platform !== 'linux', 'the fake file manager stands in for xdg-open');
  const repo = makeRepo({ 'README.md': '# app\n' });
  // A stand-in for the desktop's file manager: it records what it was asked to show.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-xdg-'));
  const shown = path.join(bin, 'shown.txt');
  fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> ${JSON.stringify(shown)}\n`, {
    mode: 0o755,
  });
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          {
            type: 'function_call',
            name: 'exec_command',
            arguments: JSON.stringify({ cmd: "mkdir -p assets && printf 'PNG\\000\\001\\002' > assets/logo.png" }),
          },
        ],
      },
      { items: [{ type: 'message', text: 'Added the logo.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home, { PATH: `${bin}:${process.env.PATH}` });
  try {
    await page.goto(server.url);
    await page.getByLabel('Prompt').fill('Add a logo');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Added the logo.')).toBeVisible();
    const pane = page.getByRole('region', { name: 'Review changes' });
    await pane.getByRole('button', { name: "Review the last turn's changes" }).click();
    await pane.getByRole('option', { name: 'assets/logo.png, added' }).click();
    await expect(pane.getByLabel('assets/logo.png, whole file')).toContainText('Binary file');
    await expectAccessible(page, 'a binary file in review');
    await pane.getByRole('button', { name: 'Show in folder' }).click();
    await expect
      .poll(() => (fs.existsSync(shown) ? fs.readFileSync(shown, 'utf8') : ''))
      .toBe(`${path.join(repo, 'assets')}\n`);
  } finally {
    await server.stop();
    await model.close();
  }
});
