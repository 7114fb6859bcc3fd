import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './support/axe';
import { mockedHome, mockConfiguredHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

/**
 * The MCP pane and transcript against the real @modelcontextprotocol/server-everything over stdio, started by
 * `trellis serve` from the temp home's config.toml, as a person's own config would.
 */
const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const everythingToml = (extra = '') =>
  `[mcp_servers.everything]\ncommand = "node"\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\nstartup_timeout_sec = 60\n${extra}`;

function pane(page: Page) {
  return page.getByRole('region', { name: 'MCP servers' });
}

function serverCard(page: Page, name: string) {
  return pane(page).getByRole('region', { name, exact: true });
}

/** Parent pid of a process, from /proc (Linux): to find the server's process among the serve process's descendants. */
function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The server-everything process `trellis serve` (pid `root`) started: a descendant running its dist/index.js, the innermost one. */
function everythingPid(root: number): number | null {
  const pids = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const descends = (pid: number) => {
    for (let p: number | null = pid, hops = 0; p && hops < 20; p = parentOf(p), hops++) if (p === root) return true;
    return false;
  };
  const running = pids.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(EVERYTHING) && descends(pid);
    } catch {
      return false;
    }
  });
  return running.find((pid) => !running.some((other) => parentOf(other) === pid)) ?? null;
}

test('the MCP pane: a connected server, a tool switched off and saved, a killed server failed and reconnected', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# r\n' });
  const home = mockConfiguredHome('http://127.0.0.1:9', everythingToml());
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const card = serverCard(page, 'everything');
    await expect(card.getByRole('status')).toHaveText('connected', { timeout: 30_000 });
    await expect(card).toContainText(`node ${EVERYTHING} stdio`);
    await expect(card).toContainText('Codex config.toml (user)');
    const echo = card.getByRole('switch', { name: 'echo enabled' });
    await expect(echo).toBeChecked();
    await expect(card.getByRole('switch', { name: 'get-sum enabled' })).toBeChecked();
    await expectAccessible(page, 'the MCP pane, a connected server');
    await pane(page).screenshot({ path: 'e2e/screenshots/mcp-pane-connected.png' });

    // Off, and saved where the server was defined.
    await echo.click();
    await expect(echo).not.toBeChecked();
    const config = path.join(home, 'config.toml');
    await expect.poll(() => fs.readFileSync(config, 'utf8')).toMatch(/disabled_tools\s*=\s*\[\s*"echo"\s*\]/);
    await page.reload();
    await expect(serverCard(page, 'everything').getByRole('switch', { name: 'echo enabled' })).not.toBeChecked();

    // The server dies: the pane says so, from the client's own state.
    const pid = everythingPid(server.process.pid!);
    expect(pid, 'the server-everything process under trellis serve').not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    const again = serverCard(page, 'everything');
    await expect(again.getByRole('status')).toHaveText('failed');
    await pane(page).screenshot({ path: 'e2e/screenshots/mcp-pane-failed.png' });
    await again.getByRole('button', { name: 'Reconnect' }).click();
    await expect(again.getByRole('status')).toHaveText('connected', { timeout: 30_000 });
    await expect(again.getByRole('switch', { name: 'echo enabled' })).not.toBeChecked();

    await again.getByRole('button', { name: 'Show log' }).click();
    await expect(page.getByRole('region', { name: 'Log of everything' })).toBeVisible();
  } finally {
    await server.stop();
  }
});

test("an untrusted repository's Kiro mcp.json is listed with the command it would run, and starts once trusted", async ({
  page,
}) => {
  const repo = makeRepo({
    'README.md': '# cloned\n',
    '.kiro/settings/mcp.json': JSON.stringify(
      { mcpServers: { 'repo-tool': { command: 'node', args: [EVERYTHING] } } },
      null,
      2,
    ),
  });
  const home = mockConfiguredHome('http://127.0.0.1:9');
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const dialog = page.getByRole('dialog', { name: "Trust this repository's configuration?" });
    await dialog.getByRole('button', { name: 'Keep untrusted' }).click();
    const card = serverCard(page, 'repo-tool');
    await expect(card.getByRole('status')).toHaveText('untrusted');
    await expect(card).toContainText('Kiro mcp.json (repository)');
    await expect(card).toContainText(`Would run node ${EVERYTHING}`);
    await expect(card.getByRole('button', { name: 'Reconnect' })).toBeDisabled();
    expect(everythingPid(server.process.pid!), 'no process before the person trusts the repository').toBeNull();
    await expectAccessible(page, 'the MCP pane, an untrusted server');
    await pane(page).screenshot({ path: 'e2e/screenshots/mcp-pane-untrusted.png' });

    // Asked again after a reload; trusting starts the server without reopening the folder.
    await page.reload();
    await dialog.getByRole('button', { name: 'Trust', exact: true }).click();
    await expect(serverCard(page, 'repo-tool').getByRole('status')).toHaveText('connected', { timeout: 30_000 });
    await expect(serverCard(page, 'repo-tool')).toContainText(`Runs node ${EVERYTHING}`);
  } finally {
    await server.stop();
  }
});

test('a session calls an MCP tool: the approval card shows server, tool, hints and arguments, then the result', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# r\n' });
  const { home, model } = await mockedHome(
    {
      turns: [
        {
          items: [
            {
              type: 'function_call',
              name: 'mcp__everything__echo',
              arguments: JSON.stringify({ message: 'hello from the model' }),
            },
          ],
        },
        { items: [{ type: 'message', text: 'The server echoed it back.' }] },
      ],
    },
    everythingToml('default_tools_approval_mode = "prompt"\n'),
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(serverCard(page, 'everything').getByRole('status')).toHaveText('connected', { timeout: 30_000 });
    await page.getByLabel('Prompt').fill('Echo something');
    await page.getByRole('button', { name: 'Send' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    const approval = transcript.getByLabel('Approval request');
    await expect(approval).toContainText('Call this MCP tool?');
    await expect(approval).toContainText('everything · echo');
    await expect(approval).toContainText('read-only');
    await expect(approval.getByLabel('Arguments')).toContainText('"message": "hello from the model"');
    await expectAccessible(page, 'an MCP tool approval');
    await page.screenshot({ path: 'e2e/screenshots/mcp-transcript-approval.png' });

    await approval.getByRole('button', { name: 'Approve once' }).click();
    const call = transcript.getByRole('group', { name: 'MCP call everything · echo' });
    await expect(call).toContainText('completed');
    await call.getByText('Output').click();
    await expect(call).toContainText('Echo: hello from the model');
    await expect(transcript.getByText('The server echoed it back.')).toBeVisible();
    await expectAccessible(page, 'an MCP call in the transcript');
    await page
      .getByRole('region', { name: 'Transcript' })
      .screenshot({ path: 'e2e/screenshots/mcp-transcript-call.png' });
  } finally {
    await server.stop();
    await model.close();
  }
});
