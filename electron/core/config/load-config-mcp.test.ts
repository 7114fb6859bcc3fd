// loadConfig reading Codex's [mcp_servers.<name>] tables: every key of codex-rs/config/src/mcp_types.rs, its defaults,
// and the errors and warnings a person sees with file, line and key.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config';
import { failure, home } from './load-config-fixtures';

describe('loadConfig: [mcp_servers]', () => {
  it('reads OAuth settings, env_vars in both forms, parallel calls, the older startup_timeout_ms and the sandbox opt-out', async () => {
    const dir = home(
      '[mcp_servers.local]', // 1
      'command = "node"', // 2
      'env_vars = ["HOME_TOKEN", { name = "LOCAL_KEY", source = "local" }, { name = "FAR", source = "remote" }]', // 3
      'supports_parallel_tool_calls = false', // 4
      'startup_timeout_ms = 2500', // 5
      'trusted_outside_sandbox = true', // 6
      '[mcp_servers.web]', // 7
      'url = "https://mcp.example.test/mcp"', // 8
      'scopes = ["read", "write"]', // 9
      'oauth = { client_id = "trellis-client" }', // 10
      'oauth_resource = "https://mcp.example.test"', // 11
    );
    const { config, warnings } = await loadConfig({ home: dir });
    expect(config.mcp_servers.local).toMatchObject({
      transport: 'stdio',
      env_vars: ['HOME_TOKEN', 'LOCAL_KEY'],
      supports_parallel_tool_calls: false,
      startup_timeout_sec: 2.5,
      tool_timeout_sec: 120,
      trusted_outside_sandbox: true,
    });
    expect(config.mcp_servers.web).toMatchObject({
      transport: 'streamable_http',
      scopes: ['read', 'write'],
      oauth: { client_id: 'trellis-client' },
      oauth_resource: 'https://mcp.example.test',
      startup_timeout_sec: 30,
      supports_parallel_tool_calls: true,
    });
    expect(warnings).toEqual([
      `${path.join(dir, 'config.toml')}:3: mcp_servers.local.env_vars[2]: source = "remote" is not supported by Trellis; ignored`,
    ]);
  });

  it('names file, line and key when OAuth keys are given to a stdio server or env_vars to an HTTP one', async () => {
    const oauthOnStdio = home('[mcp_servers.x]', 'command = "node"', 'scopes = ["read"]');
    expect((await failure({ home: oauthOnStdio })).message).toBe(
      `${oauthOnStdio}/config.toml:3: mcp_servers.x.scopes: only applies to streamable HTTP servers (url)`,
    );
    const envOnHttp = home('[mcp_servers.x]', 'url = "https://h/mcp"', 'env_vars = ["A"]');
    expect((await failure({ home: envOnHttp })).message).toBe(
      `${envOnHttp}/config.toml:3: mcp_servers.x.env_vars: only applies to stdio servers (command)`,
    );
    const badSource = home('[mcp_servers.x]', 'command = "node"', 'env_vars = [{ name = "A", source = "cloud" }]');
    expect((await failure({ home: badSource })).message).toMatch(
      /config\.toml:3: mcp_servers\.x\.env_vars\[0\]: expected one of the accepted forms/,
    );
  });

  it('reads mcp_oauth_callback_port and mcp_oauth_credentials_store, and names a port out of range', async () => {
    const { config, warnings } = await loadConfig({
      home: home('mcp_oauth_callback_port = 8976', 'mcp_oauth_credentials_store = "file"'),
    });
    expect(config.mcp_oauth_callback_port).toBe(8976);
    expect(config.mcp_oauth_credentials_store).toBe('file');
    expect(warnings).toEqual([]);
    const tooHigh = home('mcp_oauth_callback_port = 70000');
    expect((await failure({ home: tooHigh })).message).toMatch(/config\.toml:1: mcp_oauth_callback_port: /);
  });

  it('reads servers from the selected profile too', async () => {
    const dir = home(
      'profile = "work"',
      '[profiles.work.mcp_servers.jira]',
      'url = "https://jira.example.test/mcp"',
      'bearer_token_env_var = "JIRA_TOKEN"',
    );
    const { config } = await loadConfig({ home: dir });
    expect(config.mcp_servers.jira).toMatchObject({ url: 'https://jira.example.test/mcp', tool_timeout_sec: 120 });
  });
});
