import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/**
 * `/compact` in the window against `trellis serve` and the mock model: the transcript marks the place with the
 * summary folded, and the next request carries the summary instead of the old turns (read from the mock's requests).
 */
const SUMMARY = [
  'SUMMARY-OF-THE-WORK',
  '- The person asked for a list of the repository files.',
  '- README.md is the only file; nothing was changed.',
  '- Next: wait for the next request.',
].join('\n');

test('/compact summarises the conversation: a marker with the summary folded, and the next request starts from it', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# r\n' });
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [{ type: 'message', text: 'ANSWER-ONE: only README.md.' }],
        usage: { input_tokens: 1200, output_tokens: 40 },
      },
    ],
    branches: [
      // The summary request, whatever its place; then the conversation that goes on from the summary.
      {
        contains: 'Context checkpoint',
        turns: Array.from({ length: 5 }, () => ({ items: [{ type: 'message' as const, text: SUMMARY }] })),
      },
      {
        contains: 'SUMMARY-OF-THE-WORK',
        turns: [{ items: [{ type: 'message', text: 'Going on from the summary.' }] }],
      },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await box.fill('List the files');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(transcript.getByText('ANSWER-ONE: only README.md.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);

    await box.focus();
    await page.keyboard.type('/compa');
    const commands = page.getByRole('listbox', { name: 'Commands' });
    await expect(commands.getByRole('option').first()).toContainText('/compact');
    await page.keyboard.press('Enter');
    await expect(commands).toHaveCount(0); // done: the list closes with the emptied message
    await expect(box).toHaveValue('');

    const marker = transcript.getByRole('group', { name: /^Conversation compacted \(manual\) — 1,240 → \d+ tokens$/ });
    await expect(marker).toBeVisible();
    const summary = marker.getByText('README.md is the only file', { exact: false });
    await expect(summary).toBeHidden(); // folded until the person opens it
    await marker.getByText(/^Conversation compacted/).click();
    await expect(summary).toBeVisible();
    await expectAccessible(page, 'the compaction marker');
    await page.getByRole('region', { name: 'Transcript' }).screenshot({ path: 'e2e/screenshots/compaction.png' });

    await box.fill('Go on');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(transcript.getByText('Going on from the summary.')).toBeVisible();
    const sent = JSON.stringify(model.requests.at(-1)?.body ?? null);
    expect(sent).toContain('SUMMARY-OF-THE-WORK');
    expect(sent).toContain('List the files');
    expect(sent).toContain('Go on');
    expect(sent).not.toContain('ANSWER-ONE');
  } finally {
    await server.stop();
    await model.close();
  }
});
