import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

const shell = (cmd: string) => ({
  items: [{ type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) }],
});

/**
 * The person's own hooks (the home's hooks.json, trusted by default), in Codex's shape: a PreToolUse guard that
 * refuses `rm` with exit 2, a PostToolUse hook that prints, and a Stop hook that speaks to the person and asks that
 * its output stay folded.
 */
const HOOKS = {
  hooks: {
    PreToolUse: [
      {
        matcher: 'Bash',
        hooks: [
          {
            type: 'command',
            command: `if grep -qE '"command": ?"rm '; then echo "rm is not allowed in this repository" >&2; exit 2; fi`,
          },
        ],
      },
    ],
    PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo "post-hook saw the command"' }] }],
    Stop: [
      {
        hooks: [
          {
            type: 'command',
            command: `echo '{"systemMessage":"Stop hook: all checks passed","suppressOutput":true}'`,
          },
        ],
      },
    ],
  },
};

test('hook runs appear in the transcript where they happened: a blocked rm with its reason, output folded', async ({
  page,
}) => {
  const repo = makeRepo({ 'a.txt': 'keep me\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        shell('rm a.txt'),
        shell('cat a.txt'),
        { items: [{ type: 'message', text: 'a.txt stays: the hook refused rm.' }] },
      ],
    },
    'approval_policy = "never"\n',
  );
  fs.writeFileSync(path.join(home, 'hooks.json'), JSON.stringify(HOOKS));
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'a.txt' })).toBeVisible();
    await page.getByLabel('Prompt').fill('delete a.txt');
    await page.getByRole('button', { name: 'Send' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('a.txt stays: the hook refused rm.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);

    // The guard's block, with the reason the model was given, before the command it refused (which never ran).
    const blocked = transcript.getByRole('group', { name: 'PreToolUse hooks' }).first();
    await expect(blocked.getByRole('group', { name: /^Hook .+: Blocked$/ })).toContainText(
      'rm is not allowed in this repository',
    );
    await expect(transcript.getByLabel('Command rm a.txt')).toHaveCount(0);
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('keep me\n');
    expect(JSON.stringify(model.requests[1].body)).toContain('rm is not allowed in this repository');

    // The allowed command, then its PostToolUse hook, whose output unfolds.
    await expect(transcript.getByLabel('Command cat a.txt')).toContainText('exit 0');
    const post = transcript.getByRole('group', { name: 'PostToolUse hooks' }).getByRole('group', {
      name: /^Hook .+: Completed$/,
    });
    await expect(post).toContainText(path.join(home, 'hooks.json'));
    const postOutput = post.getByRole('group', { name: /^Output of / });
    await expect(postOutput).toBeHidden();
    await post.locator('summary').click();
    await expect(postOutput).toBeVisible();
    await expect(postOutput).toContainText('post-hook saw the command');

    // The Stop hook at the end: its message shown, its output (suppressOutput) not previewed on the line.
    const stop = transcript.getByRole('group', { name: 'Stop hooks' });
    await expect(stop).toContainText('Stop hook: all checks passed');
    await expect(stop.locator('summary')).not.toContainText('systemMessage');

    await expectAccessible(page, 'the transcript with hook runs');
    await page.screenshot({ path: 'e2e/screenshots/transcript-hooks.png' });

    // Reopened from its log, the session shows the same hook entries.
    await page.reload();
    await page.getByLabel('Sessions').selectOption({ index: 1 });
    const reopened = page.getByRole('log', { name: 'Transcript' });
    await expect(reopened.getByRole('group', { name: /^Hook .+: Blocked$/ })).toContainText(
      'rm is not allowed in this repository',
    );
    await expect(reopened.getByRole('group', { name: 'Stop hooks' })).toContainText('Stop hook: all checks passed');
  } finally {
    await server.stop();
    await model.close();
  }
});

test("a repository's untrusted hooks: the transcript says they did not run and leads to the trust review", async ({
  page,
}) => {
  const guard = {
    hooks: {
      PreToolUse: [
        { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo "the repository says no" >&2; exit 2' }] },
      ],
    },
  };
  const repo = makeRepo({ 'README.md': '# demo\n', '.codex/hooks.json': JSON.stringify(guard) });
  const { home, model } = await mockedHome(
    { turns: [shell('touch marker'), { items: [{ type: 'message', text: 'Made the marker.' }] }] },
    'approval_policy = "never"\n',
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await page.getByRole('dialog').getByRole('button', { name: 'Keep untrusted' }).click();
    await page.getByLabel('Prompt').fill('make a marker');
    await page.getByRole('button', { name: 'Send' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Made the marker.')).toBeVisible();
    const note = transcript.getByRole('note', { name: 'Hooks not run' });
    await expect(note).toContainText('not trusted');
    await expect(transcript.getByRole('group', { name: 'PreToolUse hooks' })).toHaveCount(0);
    expect(fs.existsSync(path.join(repo, 'marker'))).toBe(true); // the guard did not run
    await expectAccessible(page, 'the transcript with untrusted hooks');
    await page.screenshot({ path: 'e2e/screenshots/transcript-hooks-untrusted.png' });

    // The note leads to the hook in the Hooks tab, and back to the question the person put aside.
    await note.getByRole('button', { name: 'Show hooks' }).click();
    await expect(page.getByRole('tab', { name: /^Hooks/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: /^Hooks/ })).toBeFocused();
    await expect(
      page.getByRole('region', { name: 'Hooks', exact: true }).getByRole('region', { name: 'PreToolUse[0].hooks[0]' }),
    ).toBeVisible();
    // Trusted, the next session runs the guard.
    await note.getByRole('button', { name: "Review this repository's trust" }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trust', exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    fs.rmSync(path.join(repo, 'marker'));
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('Prompt').fill('make a marker');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Made the marker.')).toBeVisible();
    await expect(page.getByRole('group', { name: /^Hook .+: Blocked$/ })).toContainText('the repository says no');
    expect(fs.existsSync(path.join(repo, 'marker'))).toBe(false);
  } finally {
    await server.stop();
    await model.close();
  }
});
