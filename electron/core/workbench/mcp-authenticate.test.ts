import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../contract';
import { followInBrowser } from '../mcp/oauth/testing/oauth-fixtures';
import { startTestOAuthServer } from '../mcp/oauth/testing/test-oauth-server';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

describe('mcp.authenticate', () => {
  it("opens the sign-in page through the shell's browser (the desktop's shell.openExternal) and connects after it", async () => {
    const oauth = await startTestOAuthServer();
    closing.push(oauth);
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.toml'), `[mcp_servers.docs]\nurl = "${oauth.mcpUrl}"\n`);
    const opened: string[] = [];
    const workbench = new Workbench({
      home,
      app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'electron', initialPath: null },
      openBrowser: (url) => opened.push(url),
    });
    closing.push(workbench);
    const events: WorkbenchEvent[] = [];
    const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
    const call = (method: string, params: unknown) => contractChecked(workbench)(method, params, client);
    const state = (status: string) =>
      waitForItem(
        events,
        (e) => e.type === 'mcp.server.changed' && e.server.name === 'docs' && e.server.status === status,
      );

    const workspace = await call('workspace.open', { path: tempRepo({ 'README.md': '# r\n' }) });
    const workspaceId = workspace.ok ? (workspace.value as { id: string }).id : '';
    await state('needs-auth');

    const answer = await call('mcp.authenticate', { workspaceId, server: 'docs' });
    expect(answer).toEqual({ ok: true, value: { url: opened[0] } });
    expect(new URL(opened[0]).origin).toBe(new URL(oauth.mcpUrl).origin);

    await followInBrowser(opened[0]);
    await state('connected');
  });
});
