import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followInBrowser } from '../core/mcp/oauth/testing/oauth-fixtures';
import { startTestOAuthServer, type TestOAuthServer } from '../core/mcp/oauth/testing/test-oauth-server';
import { tempDir } from '../core/testing/temp-repo';
import { mcpLoginCommand, mcpLogoutCommand } from './mcp-login-command';

describe('trellis mcp login / logout', () => {
  let server: TestOAuthServer;
  let env: NodeJS.ProcessEnv;
  let home: string;
  let stdout: string;
  let stderr: string;
  const browsed: Promise<number[]>[] = [];

  beforeEach(async () => {
    server = await startTestOAuthServer();
    home = tempDir('trellis-home-');
    // No DISPLAY: the command must not try a browser; the test plays it from the URL it prints.
    env = { TRELLIS_HOME: home, HOME: tempDir('user-home-'), PATH: process.env.PATH };
    fs.writeFileSync(path.join(home, 'config.toml'), `[mcp_servers.docs]\nurl = "${server.mcpUrl}"\n`);
    stdout = stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      const url = /https?:\/\/\S+\/authorize\S*/.exec(String(chunk))?.[0];
      if (url) browsed.push(followInBrowser(url));
      return true;
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(browsed.splice(0));
    await server.close();
  });

  it('prints the URL, waits for the redirect, says where the token is, and never prints the token', async () => {
    expect(await mcpLoginCommand('docs', { env, cwd: home })).toBe(0);
    const file = fs.readdirSync(path.join(home, 'mcp-oauth')).map((f) => path.join(home, 'mcp-oauth', f))[0];
    expect(stderr).toContain('To log in to "docs", open this address in a browser:');
    expect(stdout).toBe(`Logged in to "docs"; the token is stored in ${file}\n`);
    const { tokens } = JSON.parse(fs.readFileSync(file, 'utf8')) as { tokens: Record<string, string> };
    for (const secret of [tokens.access_token, tokens.refresh_token]) expect(stdout + stderr).not.toContain(secret);

    stdout = '';
    expect(await mcpLogoutCommand('docs', { env, cwd: home, json: true })).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ server: 'docs', removed: true });
    expect(fs.readdirSync(path.join(home, 'mcp-oauth'))).toEqual([]);
  });

  it('--json reports the server and where the token went, nothing more', async () => {
    expect(await mcpLoginCommand('docs', { env, cwd: home, json: true })).toBe(0);
    expect(Object.keys(JSON.parse(stdout))).toEqual(['server', 'storedIn']);
  });

  it('names an unknown server and exits 2', async () => {
    expect(await mcpLoginCommand('nope', { env, cwd: home })).toBe(2);
    expect(stderr).toBe('trellis mcp: No MCP server named "nope" is configured.\n');
  });
});
