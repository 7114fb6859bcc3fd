import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { KIRO_INVENTED_HOOK } from '../electron/core/hooks/formats/hook-fixtures';
import { expectAccessible } from './support/axe';
import { mockConfiguredHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/** The Hooks tab of the Extensions pane against `trellis serve`, with a repository's hook files of two formats and a broken one. */
const helloHook = (words: string) =>
  JSON.stringify(
    {
      name: 'Say hello',
      version: '1',
      when: { type: 'userTriggered' },
      then: { type: 'runCommand', command: `echo "${words} from $(basename "$PWD")"` },
    },
    null,
    2,
  );

const CODEX_HOOKS = JSON.stringify({
  hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'scripts/check-command.sh' }] }] },
});

function hooksTab(page: Page) {
  return page.getByRole('region', { name: 'Hooks', exact: true });
}

function card(page: Page, name: string) {
  return hooksTab(page).getByRole('region', { name, exact: true });
}

test('the hooks list: a repository hook trusted with the repository, trusted again after an edit, a hook disabled in config.toml, a manual hook run', async ({
  page,
}) => {
  const repo = makeRepo({
    'README.md': '# r\n',
    '.kiro/hooks/hello.kiro.hook': helloHook('hello'),
    '.kiro/hooks/docs-sync.kiro.hook': KIRO_INVENTED_HOOK,
    '.codex/hooks.json': CODEX_HOOKS,
  });
  const home = mockConfiguredHome('http://127.0.0.1:9', '# my own settings, kept\n');
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const dialog = page.getByRole('dialog', { name: "Trust this repository's configuration?" });
    await dialog.getByRole('button', { name: 'Keep untrusted' }).click();
    // Room for the list in the screenshot: the panes beside it folded away.
    for (const pane of ['Subagents', 'Review changes', 'Task graph'])
      await page.getByRole('button', { name: `Collapse ${pane}` }).click();
    // The tabs by keyboard, as the tabs pattern has them: the arrow moves to Hooks and focuses it.
    await page.getByRole('tab', { name: 'MCP servers' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /^Hooks/ })).toBeFocused();
    await expect(page.getByRole('tab', { name: /^Hooks/ })).toHaveAttribute('aria-selected', 'true');

    // Untrusted: never shown as enabled, Run refused, and the way to trust it named.
    const hello = card(page, 'Say hello');
    await expect(hello.getByRole('status')).toHaveText('not trusted');
    await expect(hello).toContainText('Kiro .kiro.hook (repository)');
    await expect(hello).toContainText('.kiro/hooks/hello.kiro.hook');
    await expect(hello).toContainText('Would run echo "hello from $(basename "$PWD")"');
    await expect(hello.getByRole('button', { name: 'Run' })).toBeDisabled();
    const check = card(page, 'PreToolUse[0].hooks[0]');
    await expect(check).toContainText('PreToolUse · matching /Bash/');
    await expect(check).toContainText('Codex hooks.json (repository)');
    await expect(hooksTab(page).getByRole('region', { name: 'Hook files not read' })).toContainText(
      '.kiro/hooks/docs-sync.kiro.hook',
    );
    await expectAccessible(page, 'the hooks list, an untrusted repository');

    // The repository first, through its trust review.
    await hello.getByRole('button', { name: 'Review repository trust' }).click();
    await dialog.getByRole('button', { name: 'Trust', exact: true }).click();
    await expect(hello.getByRole('status')).toHaveText('enabled');

    // Disabled where the person's switches live, their comment kept.
    await check.getByRole('button', { name: 'Disable' }).click();
    await expect(check.getByRole('status')).toHaveText('disabled');
    const written = fs.readFileSync(path.join(home, 'config.toml'), 'utf8');
    expect(written).toContain('# my own settings, kept');
    expect(written).toMatch(/enabled = false/);
    await expect(check.getByRole('button', { name: 'Enable' })).toBeVisible();

    // An edit since: that hook asks again, on its own, and Trust records it as it is now.
    fs.writeFileSync(path.join(repo, '.kiro/hooks/hello.kiro.hook'), helloHook('hello again'));
    await expect(hello.getByRole('status')).toHaveText('not trusted');
    await expect(hello).toContainText('changed since you trusted them');
    await hello.getByRole('button', { name: 'Trust', exact: true }).click();
    await expect(hello.getByRole('status')).toHaveText('enabled');
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/trusted_hash = "sha256:/);
    // The other repository hook was not trusted as the files are now: neither enabled nor trusted, whatever its switch.
    await expect(check.getByRole('status')).toHaveText('not trusted');

    // Run: the command runs in the repository, and what it printed is shown.
    await hello.getByRole('button', { name: 'Run' }).click();
    const last = page.getByRole('region', { name: 'Last run of Say hello' });
    await expect(last).toContainText('completed');
    await expect(last).toContainText(`hello again from ${path.basename(repo)}`);
    await expectAccessible(page, 'the hooks list, trusted, one disabled, one run');
    await hooksTab(page).screenshot({ path: 'e2e/screenshots/hooks-pane.png' });
  } finally {
    await server.stop();
  }
});
