import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/**
 * The prompt box's built-in commands, `@` file mentions, history and context meter, driven in Chromium by
 * accessible names against `trellis serve` and the mock model; what the model receives is read from its requests.
 */

test('@ lists the repository files first, fuzzily; the chosen file is attached and the model receives its content', async ({
  page,
}) => {
  const repo = makeRepo({
    'README.md': '# r\n',
    'src/app.ts': 'export const greeting = "hello from app.ts";\n',
    'src/apps/map.ts': 'export const map = 1;\n',
  });
  const { home, model } = await mockedHome({ turns: [{ items: [{ type: 'message', text: 'Read it.' }] }] });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
    await box.focus();
    await page.keyboard.type('Explain @apts');
    const list = page.getByRole('listbox', { name: 'Files and resources to attach' });
    await expect(list.getByRole('option').first()).toContainText('src/app.ts');
    await expect(list.getByRole('option').first()).toContainText('File');
    await expectAccessible(page, 'the file mention list');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/prompt-box-file-mention.png' });
    await page.keyboard.press('Enter');
    const chips = page.getByRole('list', { name: 'Attached resources' });
    await expect(chips.getByRole('button', { name: 'Remove src/app.ts' })).toBeVisible();
    await expect(box).toHaveValue('Explain ');
    await page.keyboard.type('please');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Read it.')).toBeVisible();
    const sent = JSON.stringify(model.requests[0]?.body ?? null);
    expect(sent).toContain('Explain please');
    expect(sent).toContain('<file path=\\"src/app.ts\\">');
    expect(sent).toContain('hello from app.ts');
    expect(sent).not.toContain('export const map');
    await expect(
      page.getByRole('log', { name: 'Transcript' }).getByRole('list', { name: 'Attached resources' }),
    ).toContainText('@src/app.ts');
  } finally {
    await server.stop();
    await model.close();
  }
});
