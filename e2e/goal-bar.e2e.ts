import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

const say = (text: string) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: 1000, output_tokens: 100 },
});

test('set a goal from the prompt box, watch Trellis continue, pause it, resume it to complete', async ({ page }) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({
    turns: [
      say('I will start by reading the README.'),
      say('Halfway: the greeting is drafted.'),
      {
        items: [
          {
            type: 'function_call',
            name: 'update_goal',
            arguments: JSON.stringify({ status: 'complete', reason: 'The README greets its readers.' }),
          },
        ],
        usage: { input_tokens: 1000, output_tokens: 100 },
      },
      say('Done: the README greets its readers.'),
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();

    // The first request (the objective, as the new session's first message) is held, then the continuation too.
    const releaseFirst = model.hold();
    await page.getByLabel('Prompt').fill('/goal Make the README friendly --budget 50k');
    await page.getByLabel('Prompt').press('Enter');
    await expect.poll(() => model.requests.length).toBe(1);
    const bar = page.getByRole('region', { name: 'Goal' });
    await expect(bar).toContainText('Make the README friendly');
    await expect(bar).toContainText('Active');
    const releaseContinuation = model.hold();
    releaseFirst();

    await expect(bar.getByRole('meter', { name: "Tokens used of the goal's budget" })).toBeVisible();
    await expect(bar).toContainText('1,100 of 50,000 tokens');
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Goal: Trellis asks the agent to go on')).toBeVisible();
    await expect.poll(() => model.requests.length).toBe(2);
    expect(JSON.stringify(model.requests[1].body)).toContain('Make the README friendly');
    await expectAccessible(page, 'the goal bar');
    await page.screenshot({ path: 'e2e/screenshots/goal-bar.png' });

    // Pause: the running turn ends, and no other starts.
    await bar.getByRole('button', { name: 'Pause' }).click();
    await expect(bar).toContainText('Paused');
    releaseContinuation();
    await expect(transcript.getByText('Halfway: the greeting is drafted.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
    expect(model.requests).toHaveLength(2);

    await bar.getByRole('button', { name: 'Resume' }).click();
    await expect(transcript.getByText('Done: the README greets its readers.')).toBeVisible();
    await expect(bar).toContainText('Complete');
    await expect(bar).toContainText('The README greets its readers.');
    await expect(bar.getByRole('button', { name: 'Resume' })).toHaveCount(0);
    expect(model.requests).toHaveLength(4);

    await page.getByLabel('Prompt').fill('/goal clear');
    await page.getByLabel('Prompt').press('Enter');
    await expect(bar).toHaveCount(0);
  } finally {
    await server.stop();
    await model.close();
  }
});
