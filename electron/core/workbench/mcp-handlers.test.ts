import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerInfo, WorkbenchEvent } from '../../contract';
import { startMockModel } from '../../../e2e/mock-model';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

/**
 * The MCP requests against the real @modelcontextprotocol/server-everything over stdio, started by the workbench
 * from a config.toml as a person writes it. Every reply is checked against the contract.
 */
const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

async function open(toml: string, files: Record<string, string> = { 'README.md': '# r\n' }, modelUrl?: string) {
  const home = tempDir();
  const provider = modelUrl
    ? `model = "gpt-test"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${modelUrl}/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`
    : '';
  // danger-full-access: the server runs unconfined here; the sandboxed transport has its own tests.
  fs.writeFileSync(path.join(home, 'config.toml'), `sandbox_mode = "danger-full-access"\n${toml}${provider}`);
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  closing.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  const call = (method: string, params: unknown) => dispatch(method, params, client);
  const repo = tempRepo(files);
  const opened = await call('workspace.open', { path: repo });
  if (!opened.ok) throw new Error(opened.error.message);
  const workspaceId = (opened.value as { id: string }).id;
  const serverState = (name: string, status: McpServerInfo['status']) =>
    waitForItem(events, (e) => e.type === 'mcp.server.changed' && e.server.name === name && e.server.status === status);
  return { home, repo, call, events, workspaceId, serverState };
}

const everything = `[mcp_servers.everything]\ncommand = "node"\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\n`;

describe('the MCP requests', () => {
  it('list a config.toml server connected with its tools, switch a tool off into config.toml, and show its log', async () => {
    const { home, call, workspaceId, serverState } = await open(everything);
    await serverState('everything', 'connected');
    const listed = await call('mcp.list', { workspaceId });
    expect(listed.ok).toBe(true);
    const [server] = listed.ok ? (listed.value as McpServerInfo[]) : [];
    expect(server).toMatchObject({
      name: 'everything',
      status: 'connected',
      source: { format: 'codex-toml', scope: 'user', file: path.join(home, 'config.toml') },
      transport: { kind: 'stdio', commandLine: `node ${EVERYTHING} stdio` },
    });
    expect(server.tools.find((t) => t.name === 'echo')).toMatchObject({
      enabled: true,
      qualifiedName: 'mcp__everything__echo',
      annotations: { readOnlyHint: true },
    });
    expect(server.prompts.length).toBeGreaterThan(0);
    expect(server.resources.some((r) => r.template)).toBe(true);

    const switched = await call('mcp.setToolEnabled', {
      workspaceId,
      server: 'everything',
      tool: 'echo',
      enabled: false,
    });
    expect(switched).toMatchObject({ ok: true });
    expect(switched.ok && (switched.value as McpServerInfo).tools.find((t) => t.name === 'echo')?.enabled).toBe(false);
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/disabled_tools\s*=\s*\["echo"\]/);

    const log = await call('mcp.log', { workspaceId, server: 'everything' });
    expect(log.ok).toBe(true);
  });

  it("list an untrusted repository's server with its command line, and refuse to start it", async () => {
    const marker = 'started-marker';
    const { repo, call, workspaceId } = await open('', {
      '.kiro/settings/mcp.json': JSON.stringify({
        mcpServers: { 'repo-tool': { command: 'node', args: ['-e', `require("fs").writeFileSync("${marker}","")`] } },
      }),
    });
    const listed = await call('mcp.list', { workspaceId });
    const server = listed.ok ? (listed.value as McpServerInfo[]).find((s) => s.name === 'repo-tool') : undefined;
    expect(server).toMatchObject({
      status: 'untrusted',
      source: { format: 'kiro-json', scope: 'repository' },
      transport: { kind: 'stdio', commandLine: `node -e 'require("fs").writeFileSync("${marker}","")'` },
    });
    const reconnect = await call('mcp.reconnect', { workspaceId, server: 'repo-tool' });
    expect(reconnect).toMatchObject({ ok: false, error: { code: 'untrusted' } });
    expect(fs.existsSync(path.join(repo, marker))).toBe(false);
  });

  it('answer a clear error for a server that is not configured, and refuse a renderer naming no open workspace', async () => {
    const { call, workspaceId } = await open('');
    expect(await call('mcp.log', { workspaceId, server: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'No MCP server named "nope" is configured for this workspace.' },
    });
    expect(await call('mcp.list', { workspaceId: 'elsewhere' })).toMatchObject({ ok: false });
  });

  it("fill a prompt into the message's text, and refuse to start a session with a resource its server does not offer", async () => {
    const { call, workspaceId, serverState } = await open(everything);
    await serverState('everything', 'connected');
    const prompt = { workspaceId, server: 'everything', prompt: 'args-prompt' };
    expect(await call('mcp.getPrompt', { ...prompt, arguments: { city: 'Oslo' } })).toEqual({
      ok: true,
      value: { text: "What's weather in Oslo?" },
    });
    expect(await call('mcp.getPrompt', { ...prompt, arguments: { city: 7 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    const started = await call('session.start', {
      workspaceId,
      prompt: 'read this',
      attachments: [{ server: 'everything', uri: 'file:///etc/passwd' }],
    });
    expect(started).toMatchObject({
      ok: false,
      error: { message: 'The MCP server "everything" lists no resource file:///etc/passwd.' },
    });
    expect(await call('session.list', { workspaceId })).toEqual({ ok: true, value: [] });
  });

  it('give a session started after config.toml gained a server that server, read afresh', async () => {
    const model = await startMockModel({ turns: [{ items: [{ type: 'message', text: 'done' }] }] });
    closing.push(model);
    const { home, call, events, workspaceId, serverState } = await open('', undefined, model.url);
    expect(await call('mcp.list', { workspaceId })).toEqual({ ok: true, value: [] });
    // As `trellis mcp add` writes it, while the window is open.
    fs.writeFileSync(
      path.join(home, 'config.toml'),
      fs.readFileSync(path.join(home, 'config.toml'), 'utf8') + everything,
    );
    await call('session.start', { workspaceId, prompt: 'hi' });
    await serverState('everything', 'connected');
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    const listed = await call('mcp.list', { workspaceId });
    expect(listed.ok && (listed.value as McpServerInfo[]).map((s) => [s.name, s.status])).toEqual([
      ['everything', 'connected'],
    ]);
  });
});
