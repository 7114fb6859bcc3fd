import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeRepo } from './support/git-repo';
import { mockedHome } from './support/exec-harness';
import { startTrellisServer } from './support/trellis-server';

test('type a prompt, watch the transcript stream, approve a command, see the patch', async ({ page }) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        {
          items: [
            { type: 'message', text: 'I will create a marker file first, then add the notes.' },
            {
              type: 'function_call',
              name: 'exec_command',
              arguments: JSON.stringify({ cmd: 'touch approved-marker && echo created' }),
            },
            {
              type: 'function_call',
              name: 'update_plan',
              arguments: JSON.stringify({
                plan: [
                  { step: 'Create marker', status: 'completed' },
                  { step: 'Write notes', status: 'in_progress' },
                ],
              }),
            },
          ],
        },
        {
          items: [
            {
              type: 'custom_tool_call',
              name: 'apply_patch',
              input: '*** Begin Patch\n*** Add File: NOTES.md\n+# Notes\n+Written by the agent.\n*** End Patch',
            },
          ],
        },
        { items: [{ type: 'message', text: 'All done: the marker exists and NOTES.md is written.' }], delayMs: 30 },
      ],
    },
    'approval_policy = "untrusted"\n',
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    await page.getByLabel('Prompt').fill('Create a marker file and write notes');
    await page.getByRole('button', { name: 'Send' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Create a marker file and write notes')).toBeVisible();
    await expect(transcript.getByText('I will create a marker file first')).toBeVisible();
    const approval = transcript.getByLabel('Approval request');
    await expect(approval).toContainText('touch approved-marker && echo created');
    await expect(approval).toContainText(`in ${fs.realpathSync(repo)}`);
    expect(fs.existsSync(path.join(repo, 'approved-marker'))).toBe(false); // nothing runs before the person says so
    await page.screenshot({ path: 'e2e/screenshots/transcript-approval.png' });

    await approval.getByRole('button', { name: 'Approve once' }).click();
    await expect(transcript.getByLabel('Command touch approved-marker && echo created')).toContainText('exit 0');
    // Under untrusted, the patch waits in Review changes until the person applies it.
    const review = page.getByRole('region', { name: 'Review changes' });
    await review.getByRole('button', { name: 'Accept all' }).click();
    await review.getByRole('button', { name: 'Apply' }).click();
    await expect(transcript.getByLabel('Plan')).toContainText('Write notes');
    await expect(transcript.getByLabel('Patch')).toContainText('A NOTES.md');
    await expect(transcript.getByText('All done: the marker exists and NOTES.md is written.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
    expect(fs.existsSync(path.join(repo, 'approved-marker'))).toBe(true);
    expect(fs.readFileSync(path.join(repo, 'NOTES.md'), 'utf8')).toBe('# Notes\nWritten by the agent.\n');
    await expect(page.getByLabel('Session usage')).toContainText('tokens');
    await page.screenshot({ path: 'e2e/screenshots/transcript-done.png' });

    // The session is listed and can be reopened after a reload.
    await page.reload();
    await expect(page.getByRole('treeitem', { name: 'NOTES.md' })).toBeVisible();
    const sessions = page.getByLabel('Sessions');
    await expect(sessions.locator('option')).toHaveCount(2);
    await sessions.selectOption({ index: 1 });
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('All done: the marker exists')).toBeVisible();
  } finally {
    await server.stop();
    await model.close();
  }
});

test('a denied command is not run and the model is told', async ({ page }) => {
  const repo = makeRepo({ 'a.txt': 'a\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'rm a.txt' }) }] },
        { items: [{ type: 'message', text: 'Understood, I left a.txt alone.' }] },
      ],
    },
    'approval_policy = "untrusted"\n',
  );
  const server = await startTrellisServer([], home);
  try {
    await page.goto(server.url);
    await page.evaluate((uri) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', uri);
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, pathToFileURL(repo).href);
    await page.getByLabel('Prompt').fill('delete a.txt');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByLabel('Approval request').getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByText('Understood, I left a.txt alone.')).toBeVisible();
    expect(fs.existsSync(path.join(repo, 'a.txt'))).toBe(true);
    expect(JSON.stringify(model.requests[1].body)).toContain('approval was denied');
  } finally {
    await server.stop();
    await model.close();
  }
});
