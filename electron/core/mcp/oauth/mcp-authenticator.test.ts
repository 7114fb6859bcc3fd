import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-repo';
import { waitForItem } from '../../testing/wait-for-item';
import { McpAuthenticator } from './mcp-authenticator';
import { connectWithStoredLogin, followInBrowser, httpDefinition } from './testing/oauth-fixtures';
import { startTestOAuthServer, type TestOAuthServer } from './testing/test-oauth-server';

let server: TestOAuthServer;
let home: string;
beforeEach(async () => {
  server = await startTestOAuthServer();
  home = tempDir('trellis-oauth-');
});
afterEach(async () => {
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('Authenticate in the window', () => {
  it('a second press abandons the first login (freeing its fixed port); the server reconnects once, after the browser', async () => {
    const reconnected: string[] = [];
    const logged: string[] = [];
    const manager = { reconnect: async (name: string) => void reconnected.push(name) };
    const authenticator = new McpAuthenticator({ home, callbackPort: 45873 }, (m) => logged.push(m));
    const definition = httpDefinition('docs', server.mcpUrl);

    const first = await authenticator.authenticate(manager, definition);
    const second = await authenticator.authenticate(manager, definition);
    expect(second).not.toBe(first);
    // The first login's page is gone: its answer reaches the second listener, which knows nothing of its state.
    expect(await followInBrowser(first)).toEqual([302, 400]);
    expect(reconnected).toEqual([]);

    expect(await followInBrowser(second)).toEqual([302, 200]);
    await waitForItem(reconnected, (name) => name === 'docs');
    const client = await connectWithStoredLogin(definition, { home });
    await client.close();
    await authenticator.close();
    expect(reconnected).toEqual(['docs']);
    expect(logged).toEqual([]);
  });

  it("listens on config.toml's mcp_oauth_callback_port", async () => {
    fs.writeFileSync(path.join(home, 'config.toml'), 'mcp_oauth_callback_port = 45874\n');
    const authenticator = new McpAuthenticator({ home }, () => undefined);
    const url = await authenticator.authenticate(
      { reconnect: async () => undefined },
      httpDefinition('docs', server.mcpUrl),
    );
    expect(new URL(url).searchParams.get('redirect_uri')).toBe('http://127.0.0.1:45874/callback');
    await authenticator.close();
  });
});
