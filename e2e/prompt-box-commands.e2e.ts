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
    // /model before the first message: the session starts on that model.
    await page.keyboard.type('/model gpt-test-pro');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'will start' })).toHaveText(
      'The new session will start on gpt-test-pro.',
    );
    await page.keyboard.press('Escape');
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
    expect((model.requests[0].body as { model: string }).model).toBe('gpt-test-pro');
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

test('/ lists the built-in commands; /status shows the card, /model switches the model the mock receives, Up recalls, the meter fills', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# r\n' });
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'message', text: 'First answer.' }], usage: { input_tokens: 3000, output_tokens: 200 } },
      { items: [{ type: 'message', text: 'Second answer.' }], usage: { input_tokens: 6400, output_tokens: 400 } },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
    const meter = page.getByRole('meter', { name: 'Context window' });
    await expect(meter).toHaveAttribute('aria-valuetext', '0 of 128,000 tokens (0%)');
    await box.focus();

    // `/` lists Trellis's own commands.
    await page.keyboard.type('/');
    const commands = page.getByRole('listbox', { name: 'Commands' });
    for (const name of ['/new', '/resume', '/model', '/status'])
      await expect(commands.getByRole('option', { name: new RegExp(`^${name}\\b`) })).toBeVisible();
    await expectAccessible(page, 'the built-in commands');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/prompt-box-built-ins.png' });

    // /status before the first message: what a new session starts with.
    await page.keyboard.type('stat');
    await page.keyboard.press('Enter');
    const status = page.getByRole('region', { name: 'Session status' });
    await expect(status).toContainText('Modelgpt-test');
    await expect(status).toContainText('Sandboxdanger-full-access');
    await expect(status).toContainText('Context used0 of 128,000 tokens (0%)');
    await expect(box).toHaveValue('');
    await expect(box).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(status).toBeHidden();

    await page.keyboard.type('hello there');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('First answer.')).toBeVisible();
    await expect(meter).toHaveAttribute('aria-valuetext', '3,200 of 128,000 tokens (3%)');

    // /model alone: a card to choose the model and effort; the next request goes to it.
    await box.focus();
    await page.keyboard.type('/model');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Switch model' });
    await form.getByRole('combobox', { name: 'Model' }).fill('gpt-test-mini');
    await form.getByRole('combobox', { name: 'Reasoning effort' }).selectOption('high');
    await expectAccessible(page, 'the model card');
    await form.getByRole('button', { name: 'Switch' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'now uses' })).toHaveText(
      'This session now uses gpt-test-mini with high reasoning effort, from its next request.',
    );
    await page.getByRole('button', { name: 'Close card' }).click();
    await box.focus();
    await page.keyboard.type('and now?');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Second answer.')).toBeVisible();
    expect((model.requests[0].body as { model: string }).model).toBe('gpt-test');
    expect(model.requests[1].body).toMatchObject({ model: 'gpt-test-mini', reasoning: { effort: 'high' } });
    await expect(meter).toHaveAttribute('aria-valuetext', '6,800 of 128,000 tokens (5%)');

    // Up recalls what was sent, most recent first; Down walks back to the empty draft.
    await box.focus();
    await page.keyboard.press('ArrowUp');
    await expect(box).toHaveValue('and now?');
    await page.keyboard.press('ArrowUp');
    await expect(box).toHaveValue('/model');
    await page.keyboard.press('ArrowUp');
    await expect(box).toHaveValue('hello there');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(box).toHaveValue('');

    await page.keyboard.type('/status');
    await page.keyboard.press('Enter');
    await expect(status).toContainText('Modelgpt-test-mini');
    await expect(status).toContainText('Reasoning efforthigh');
    await expect(status).toContainText('Context used6,800 of 128,000 tokens (5%)');
    await expectAccessible(page, 'the status card and the meter');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/prompt-box-status.png' });

    // /new empties the window; /resume offers the session back, with its model and context as they were.
    await box.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.type('/new');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('region', { name: 'Transcript' }).getByText('No session yet', { exact: true }),
    ).toBeVisible();
    await expect(meter).toHaveAttribute('aria-valuetext', '0 of 128,000 tokens (0%)');
    await box.focus();
    await page.keyboard.type('/resume');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Sessions to resume' }).getByRole('button', { name: 'hello there' }).click();
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Second answer.')).toBeVisible();
    await expect(meter).toHaveAttribute('aria-valuetext', '6,800 of 128,000 tokens (5%)');
    await box.focus();
    await page.keyboard.type('/status');
    await page.keyboard.press('Enter');
    await expect(status).toContainText('Modelgpt-test-mini');
  } finally {
    await server.stop();
    await model.close();
  }
});

test("/review opens the last turn's changes in the review pane; /init asks before replacing an AGENTS.md, then asks the agent for one", async ({
  page,
}) => {
  const repo = makeRepo({ 'AGENTS.md': '# Old guide\n', 'notes.txt': 'one\n' });
  const patch = ['*** Begin Patch', '*** Update File: notes.txt', '@@', '-one', '+uno', '*** End Patch'].join('\n');
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch }] },
      { items: [{ type: 'message', text: 'Translated.' }] },
      { items: [{ type: 'message', text: 'Wrote AGENTS.md.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
    await box.focus();
    await page.keyboard.type('/review');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'No session yet' })).toHaveText(
      'No session yet: there is no turn whose changes to review.',
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Translate notes.txt');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Translated.')).toBeVisible();

    // The review pane is folded: /review unfolds it on the turn's change.
    await page.getByRole('button', { name: 'Collapse Review changes' }).click();
    await box.focus();
    await page.keyboard.type('/review');
    await page.keyboard.press('Enter');
    const pane = page.getByRole('region', { name: 'Review changes' });
    await expect(pane.getByRole('option', { name: 'notes.txt, modified' })).toBeVisible();

    // /init: AGENTS.md exists, so the person is asked first; keeping it sends nothing.
    await box.focus();
    await page.keyboard.type('/init');
    await page.keyboard.press('Enter');
    const ask = page.getByRole('alertdialog', { name: 'AGENTS.md exists' });
    await expect(ask).toContainText('This repository already has an AGENTS.md');
    await expectAccessible(page, 'the /init confirmation');
    await page.getByRole('region', { name: 'Transcript' }).screenshot({ path: 'e2e/screenshots/prompt-box-init.png' });
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await expect(ask).toBeHidden();
    expect(model.requests).toHaveLength(2);

    await box.focus();
    await page.keyboard.type('/init');
    await page.keyboard.press('Enter');
    await ask.getByRole('button', { name: 'Write a new AGENTS.md' }).click();
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Wrote AGENTS.md.')).toBeVisible();
    expect(JSON.stringify(model.requests[2].body)).toContain(
      'Write a file named AGENTS.md at the root of this repository',
    );
  } finally {
    await server.stop();
    await model.close();
  }
});
