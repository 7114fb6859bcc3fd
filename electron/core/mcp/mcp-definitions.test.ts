import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { projectTrust, recordTrust } from '../config/project-trust';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { loadMcpDefinitions } from './mcp-definitions';

/** A Trellis home, a user home and a repository folder, each holding the given files. */
async function setup(files: {
  home?: Record<string, string>;
  user?: Record<string, string>;
  repo?: Record<string, string>;
}) {
  const [home, userHome, repo] = [tempDir(), tempDir(), tempDir()];
  writeFiles(home, files.home ?? {});
  writeFiles(userHome, files.user ?? {});
  writeFiles(repo, files.repo ?? {});
  const load = async (env: NodeJS.ProcessEnv = {}) =>
    loadMcpDefinitions({ home, cwd: repo, userHome, config: (await loadConfig({ home })).config, env });
  return { home, userHome, repo, load };
}

const REPO_JSON = `{
  // the repository's servers
  "mcpServers": {
    "docs": { "command": "npx", "args": ["-y", "repo-docs"] },
    "search": {
      "url": "https://search.example.test/mcp?key=\${SEARCH_KEY}",
      "headers": { "X-Team": "\${TEAM}" },
      "autoApprove": ["*"],
      "futureField": { "kept": true },
    },
  },
}
`;

