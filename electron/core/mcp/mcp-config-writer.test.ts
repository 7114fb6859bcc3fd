import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { projectTrust, recordTrust } from '../config/project-trust';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { addMcpServer, removeMcpServer, saveMcpToolEnabled } from './mcp-config-writer';
import { loadMcpDefinitions } from './mcp-definitions';

async function definitions(home: string, userHome: string, cwd?: string) {
  const { config } = await loadConfig({ home });
  return (await loadMcpDefinitions({ home, userHome, cwd, config, env: {} })).servers;
}

const TOML = [
  '# my servers',
  'model = "o3"',
  '',
  '[mcp_servers.everything] # the test server',
  'command = "node"',
  'args = ["server.js"] # stdio',
  'enabled_tools = ["echo", "add"]',
  '',
  '# per tool',
  '[mcp_servers.everything.tools.echo]',
  'approval_mode = "approve"',
  '',
].join('\n');

const KIRO = `{
    // servers for this machine
    "mcpServers": {
        "fetch": {
            "command": "uvx",
            "args": ["mcp-server-fetch"], // pinned
            "autoApprove": ["fetch"],
        },
    },
}
`;

describe('saving a tool switch where the server was defined', () => {
  it("Codex's config.toml: disabled_tools and the enabled_tools allowlist change, every other line stays", async () => {
    const [home, userHome] = [tempDir(), tempDir()];
    writeFiles(home, { 'config.toml': TOML });
    const file = path.join(home, 'config.toml');
    const [server] = await definitions(home, userHome);
    await saveMcpToolEnabled(server!, 'echo', false, { home });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      TOML.replace('enabled_tools = ["echo", "add"]\n', 'enabled_tools = ["echo", "add"]\ndisabled_tools = ["echo"]\n'),
    );
    // On again, for a tool outside the allowlist too: it joins enabled_tools.
    await saveMcpToolEnabled(server!, 'echo', true, { home });
    await saveMcpToolEnabled(server!, 'printEnv', true, { home });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      TOML.replace(
        'enabled_tools = ["echo", "add"]\n',
        'enabled_tools = ["echo", "add", "printEnv"]\ndisabled_tools = []\n',
      ),
    );
    expect((await definitions(home, userHome))[0]).toMatchObject({
      enabledTools: ['echo', 'add', 'printEnv'],
      disabledTools: [],
      toolApprovalModes: { echo: 'approve' },
    });
  });

  it('a server of a profile is switched in its profile table', async () => {
    const [home, userHome] = [tempDir(), tempDir()];
    const text = 'profile = "work"\n\n[profiles.work.mcp_servers.jira]\nurl = "https://jira.example.test/mcp"\n';
    writeFiles(home, { 'config.toml': text });
    const [server] = await definitions(home, userHome);
    await saveMcpToolEnabled(server!, 'delete_issue', false, { home });
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe(`${text}disabled_tools = ["delete_issue"]\n`);
  });

  it("Kiro's mcp.json: disabledTools added and emptied, comments, indentation and trailing commas kept", async () => {
    const [home, userHome] = [tempDir(), tempDir()];
    writeFiles(userHome, { '.kiro/settings/mcp.json': KIRO });
    const file = path.join(userHome, '.kiro/settings/mcp.json');
    const [server] = await definitions(home, userHome);
    await saveMcpToolEnabled(server!, 'fetch', false, { home });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      KIRO.replace(
        '"autoApprove": ["fetch"],\n',
        '"autoApprove": ["fetch"],\n            "disabledTools": ["fetch"],\n',
      ),
    );
    expect((await definitions(home, userHome))[0]!.disabledTools).toEqual(['fetch']);
    await saveMcpToolEnabled(server!, 'fetch', true, { home });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      KIRO.replace('"autoApprove": ["fetch"],\n', '"autoApprove": ["fetch"],\n            "disabledTools": [],\n'),
    );
  });

  it("the user's mcp.json kept as a symlink by a dotfiles manager: the link stays, its target is edited", async () => {
    const [home, userHome, dotfiles] = [tempDir(), tempDir(), tempDir()];
    writeFiles(dotfiles, { 'kiro-mcp.json': KIRO });
    fs.mkdirSync(path.join(userHome, '.kiro/settings'), { recursive: true });
    const link = path.join(userHome, '.kiro/settings/mcp.json');
    fs.symlinkSync(path.join(dotfiles, 'kiro-mcp.json'), link);
    const [server] = await definitions(home, userHome);
    await saveMcpToolEnabled(server!, 'fetch', false, { home });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dotfiles, 'kiro-mcp.json'), 'utf8')).toContain('"disabledTools": ["fetch"]');
  });

  it('a server named twice in mcp.json: the later one is read and switched, as JSON.parse (and Kiro) reads it', async () => {
    const [home, userHome] = [tempDir(), tempDir()];
    const text = '{ "mcpServers": {\n  "x": { "command": "old" },\n  "x": { "command": "new" }\n} }\n';
    writeFiles(userHome, { '.kiro/settings/mcp.json': text });
    const { config } = await loadConfig({ home });
    const loaded = await loadMcpDefinitions({ home, userHome, config, env: {} });
    expect(loaded.servers.map((s) => s.transport)).toMatchObject([{ command: 'new' }]);
    expect(loaded.diagnostics).toEqual([
      `${path.join(userHome, '.kiro/settings/mcp.json')}:2: mcpServers.x: defined again later in this file; the later one is used`,
    ]);
    await saveMcpToolEnabled(loaded.servers[0]!, 't', false, { home });
    expect(fs.readFileSync(path.join(userHome, '.kiro/settings/mcp.json'), 'utf8')).toBe(
      text.replace('"command": "new" }', '"command": "new", "disabledTools": ["t"] }'),
    );
  });

  it("a trusted repository's mcp.json stays trusted after the person's own switch", async () => {
    const [home, userHome, repo] = [tempDir(), tempDir(), tempDir()];
    writeFiles(repo, { '.kiro/settings/mcp.json': KIRO });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const [server] = await definitions(home, userHome, repo);
    expect(server!.source.scope).toBe('repository');
    await saveMcpToolEnabled(server!, 'fetch', false, { home });
    expect(fs.readFileSync(path.join(repo, '.kiro/settings/mcp.json'), 'utf8')).toContain('"disabledTools": [');
    expect((await projectTrust(home, repo)).state).toBe('trusted');
  });
});

