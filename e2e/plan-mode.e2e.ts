import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

const FIRST_PLAN = '# Greet the reader\n\nAdd GREETING.md.\n\n1. Create GREETING.md saying hello.';
const PLAN =
  '# Greet the reader warmly\n\nAdd GREETING.md with a warm hello.\n\n1. Create GREETING.md saying "Hello, and welcome".\n\n## Tests\n- GREETING.md exists.';
const proposing = (plan: string) => ({
  items: [
    { type: 'message' as const, text: `I looked at the repository.\n\n<proposed_plan>\n${plan}\n</proposed_plan>` },
  ],
});
const ADD_GREETING = '*** Begin Patch\n*** Add File: GREETING.md\n+Hello, and welcome\n*** End Patch\n';

test('plan mode: the agent changes nothing, proposes a plan card; Refine, Save as spec and Implement', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          { type: 'custom_tool_call', name: 'apply_patch', input: ADD_GREETING },
          { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'touch x' }) },
        ],
      },
      proposing(FIRST_PLAN),
      proposing(PLAN),
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: ADD_GREETING }] },
      { items: [{ type: 'message', text: 'Done: GREETING.md is written.' }] },
    ],
  }); // sandbox_mode = "danger-full-access": plan mode holds all the same
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    const modeSwitch = page.getByRole('button', { name: 'Plan mode' });
    await modeSwitch.click();
    await expect(modeSwitch).toHaveAttribute('aria-pressed', 'true');
    await page.getByLabel('Prompt').fill('Plan a greeting for readers');
    await page.getByRole('button', { name: 'Send' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Plan mode on')).toBeVisible();
    const firstCard = transcript.getByRole('region', { name: /^Proposed plan/ });
    await expect(firstCard).toContainText('Greet the reader');
    // The words around the block stay a message; the block itself is only in the card.
    await expect(transcript.getByText('I looked at the repository.')).toBeVisible();
    await expect(transcript.getByText('<proposed_plan>')).toHaveCount(0);
    expect(fs.existsSync(path.join(repo, 'GREETING.md'))).toBe(false);
    expect(fs.existsSync(path.join(repo, 'x'))).toBe(false);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');

    // Refine: the comment is the next prompt, still in plan mode; the new plan replaces the card's buttons.
    await firstCard.getByRole('button', { name: 'Refine' }).click();
    await firstCard.getByLabel('Comment on the plan').fill('Make it warmer.');
    await firstCard.getByRole('button', { name: 'Send comment' }).click();
    await expect(transcript.getByText('A later plan replaced this one.')).toBeVisible();
    const card = transcript.getByRole('region', { name: /^Proposed plan/ }).last();
    await expect(card).toContainText('Greet the reader warmly');
    await expect(modeSwitch).toHaveAttribute('aria-pressed', 'true');
    const refined = JSON.stringify(model.requests[2].body);
    expect(refined).toContain('Make it warmer.');
    expect(refined).not.toContain('Plan mode is off');
    await expectAccessible(page, 'the plan card');
    await card.screenshot({ path: 'e2e/screenshots/plan-card.png' });
    await page.screenshot({ path: 'e2e/screenshots/plan-mode.png' });

    // Save as spec: a Kiro quick spec from the plan, under the name suggested from its title.
    await card.getByRole('button', { name: 'Save as spec' }).click();
    await expect(card.getByLabel('Spec name')).toHaveValue('greet-the-reader-warmly');
    await card.getByRole('button', { name: 'Save spec' }).click();
    await expect(card.getByRole('status')).toContainText('Saved as .kiro/specs/greet-the-reader-warmly/');
    const specDir = path.join(repo, '.kiro', 'specs', 'greet-the-reader-warmly');
    expect(fs.readFileSync(path.join(specDir, 'tasks.md'), 'utf8')).toContain(
      '- [ ] 1. Create GREETING.md saying "Hello, and welcome".',
    );
    await card.getByRole('button', { name: 'Save as spec' }).click();
    await card.getByRole('button', { name: 'Save spec' }).click();
    await expect(card.getByRole('alert')).toContainText('already exists');

    // Implement: plan mode ends (the model is told), and the turn that carries the plan out writes the file.
    await card.getByRole('button', { name: 'Implement' }).click();
    await expect(transcript.getByText('Done: GREETING.md is written.')).toBeVisible();
    await expect(modeSwitch).toHaveAttribute('aria-pressed', 'false');
    expect(fs.readFileSync(path.join(repo, 'GREETING.md'), 'utf8')).toBe('Hello, and welcome\n');
    const implementing = JSON.stringify(model.requests[3].body);
    expect(implementing).toContain('changes are now allowed');
    expect(implementing).toContain('Implement the plan you proposed above');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('Shift+Tab in the prompt box switches plan mode', async ({ page }) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({ turns: [] });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const prompt = page.getByLabel('Prompt');
    await prompt.focus();
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Plan mode' })).toHaveAttribute('aria-pressed', 'true');
    await expect(prompt).toBeFocused();
    await prompt.fill('/plan');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Plan mode' })).toHaveAttribute('aria-pressed', 'false');
  } finally {
    await server.stop();
    await model.close();
  }
});
