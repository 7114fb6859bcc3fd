// loadConfig's refusals: file, line and key in each message, type, range and table checks, [sandbox] and session
// limit validation, and no secret value in any message.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { loadConfig, type LoadConfigOptions } from './load-config';
import { failure, home } from './load-config-fixtures';
import { resolveProvider } from './model-providers';

describe('loadConfig errors', () => {
  it('names file, line and key for a bad value', async () => {
    const dir = home('model = "o3"', '', '# why', 'approval_policy = "sometimes"');
    const err = await failure({ home: dir });
    expect(err.message).toBe(
      `${dir}/config.toml:4: approval_policy: expected one of untrusted, on-request, on-failure, never, got "sometimes"`,
    );
  });

  it('reads [sandbox] (deny_read, default_deny_read, allow_hosts) and names a bad host pattern with its line', async () => {
    const { config } = await loadConfig({
      home: home(
        '[sandbox]',
        'deny_read = ["~/notes", ".env.local"]',
        'default_deny_read = false',
        'allow_hosts = ["github.com", "*.npmjs.org:443"]',
      ),
    });
    expect(config.sandbox).toEqual({
      deny_read: ['~/notes', '.env.local'],
      default_deny_read: false,
      allow_hosts: ['github.com', '*.npmjs.org:443'],
    });
    expect((await loadConfig({ home: tempDir() })).config.sandbox).toEqual({
      deny_read: [],
      default_deny_read: true,
      allow_hosts: [],
    });
    const dir = home('[sandbox]', 'allow_hosts = [', '  "github.com",', '  "git*hub.com",', ']');
    expect((await failure({ home: dir })).message).toMatch(
      new RegExp(
        `^${dir}/config.toml:\\d: sandbox.allow_hosts\\[1\\]: "git\\*hub.com": a wildcard may only be a leading`,
      ),
    );
  });

  it('shows paths under $HOME as ~', async () => {
    const parent = tempDir();
    const dir = path.join(parent, '.trellis');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'config.toml'), 'model = 1\n');
    expect((await failure({ home: dir, env: { HOME: parent } })).message).toBe(
      '~/.trellis/config.toml:1: model: expected a string, got an integer',
    );
  });

  it('rejects unknown keys at the line of the key', async () => {
    const dir = home(
      'model = "o3"',
      '[sandbox_workspace_write]',
      'network = true',
      '[model_providers.mock]',
      'base_url = "http://h/v1"',
      'retries = 2',
    );
    const err = await failure({ home: dir });
    expect(err.problems).toEqual([
      `${dir}/config.toml:3: sandbox_workspace_write.network: unknown key`,
      `${dir}/config.toml:6: model_providers.mock.retries: unknown key`,
    ]);
    expect(err.message).toBe(`${dir}/config.toml:3: sandbox_workspace_write.network: unknown key (and 1 more problem)`);
    const top = home('[modle]', 'x = 1');
    expect((await failure({ home: top })).message).toBe(`${top}/config.toml:1: modle: unknown key`);
  });

  it('keeps smol-toml line and column for syntax errors', async () => {
    const dir = home('model = "o3"', 'sandbox_mode = ', 'x = 1');
    expect((await failure({ home: dir })).message).toMatch(
      new RegExp(`^${dir}/config\\.toml:2:\\d+: invalid TOML: .+$`),
    );
    const dup = home('model = "a"', 'model = "b"');
    expect((await failure({ home: dup })).message).toMatch(/config\.toml:2:\d+: invalid TOML: /);
  });

  it('describes type and range errors', async () => {
    const dir = home(
      'project_doc_max_bytes = -1',
      'project_root_markers = ".git"',
      '[agents]',
      'max_threads = 0',
      '[budgets]',
      'max_cost_usd = "5"',
    );
    expect((await failure({ home: dir })).problems.map((p) => p.slice(dir.length + 1))).toEqual([
      'config.toml:1: project_doc_max_bytes: expected at least 0',
      'config.toml:2: project_root_markers: expected an array, got a string',
      'config.toml:4: agents.max_threads: expected at least 1',
      'config.toml:6: budgets.max_cost_usd: expected a number, got a string',
    ]);
  });

  it('reads the session limits and refuses a response cap of 0', async () => {
    const { config } = await loadConfig({
      home: home(
        'model_max_response_bytes = 1048576',
        'session_log_max_delta_bytes = 0',
        'session_log_max_exec_output_bytes = 4096',
      ),
    });
    expect(config).toMatchObject({
      model_max_response_bytes: 1048576,
      session_log_max_delta_bytes: 0,
      session_log_max_exec_output_bytes: 4096,
    });
    const dir = home('model_max_response_bytes = 0');
    expect((await failure({ home: dir })).problems.map((p) => p.slice(dir.length + 1))).toEqual([
      'config.toml:1: model_max_response_bytes: expected at least 1',
    ]);
  });

  it("reads Codex's compaction keys, without a warning, and refuses a limit of 0", async () => {
    const { config, warnings } = await loadConfig({
      home: home(
        'model_context_window = 64000',
        'model_auto_compact_token_limit = 40000',
        'compact_prompt = "Summarise for the next engineer."',
      ),
    });
    expect(config).toMatchObject({
      model_context_window: 64000,
      model_auto_compact_token_limit: 40000,
      compact_prompt: 'Summarise for the next engineer.',
    });
    expect(warnings).toEqual([]);
    const dir = home('model_auto_compact_token_limit = 0');
    expect((await failure({ home: dir })).problems.map((p) => p.slice(dir.length + 1))).toEqual([
      'config.toml:1: model_auto_compact_token_limit: expected at least 1',
    ]);
  });

  it('checks provider and MCP server tables', async () => {
    const noUrl = home('[model_providers.custom]', 'name = "C"');
    expect((await failure({ home: noUrl })).message).toBe(
      `${noUrl}/config.toml:1: model_providers.custom.base_url: required for a provider that is not built in`,
    );
    const badWire = home('[model_providers.c]', 'base_url = "http://h/v1"', 'wire_api = "grpc"');
    expect((await failure({ home: badWire })).message).toBe(
      `${badWire}/config.toml:3: model_providers.c.wire_api: expected one of responses, chat, anthropic, got "grpc"`,
    );
    const badUrl = home('[model_providers.c]', 'base_url = "localhost:8080"');
    expect((await failure({ home: badUrl })).message).toBe(
      `${badUrl}/config.toml:2: model_providers.c.base_url: expected an http(s) URL`,
    );
    const neither = home('[mcp_servers.x]', 'args = ["a"]');
    expect((await failure({ home: neither })).message).toBe(
      `${neither}/config.toml:1: mcp_servers.x: needs command (stdio server) or url (streamable HTTP server)`,
    );
    const mixed = home('[mcp_servers.x]', 'url = "https://h/mcp"', 'env = { A = "1" }');
    expect((await failure({ home: mixed })).message).toBe(
      `${mixed}/config.toml:3: mcp_servers.x.env: only applies to stdio servers (command)`,
    );
  });

  it('rejects an unknown model_provider at its line', async () => {
    const dir = home('model = "x"', 'model_provider = "acme"');
    expect((await failure({ home: dir })).message).toBe(
      `${dir}/config.toml:2: model_provider: unknown model provider acme; known: anthropic, lmstudio, ollama, openai`,
    );
  });

  it('never puts secret values in messages', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const messages: string[] = [];
    const collect = async (options: LoadConfigOptions) => messages.push(...(await failure(options)).problems);
    await collect({ home: home(`[mcp_servers.r]`, 'url = "https://r.test/mcp"', `bearer_token = "${secret}"`) });
    await collect({ home: home('[model_providers.openai]', `experimental_bearer_token = "${secret}`) });
    await collect({ home: home('[model_providers.openai]', `experimental_bearer_token = ["${secret}"]`) });
    await collect({
      home: home('[model_providers.openai]', `http_headers = { Authorization = ["Bearer ${secret}"] }`),
    });
    await collect({ home: tempDir(), overrides: [`model_providers.openai.request_max_retries=${secret}`] });
    await collect({ home: tempDir(), overrides: [`model_providers.openai.nope=${secret}`] });
    const { config } = await loadConfig({ home: tempDir() });
    try {
      resolveProvider(config, { env: { OPENAI_API_KEY: '   ' } });
    } catch (err) {
      messages.push((err as Error).message);
    }
    expect(messages).toHaveLength(7);
    for (const message of messages) expect(message).not.toContain(secret);
    expect(messages[0]).toMatch(/mcp_servers\.r\.bearer_token: not supported/);
    expect(messages[1]).toMatch(/:2:\d+: invalid TOML/);
  });
});
