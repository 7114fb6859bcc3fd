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