describe('loadMcpDefinitions', () => {
  it("one list from Codex's config.toml and both Kiro files: Codex wins, then the repository, then the user", async () => {
    const { repo, userHome, home, load } = await setup({
      home: { 'config.toml': '[mcp_servers.docs]\ncommand = "docs-mcp"\nenabled_tools = ["lookup"]\n' },
      repo: { '.kiro/settings/mcp.json': REPO_JSON },
      user: {
        '.kiro/settings/mcp.json': JSON.stringify(
          {
            mcpServers: {
              search: { command: 'user-search' },
              github: {
                command: 'gh-mcp',
                env: { GITHUB_TOKEN: '${GH_TOKEN}' },
                autoApprove: ['list_issues'],
                disabledTools: ['delete_repo'],
                disabled: true,
              },
            },
          },
          null,
          2,
        ),
      },
    });
    const { servers, diagnostics, repositoryTrusted } = await load({ GH_TOKEN: 'gh-secret' });
    expect(servers.map((s) => [s.name, s.source.format, s.source.scope])).toEqual([
      ['docs', 'codex-toml', 'user'],
      ['search', 'kiro-json', 'repository'],
      ['github', 'kiro-json', 'user'],
    ]);
    expect(servers[0]).toMatchObject({
      source: { file: path.join(home, 'config.toml'), line: 1 },
      transport: { kind: 'stdio', command: 'docs-mcp', args: [] },
      enabledTools: ['lookup'],
      startupTimeoutMs: 30_000,
      toolTimeoutMs: 120_000,
    });
    expect(servers[2]).toMatchObject({
      source: { file: path.join(userHome, '.kiro/settings/mcp.json'), line: 6 },
      transport: { kind: 'stdio', command: 'gh-mcp', env: { GITHUB_TOKEN: 'gh-secret' } },
      enabled: false,
      disabledTools: ['delete_repo'],
      defaultApprovalMode: 'auto',
      toolApprovalModes: { list_issues: 'approve' },
    });
    const repoJson = path.join(repo, '.kiro/settings/mcp.json');
    expect(diagnostics).toEqual([
      `.kiro/settings/mcp.json: not starting docs, search: this repository's configuration is not trusted; to review and trust it: trellis trust ${repo}`,
      `MCP server "docs" is defined in ${path.join(home, 'config.toml')}:1 and ${repoJson}:4; the first is used`,
      `MCP server "search" is defined in ${repoJson}:5 and ${path.join(userHome, '.kiro/settings/mcp.json')}:3; the first is used`,
    ]);
    // Untrusted, the repository's file starts nothing and is shown as written: no variable of the person's is read into it.
    expect(repositoryTrusted).toBe(false);
    expect(servers[1]!.transport).toEqual({
      kind: 'http',
      url: 'https://search.example.test/mcp?key=${SEARCH_KEY}',
      headers: { 'X-Team': '${TEAM}' },
      envHeaders: {},
    });
    expect(servers[1]!.defaultApprovalMode).toBe('approve');
  });

  it('expands ${VAR} once the repository is trusted; an unset variable is empty and named in a diagnostic', async () => {
    const { home, repo, load } = await setup({ repo: { '.kiro/settings/mcp.json': REPO_JSON } });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const { servers, diagnostics, repositoryTrusted } = await load({ SEARCH_KEY: 'k1' });
    expect(repositoryTrusted).toBe(true);
    expect(servers.find((s) => s.name === 'search')!.transport).toMatchObject({
      url: 'https://search.example.test/mcp?key=k1',
      headers: { 'X-Team': '' },
    });
    expect(diagnostics).toEqual([
      '.kiro/settings/mcp.json:7: mcpServers.search.headers.X-Team: ${TEAM} is not set; using ""',
    ]);

    // Editing the file lapses the trust: the servers are listed again, not started.
    fs.appendFileSync(path.join(repo, '.kiro/settings/mcp.json'), '\n');
    expect((await load()).repositoryTrusted).toBe(false);
  });

  it("names the untrusted repository's servers in one notice, and --ignore-user-config skips the user's Kiro file", async () => {
    const { home, userHome, repo } = await setup({
      repo: { '.kiro/settings/mcp.json': REPO_JSON },
      user: { '.kiro/settings/mcp.json': '{ "mcpServers": { "mine": { "command": "my-server" } } }' },
    });
    const config = (await loadConfig({ home })).config;
    const all = await loadMcpDefinitions({ home, cwd: repo, userHome, config, env: {} });
    expect(all.servers.map((s) => s.name)).toEqual(['docs', 'search', 'mine']);
    expect(all.untrustedNotice).toMatch(/^\.kiro\/settings\/mcp\.json: not starting docs, search: /);
    expect(all.diagnostics).toContain(all.untrustedNotice);

    const withoutUser = await loadMcpDefinitions({
      home,
      cwd: repo,
      userHome,
      config,
      env: {},
      ignoreUserConfig: true,
    });
    expect(withoutUser.servers.map((s) => s.name)).toEqual(['docs', 'search']);
  });

  it('a broken file is a diagnostic naming file and line; every other server still loads', async () => {
    const { userHome, load } = await setup({
      home: { 'config.toml': '[mcp_servers.mine]\nurl = "https://mine.example.test/mcp"\n' },
      repo: { '.kiro/settings/mcp.json': '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n' },
      user: {
        '.kiro/settings/mcp.json': [
          '{ "mcpServers": {',
          '  "bad-args": { "command": "x", "args": "--flag" },',
          '  "both": { "command": "x", "url": "https://b.test" },',
          '  "neither": { "disabled": false },',
          '  "good": { "command": "ok", "args": ["1"] }',
          '} }',
        ].join('\n'),
      },
    });
    const { servers, diagnostics } = await load();
    expect(servers.map((s) => s.name)).toEqual(['mine', 'good']);
    const user = path.join(userHome, '.kiro/settings/mcp.json');
    expect(diagnostics).toEqual([
      '.kiro/settings/mcp.json:4: invalid JSON (CommaExpected); its MCP servers are not loaded',
      `${user}:2: mcpServers.bad-args.args: expected an array of strings; server skipped`,
      `${user}:3: mcpServers.both.url: set either command (stdio) or url (HTTP), not both; server skipped`,
      `${user}:4: mcpServers.neither: needs command (stdio server) or url (HTTP server); server skipped`,
    ]);
  });

  it("reads Kiro's remote-server OAuth fields; a field of the other kind of server is named and ignored, as in Kiro", async () => {
    const { userHome, load } = await setup({
      user: {
        '.kiro/settings/mcp.json': JSON.stringify(
          {
            mcpServers: {
              remote: {
                url: 'https://api.example.test/mcp',
                env: { UNUSED: '1' },
                oauth: { clientId: 'kiro-app' },
                oauthScopes: ['read'],
              },
              local: { command: 'x', headers: { A: 'b' } },
            },
          },
          null,
          2,
        ),
      },
    });
    const { servers, diagnostics } = await load();
    expect(servers.map((s) => s.transport)).toEqual([
      {
        kind: 'http',
        url: 'https://api.example.test/mcp',
        headers: {},
        envHeaders: {},
        oauth: { clientId: 'kiro-app', scopes: ['read'] },
      },
      { kind: 'stdio', command: 'x', args: [], env: {}, envVars: [] },
    ]);
    expect(diagnostics).toEqual([
      `${path.join(userHome, '.kiro/settings/mcp.json')}:17: mcpServers.local.headers: only applies to HTTP servers (url); ignored`,
    ]);
  });

  it('a repository whose mcp.json is a symlink loads none of it, and says so', async () => {
    const outside = tempDir();
    writeFiles(outside, { 'mcp.json': '{ "mcpServers": { "x": { "command": "evil" } } }' });
    const { repo, load } = await setup({});
    fs.mkdirSync(path.join(repo, '.kiro/settings'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'mcp.json'), path.join(repo, '.kiro/settings/mcp.json'));
    const { servers, diagnostics } = await load();
    expect(servers).toEqual([]);
    expect(diagnostics).toEqual(['.kiro/settings/mcp.json: a symlink; ignored']);
  });

  it("only the person's config.toml takes a stdio server out of the sandbox; a Kiro file cannot", async () => {
    const { home, repo, load } = await setup({
      home: { 'config.toml': '[mcp_servers.mine]\ncommand = "mine"\ntrusted_outside_sandbox = true\n' },
      repo: {
        '.kiro/settings/mcp.json':
          '{ "mcpServers": { "theirs": { "command": "x", "trusted_outside_sandbox": true } } }',
      },
    });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const { servers } = await load();
    expect(servers.map((s) => [s.name, s.trustedOutsideSandbox])).toEqual([
      ['mine', true],
      ['theirs', false],
    ]);
  });
});
