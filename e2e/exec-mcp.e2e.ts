import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { mockedHome, sessionLogs, trellis } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { everythingHttp } from '../electron/core/testing/mcp-servers';
import { tempDir } from '../electron/core/testing/temp-repo';

const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const LEDGER = path.resolve('e2e/support/destructive-mcp-server.mjs');

const call = (name: string, args: unknown) => ({
  type: 'function_call' as const,
  name,
  arguments: JSON.stringify(args),
});
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });

/** A `[mcp_servers.<name>]` table running `node <script> <args>`, as a user would write it in config.toml. */
function stdioServer(name: string, script: string, args: string[] = [], more = ''): string {
  return `
[mcp_servers.${name}]
command = ${JSON.stringify(process.execPath)}
args = ${JSON.stringify([script, ...args])}
${more}
`;
}

const jsonEvents = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });

test.describe('trellis exec with MCP servers from config.toml', () => {
  test("the model calls server-everything's echo and get-sum and gets their results; the calls are in --json and the log", async () => {
    const { home, model } = await mockedHome(
      {
        turns: [
          {
            items: [
              call('mcp__everything__echo', { message: 'hello from the model' }),
              call('mcp__everything__get-sum', { a: 20, b: 22 }),
            ],
          },
          say('Echoed, and the sum is 42.'),
        ],
      },
      stdioServer('everything', EVERYTHING, ['stdio']),
    );
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--json', 'use the tools'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);

    const offered = (model.requests[0].body.tools as { name: string }[]).map((t) => t.name);
    expect(offered).toEqual(
      expect.arrayContaining(['exec_command', 'mcp__everything__echo', 'mcp__everything__get-sum']),
    );
    const sent = JSON.stringify(model.requests[1].body.input);
    expect(sent).toContain('Echo: hello from the model');
    expect(sent).toContain('The sum of 20 and 22 is 42.');

    const events = jsonEvents(run.stdout);
    expect(events.find((e) => e.type === 'mcp.server')).toMatchObject({ server: 'everything', state: 'connected' });
    expect(events.filter((e) => e.type === 'mcp.call.started')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'mcp.call.completed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tool: 'echo', isError: false, output: 'Echo: hello from the model' }),
        expect.objectContaining({ tool: 'get-sum', isError: false, output: 'The sum of 20 and 22 is 42.' }),
      ]),
    );
    const [log] = sessionLogs(home);
    expect(fs.readFileSync(log, 'utf8')).toContain('"type":"mcp.call.completed"');

    // exec resume: the resumed conversation carries the MCP call and its result back to the model.
    // The mock answers by how many model responses the history holds: two already, so its third turn answers.
    const again = await mockedHome({ turns: [say('unused'), say('unused'), say('It said hello.')] });
    fs.copyFileSync(path.join(again.home, 'config.toml'), path.join(home, 'config.toml'));
    const resumed = await trellis(['exec', 'resume', '--last', 'what did echo say?'], { home, cwd: repo }).done;
    await again.model.close();
    expect(resumed.code, resumed.stderr).toBe(0);
    const history = JSON.stringify(again.model.requests[0].body.input);
    expect(history).toContain('mcp__everything__echo');
    expect(history).toContain('Echo: hello from the model');
  });

  test('a tool its server marks destructive is refused under exec, with the setting that would allow it', async () => {
    const marker = path.join(tempDir(), 'dropped');
    const { home, model } = await mockedHome(
      { turns: [{ items: [call('mcp__ledger__drop-ledger', { reason: 'cleanup' })] }, say('I could not drop it.')] },
      stdioServer('ledger', LEDGER, [], `env = { LEDGER_MARKER = ${JSON.stringify(marker)} }`),
    );
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', 'drop the ledger'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    expect(run.stderr).toContain(
      'mcp: ledger/drop-ledger asks for approval: The MCP tool drop-ledger of server ledger was not called',
    );
    const sent = JSON.stringify(model.requests[1].body.input);
    expect(sent).toContain(
      'The MCP tool drop-ledger of server ledger was not called: it needs approval (the server marks it destructive) and nobody can be asked here; set approval_mode = \\"approve\\" under [mcp_servers.ledger.tools.drop-ledger]',
    );

    // --trust-tools names the tool as the model sees it: then it runs.
    const trusted = await mockedHome(
      { turns: [{ items: [call('mcp__ledger__drop-ledger', { reason: 'trusted' })] }, say('Dropped.')] },
      stdioServer('ledger', LEDGER, [], `env = { LEDGER_MARKER = ${JSON.stringify(marker)} }`),
    );
    const ran = await trellis(['exec', '--trust-tools', 'mcp__ledger__drop-ledger', 'drop it'], {
      home: trusted.home,
      cwd: repo,
    }).done;
    await trusted.model.close();
    expect(ran.code, ran.stderr).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe('trusted');
  });

  test('a required server that cannot start fails exec with its stderr, before the model is asked anything', async () => {
    const broken = path.join(tempDir(), 'broken-server.js');
    fs.writeFileSync(broken, 'console.error("cannot open the index at /data/index.db"); process.exit(3);\n');
    const { home, model } = await mockedHome(
      { turns: [say('never')] },
      stdioServer('index', broken, [], 'required = true'),
    );
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', 'search the index'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('trellis exec: The required MCP server index');
    expect(run.stderr).toContain('cannot open the index at /data/index.db');
    expect(model.requests).toHaveLength(0);
  });

  test("an untrusted repository's servers are skipped with one line each, and never started", async () => {
    const marker = path.join(tempDir(), 'started');
    const script = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`;
    const { home, model } = await mockedHome({ turns: [say('Nothing to call.')] });
    const repo = makeRepo({
      'README.md': '# demo\n',
      '.kiro/settings/mcp.json': JSON.stringify({
        mcpServers: { planted: { command: process.execPath, args: ['-e', script] } },
      }),
    });
    const run = await trellis(['exec', 'hello'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line.includes('planted'))).toEqual([
      'mcp: planted skipped: the repository is not trusted; run `trellis trust` to start its servers',
    ]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(JSON.stringify(model.requests[0].body.tools)).not.toContain('planted');
  });

  test("under workspace-write a stdio server runs in the sandbox, with none of exec's secrets in its environment", async () => {
    const { home, model } = await mockedHome(
      { turns: [{ items: [call('mcp__everything__get-env', {})] }, say('Seen.')] },
      stdioServer('everything', EVERYTHING, ['stdio'], 'env = { ASKED_FOR = "by the definition" }'),
    );
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--json', '-s', 'workspace-write', 'show the environment'], {
      home,
      cwd: repo,
      env: { GITHUB_TOKEN: 'ghp_exec_secret_value', MOCK_API_KEY: 'sk-exec-secret-value' },
    }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    const completed = jsonEvents(run.stdout).find((e) => e.type === 'mcp.call.completed');
    const serverEnv = JSON.parse(String(completed?.output)) as Record<string, string>;
    expect(serverEnv).toMatchObject({ TRELLIS_SANDBOX: 'workspace-write', ASKED_FOR: 'by the definition' });
    expect(run.stdout).not.toContain('ghp_exec_secret_value');
    expect(run.stdout).not.toContain('sk-exec-secret-value');
  });

  test('a server over Streamable HTTP serves its tools to exec as well', async () => {
    const server = await everythingHttp('streamableHttp');
    try {
      const { home, model } = await mockedHome(
        { turns: [{ items: [call('mcp__web__echo', { message: 'over http' })] }, say('Done.')] },
        `\n[mcp_servers.web]\nurl = "${server.url}"\n`,
      );
      const repo = makeRepo({ 'README.md': '# demo\n' });
      const run = await trellis(['exec', 'echo over http'], { home, cwd: repo }).done;
      await model.close();
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/mcp: web connected \(\d+ tools\)/);
      expect(JSON.stringify(model.requests[1].body.input)).toContain('Echo: over http');
    } finally {
      await server.close();
    }
  });
});