describe('adding and removing a server in config.toml', () => {
  it('adds a stdio server with its variables and an HTTP one, keeps the file, and removes each whole', async () => {
    const home = tempDir();
    writeFiles(home, { 'config.toml': TOML });
    const file = path.join(home, 'config.toml');
    await addMcpServer(home, 'docs', { command: 'npx', args: ['-y', 'docs mcp'], env: { LOG_LEVEL: 'debug' } });
    await addMcpServer(home, 'remote', { url: 'https://mcp.example.test/mcp', bearerTokenEnvVar: 'REMOTE_TOKEN' });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `${TOML}\n[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs mcp"]\n\n[mcp_servers.docs.env]\nLOG_LEVEL = "debug"\n\n[mcp_servers.remote]\nurl = "https://mcp.example.test/mcp"\nbearer_token_env_var = "REMOTE_TOKEN"\n`,
    );
    await expect(addMcpServer(home, 'docs', { command: 'x', args: [], env: {} })).rejects.toThrow(
      `${file}: an MCP server named docs is already defined; remove it first (trellis mcp remove docs)`,
    );
    await expect(addMcpServer(home, 'bad name', { command: 'x', args: [], env: {} })).rejects.toThrow(
      'MCP server name "bad name": use only letters, digits, - and _',
    );
    expect(await removeMcpServer(home, 'docs')).toBe(true);
    expect(await removeMcpServer(home, 'remote')).toBe(true);
    expect(await removeMcpServer(home, 'remote')).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(TOML);
    expect(await removeMcpServer(home, 'everything')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('# my servers\nmodel = "o3"\n\n# per tool\n');
  });
});
