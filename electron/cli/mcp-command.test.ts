import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir, writeFiles } from '../core/testing/temp-repo';
import { mcpAddCommand, mcpGetCommand, mcpListCommand, mcpRemoveCommand } from './mcp-command';
import type { McpServerReport } from './mcp-report';

const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

describe('trellis mcp add / list / get / remove', () => {
  let env: NodeJS.ProcessEnv;
  let home: string;
  let folder: string;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    home = tempDir('trellis-home-');
    folder = tempDir('work-');
    env = { TRELLIS_HOME: home, HOME: tempDir('user-home-'), PATH: process.env.PATH };
    stdout = stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  const reports = () => JSON.parse(stdout) as McpServerReport[];

  it('adds servers to config.toml, lists them connected with their tools, shows one, and removes them', async () => {
    const secret = 'sk-live-0123456789abcdef';
    expect(
      await mcpAddCommand('everything', ['node', EVERYTHING, 'stdio'], {
        env: ['LOG_LEVEL=debug', `API_KEY=${secret}`],
        processEnv: env,
      }),
    ).toBe(0);
    expect(
      await mcpAddCommand('web', [], {
        url: 'http://127.0.0.1:9/mcp',
        bearerTokenEnvVar: 'WEB_TOKEN',
        processEnv: env,
      }),
    ).toBe(0);
    expect(stdout).toBe(
      `Added MCP server "everything" to ${home}/config.toml\nAdded MCP server "web" to ${home}/config.toml\n`,
    );

    stdout = '';
    expect(await mcpListCommand({ json: true, env, cwd: folder })).toBe(0);
    const [everything, web] = reports();
    expect(everything).toMatchObject({
      name: 'everything',
      source: { format: 'codex-toml', scope: 'user', file: path.join(home, 'config.toml'), line: 1 },
      transport: 'stdio',
      target: `node ${EVERYTHING} stdio`,
      env: ['LOG_LEVEL', 'API_KEY'],
      status: 'connected',
    });
    expect(everything!.tools).toContainEqual({
      name: 'echo',
      qualifiedName: 'mcp__everything__echo',
      enabled: true,
      approvalMode: 'auto',
      description: expect.any(String),
    });
    expect(web).toMatchObject({ name: 'web', status: 'failed', bearerTokenEnvVar: 'WEB_TOKEN' });
    expect(web!.error).toContain('WEB_TOKEN');

    stdout = '';
    expect(await mcpGetCommand('everything', { env, cwd: folder })).toBe(0);
    expect(stdout).toContain(`everything  connected  stdio  node ${EVERYTHING} stdio\n`);
    expect(stdout).toContain('  env: LOG_LEVEL, API_KEY (values not shown)\n');
    expect(stdout).toMatch(/\n {2}tool echo \(auto\) as mcp__everything__echo: /);
    expect(stdout + stderr).not.toContain(secret);
    expect(await mcpGetCommand('web', { env, cwd: folder, connect: true })).toBe(1);

    stdout = '';
    expect(await mcpRemoveCommand('everything', { processEnv: env })).toBe(0);
    expect(await mcpRemoveCommand('web', { processEnv: env })).toBe(0);
    expect(await mcpRemoveCommand('web', { processEnv: env })).toBe(2);
    expect(stderr).toContain(`trellis mcp: ${home}/config.toml defines no MCP server named "web"`);
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe('');
    stdout = '';
    expect(await mcpListCommand({ env, cwd: folder })).toBe(0);
    expect(stdout).toBe('No MCP servers configured. Add one: trellis mcp add NAME -- COMMAND ARGS... (or --url URL)\n');
  });

  it("lists an untrusted repository's server with its command line, never starting it; masks the person's secrets", async () => {
    writeFiles(folder, {
      '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { docs: { command: 'npx', args: ['-y', 'docs-mcp'] } } }),
    });
    writeFiles(env.HOME!, {
      '.kiro/settings/mcp.json': JSON.stringify({
        mcpServers: { gh: { command: 'gh-mcp', args: ['--token', '${GITHUB_TOKEN}'], disabled: true } },
      }),
    });
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    expect(await mcpListCommand({ env: { ...env, GITHUB_TOKEN: token }, cwd: folder })).toBe(0);
    expect(stdout).toBe(
      [
        'docs  untrusted  stdio  npx -y docs-mcp',
        `  defined in ${folder}/.kiro/settings/mcp.json:1 (Kiro mcp.json, the repository's)`,
        '  error: the repository is not trusted: trellis trust',
        'gh  disabled  stdio  gh-mcp --token ***',
        `  defined in ${env.HOME}/.kiro/settings/mcp.json:1 (Kiro mcp.json, yours)`,
        '',
      ].join('\n'),
    );
    expect(stderr).toContain(
      `.kiro/settings/mcp.json: not starting docs: this repository's configuration is not trusted`,
    );
    expect(stdout + stderr).not.toContain(token);
  });

  it("a server that fails echoing its own key: get shows the failure with the key's value masked", async () => {
    const secret = 'sk-live-fedcba9876543210';
    const script = 'console.error("starting with " + process.env.API_KEY); process.exit(3)';
    expect(await mcpAddCommand('leaky', ['node', '-e', script], { env: [`API_KEY=${secret}`], processEnv: env })).toBe(
      0,
    );
    stdout = '';
    expect(await mcpGetCommand('leaky', { env, cwd: folder })).toBe(1);
    expect(stdout).toMatch(/^leaky {2}failed {2}stdio/);
    expect(stdout).toContain('starting with ***');
    expect(stdout + stderr).not.toContain(secret);
  });

  it('refuses a bad name, a server added twice and mixed forms, one line each', async () => {
    expect(await mcpAddCommand('a b', ['x'], { processEnv: env })).toBe(2);
    expect(await mcpAddCommand('x', ['x'], { processEnv: env })).toBe(0);
    expect(await mcpAddCommand('x', ['y'], { processEnv: env })).toBe(2);
    expect(await mcpAddCommand('y', ['x'], { url: 'https://h/mcp', processEnv: env })).toBe(2);
    expect(await mcpAddCommand('z', [], { env: ['NOVALUE'], processEnv: env })).toBe(2);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'trellis mcp: MCP server name "a b": use only letters, digits, - and _',
      `trellis mcp: ${home}/config.toml: an MCP server named x is already defined; remove it first (trellis mcp remove x)`,
      'trellis mcp: give either --url (an HTTP server) or -- COMMAND ARGS... with --env, not both',
      'trellis mcp: name the command to run after --, or give --url',
    ]);
  });
});
