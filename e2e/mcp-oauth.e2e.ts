import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startTestOAuthServer } from '../electron/core/mcp/oauth/testing/test-oauth-server';
import { expectAccessible } from './support/axe';
import { mockConfiguredHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/**
 * Authenticate in the MCP pane of `trellis serve`, against a local OAuth authorization server and the MCP server it
 * protects (the SDK's own server-side auth). The browser does what a person's would: the tab the button opens goes
 * to the sign-in page, which approves and redirects to Trellis's loopback listener.
 */
test('Authenticate: an HTTP server that needs a login signs in through the browser tab and connects', async ({
  page,
}) => {
  const oauth = await startTestOAuthServer();
  const repo = makeRepo({ 'README.md': '# r\n' });
  const home = mockConfiguredHome('http://127.0.0.1:9', `[mcp_servers.docs]\nurl = "${oauth.mcpUrl}"\n`);
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const card = page.getByRole('region', { name: 'MCP servers' }).getByRole('region', { name: 'docs', exact: true });
    await expect(card.getByRole('status')).toHaveText('needs authentication', { timeout: 30_000 });
    await expect(card).toContainText('trellis mcp login docs');
    await expectAccessible(page, 'the MCP pane, a server that needs authentication');
    await card.screenshot({ path: 'e2e/screenshots/mcp-needs-auth.png' });

    const popup = page.waitForEvent('popup');
    await card.getByRole('button', { name: 'Authenticate' }).click();
    const tab = await popup;
    await expect(tab.getByRole('heading', { name: 'Trellis is logged in' })).toBeVisible();
    expect(new URL(tab.url()).hostname).toBe('127.0.0.1');
    await tab.close();

    await expect(card.getByRole('status')).toHaveText('connected');
    await expect(card).toContainText('whoami');
    const files = fs.readdirSync(path.join(home, 'mcp-oauth'));
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(home, 'mcp-oauth', files[0])).mode & 0o777).toBe(0o600);
    await card.screenshot({ path: 'e2e/screenshots/mcp-authenticated.png' });
  } finally {
    await server.stop();
    await oauth.close();
  }
});
