import { expect, test } from '@playwright/test';
import path from 'node:path';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/**
 * The prompt box's `/` commands and `@` resources against the real @modelcontextprotocol/server-everything over
 * stdio, started by `trellis serve` from the temp home's config.toml; what the model receives is read from the mock
 * model's requests. Keyboard only, from the first key to the sent message.
 */
const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const everythingToml = `[mcp_servers.everything]\ncommand = "node"\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\nstartup_timeout_sec = 60\n`;

test('an MCP prompt filled by its form becomes the message; @ attaches resources whose text the model receives', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# r\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        { items: [{ type: 'message', text: 'Sunny in Lyon.' }] },
        { items: [{ type: 'message', text: 'Read both.' }] },
      ],
    },
    everythingToml,
  );
  const server = await startTrellisServer([repo], home);
  const sent = (index: number) => JSON.stringify(model.requests[index]?.body ?? null);
  try {
    await page.goto(server.url);
    await expect(
      page
        .getByRole('region', { name: 'MCP servers' })
        .getByRole('region', { name: 'everything', exact: true })
        .getByRole('status'),
    ).toHaveText('connected', { timeout: 30_000 });
    const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
    await box.focus();

    // `/` lists the server's prompts; typing narrows the list; Down and Up move the active option.
    await page.keyboard.type('/');
    const commands = page.getByRole('listbox', { name: 'Commands' });
    await expect(commands.getByRole('option', { name: /\/mcp__everything__args-prompt/ })).toBeVisible();
    await expect(commands.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.type('mcp__everything__a');
    await expect(commands.getByRole('option')).toHaveCount(1);
    await expect(commands.getByRole('option').first()).toContainText('A prompt with two arguments');
    await expect(box).toHaveAttribute(
      'aria-activedescendant',
      (await commands.getByRole('option').first().getAttribute('id'))!,
    );
    await expectAccessible(page, 'the command list');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/prompt-box-commands.png' });

    // Enter chooses it: the form asks for its arguments, the required one marked, descriptions as hints.
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: '/mcp__everything__args-prompt' });
    const city = form.getByRole('textbox', { name: 'city (required)' });
    await expect(city).toBeFocused();
    await expect(city).toHaveAccessibleDescription('Name of the city');
    await page.keyboard.type('Lyon');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Rhône');
    await expectAccessible(page, 'the prompt arguments form');
    await page.getByRole('region', { name: 'Transcript' }).screenshot({ path: 'e2e/screenshots/prompt-box-form.png' });
    await page.keyboard.press('Enter');
    await expect(box).toHaveValue("What's weather in Lyon, Rhône?");
    await expect(box).toBeFocused();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Sunny in Lyon.')).toBeVisible();
    expect(sent(0)).toContain("What's weather in Lyon, Rhône?");

    // An unknown command is said, and nothing reaches the model.
    await expect(box).toBeFocused();
    await page.keyboard.type('/nope');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('alert')).toHaveText(
      'There is no command /nope; nothing was sent. Type / to see the commands there are.',
    );
    expect(model.requests).toHaveLength(1);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');

    // `@` lists resources and templates: a static document, then the dynamic text template filled by its form.
    await page.keyboard.type('Summarise these @instructions');
    const resources = page.getByRole('listbox', { name: 'Resources to attach' });
    await expect(resources.getByRole('option').first()).toContainText('instructions.md');
    await page.keyboard.press('Enter');
    await page.keyboard.type('@dynamic');
    await expect(resources.getByRole('option')).toHaveCount(2); // the text and the blob templates
    await page.keyboard.press('ArrowDown');
    await expect(resources.getByRole('option', { selected: true })).toContainText('Dynamic Blob Resource');
    await page.keyboard.press('ArrowUp');
    await expect(resources.getByRole('option', { selected: true })).toContainText('Dynamic Text Resource');
    await page.keyboard.press('Tab');
    const template = page.getByRole('form', { name: 'Attach Dynamic Text Resource' });
    await expect(template.getByRole('textbox', { name: 'resourceId (required)' })).toBeFocused();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    const chips = page.getByRole('list', { name: 'Attached resources' });
    await expect(chips.getByRole('listitem')).toHaveCount(2);
    await expect(
      chips.getByRole('button', { name: 'Remove Dynamic Text Resource (demo://resource/dynamic/text/5)' }),
    ).toBeVisible();
    await expect(box).toBeFocused();

    // A third, removed again from the keyboard (Shift+Tab reaches its chip's button): the model never sees it.
    await page.keyboard.type('@architecture');
    await page.keyboard.press('Enter');
    await expect(chips.getByRole('listitem')).toHaveCount(3);
    await page.keyboard.press('Shift+Tab');
    await expect(chips.getByRole('button', { name: /^Remove architecture\.md/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(chips.getByRole('listitem')).toHaveCount(2);
    await expect(box).toBeFocused();
    await expectAccessible(page, 'attached resources');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/prompt-box-attachments.png' });
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Read both.')).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Transcript' }).getByRole('list', { name: 'Attached resources' }),
    ).toHaveCount(1);
    await expect(
      page.getByRole('log', { name: 'Transcript' }).getByRole('list', { name: 'Attached resources' }),
    ).toContainText('@instructions.md');
    await expectAccessible(page, 'a sent message with its attachments');
    await page.getByRole('region', { name: 'Transcript' }).screenshot({ path: 'e2e/screenshots/prompt-box-sent.png' });
    const second = sent(1);
    expect(second).toContain('Summarise these');
    expect(second).toContain('Everything Server – Server Instructions');
    expect(second).toContain('Resource 5: This is a plaintext resource');
    expect(second).not.toContain('Everything Server – Architecture');
  } finally {
    await server.stop();
    await model.close();
  }
});
