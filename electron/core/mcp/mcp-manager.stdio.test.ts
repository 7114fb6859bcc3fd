import { afterEach, describe, expect, it } from 'vitest';
import { definition, everythingStdio } from '../testing/mcp-servers';
import { processesMentioning } from '../testing/processes';
import { waitForItem } from '../testing/wait-for-item';
import { createMcpManager } from './mcp-manager';
import type { McpManager, McpServerDefinition, McpServerState } from './mcp-types';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

function manager(servers: McpServerDefinition[], repositoryTrusted = false): McpManager {
  const created = createMcpManager({
    servers,
    env: process.env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: { name: 'trellis-test', version: '0' },
    repositoryTrusted,
  });
  managers.push(created);
  return created;
}

const text = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');

describe('the MCP manager over stdio, against server-everything', () => {
  it('lists tools, prompts, resources and templates, and calls tools', async () => {
    const mcp = manager([definition('everything', everythingStdio().transport, { disabledTools: ['get-env'] })]);
    await mcp.start();
    const [state] = mcp.states();
    expect(state.status).toBe('connected');
    expect(state.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-env']));
    expect(state.prompts.map((p) => p.name)).toContain('args-prompt');
    expect(state.resources.length).toBeGreaterThan(0);
    expect(state.resourceTemplates.map((t) => t.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');

    const echo = mcp.tools().find((t) => t.name === 'echo');
    expect(echo).toMatchObject({ qualifiedName: 'mcp__everything__echo', annotations: { readOnlyHint: true } });
    // disabled_tools: listed in the state, never offered.
    expect(state.tools.find((t) => t.name === 'get-env')?.enabled).toBe(false);
    expect(mcp.tools().map((t) => t.name)).not.toContain('get-env');
    // The window's switch: turned on, offered; echo turned off, withdrawn but still listed.
    const told: McpServerState[] = [];
    mcp.onChange((changed) => told.push(changed));
    mcp.setToolEnabled('everything', 'get-env', true);
    mcp.setToolEnabled('everything', 'echo', false);
    expect(mcp.tools().map((t) => t.name)).toContain('get-env');
    expect(mcp.tools().map((t) => t.name)).not.toContain('echo');
    expect(told.at(-1)?.tools.find((t) => t.name === 'echo')?.enabled).toBe(false);

    expect(text(await mcp.callTool('everything', 'echo', { message: 'hello' }))).toContain('hello');
    expect(text(await mcp.callTool('everything', 'get-sum', { a: 2, b: 40 }))).toContain('42');

    const prompt = await mcp.getPrompt('everything', 'args-prompt', { city: 'Lyon', state: 'Rhône' });
    expect(JSON.stringify(prompt.messages)).toContain('Lyon');
    const resource = await mcp.readResource('everything', 'demo://resource/dynamic/text/3');
    expect(resource.contents[0].uri).toBe('demo://resource/dynamic/text/3');
  });

  it("gives a server its own variables and the env_vars it names, and none of Trellis's other secrets", async () => {
    const { transport } = everythingStdio();
    if (transport.kind !== 'stdio') throw new Error('stdio expected');
    const server = definition('everything', { ...transport, env: { OWN_SETTING: 'own' }, envVars: ['PASSED_ON'] });
    process.env.TRELLIS_TEST_SECRET = 'process-secret';
    try {
      const mcp = createMcpManager({
        servers: [server],
        env: { PASSED_ON: 'passed', API_TOKEN: 'env-secret' },
        stdioTransport: unconfinedStdioTransport,
        clientInfo: { name: 'trellis-test', version: '0' },
      });
      managers.push(mcp);
      await mcp.start();
      const seen = text(await mcp.callTool('everything', 'get-env', {}));
      expect(seen).toContain('"OWN_SETTING": "own"');
      expect(seen).toContain('"PASSED_ON": "passed"');
      expect(seen).not.toContain('env-secret');
      expect(seen).not.toContain('process-secret');
    } finally {
      delete process.env.TRELLIS_TEST_SECRET;
    }
  });

  it('forwards progress of a long-running tool and runs calls side by side', async () => {
    const mcp = manager([definition('everything', everythingStdio().transport)]);
    await mcp.start();
    const progress: number[] = [];
    const [long, echo] = await Promise.all([
      mcp.callTool(
        'everything',
        'trigger-long-running-operation',
        { duration: 1, steps: 3 },
        { onProgress: (p) => progress.push(p.progress) },
      ),
      mcp.callTool('everything', 'echo', { message: 'meanwhile' }),
    ]);
    expect(long.isError).toBeFalsy();
    // Steps as they happen (the last may race the result, so at least the first two).
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    expect(text(echo)).toContain('meanwhile');
  });

  it('cancels a call when its signal aborts', async () => {
    const mcp = manager([definition('everything', everythingStdio().transport)]);
    await mcp.start();
    const controller = new AbortController();
    const progress: number[] = [];
    const call = mcp.callTool(
      'everything',
      'trigger-long-running-operation',
      { duration: 30, steps: 30 },
      { signal: controller.signal, onProgress: (p) => progress.push(p.progress) },
    );
    await waitForItem(progress, () => true);
    controller.abort();
    const result = await call;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/cancelled/);
  });

  it('ends a call in flight with "unavailable" when the server dies, shows it failed, then restarts it', async () => {
    const { transport, marker } = everythingStdio();
    const mcp = manager([definition('everything', transport)]);
    const states: McpServerState[] = [];
    mcp.onChange((state) => states.push(state));
    await mcp.start();

    const progress: number[] = [];
    const call = mcp.callTool(
      'everything',
      'trigger-long-running-operation',
      { duration: 30, steps: 30 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    await waitForItem(progress, () => true);
    const [pid] = processesMentioning(marker).map((line) => Number(line.split(/\s+/)[0]));
    process.kill(pid, 'SIGKILL');

    const result = await call;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/MCP server everything is unavailable: MCP server everything exited/);
    expect(states.some((s) => s.status === 'failed')).toBe(true);
    // Meanwhile a call answers at once rather than waiting for the restart.
    if (mcp.states()[0].status !== 'connected')
      expect(text(await mcp.callTool('everything', 'echo', { message: 'x' }))).toMatch(/unavailable/);

    const back = await waitForItem(states, (s) => s.status === 'connected' && s.restarts === 1);
    expect(back.tools.length).toBeGreaterThan(0);
    expect(text(await mcp.callTool('everything', 'echo', { message: 'again' }))).toContain('again');
  });

  it('reconnects on request, and close() leaves no server process behind', async () => {
    const { transport, marker } = everythingStdio();
    const mcp = manager([definition('everything', transport)]);
    await mcp.start();
    const before = processesMentioning(marker);
    expect(before).toHaveLength(1);
    // A second start (the window and a session sharing the manager) keeps the same process.
    await mcp.start();
    expect(processesMentioning(marker)).toEqual(before);
    await mcp.reconnect('everything');
    expect(mcp.states()[0].status).toBe('connected');
    const after = processesMentioning(marker);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    await mcp.close();
    expect(processesMentioning(marker)).toEqual([]);
  });

  it('closed while its servers are still starting, leaves none of them running', async () => {
    const servers = [everythingStdio(), everythingStdio()];
    const mcp = manager(servers.map((server, i) => definition(`s${i}`, server.transport)));
    const states: McpServerState[] = [];
    mcp.onChange((state) => states.push(state));
    const started = mcp.start();
    await waitForItem(states, (s) => s.status === 'starting');
    await mcp.close();
    await started;
    for (const server of servers) expect(processesMentioning(server.marker)).toEqual([]);
    expect(mcp.tools()).toEqual([]);
  });

  it("keeps a repository's servers untrusted, and starts nothing, until the repository is trusted", async () => {
    const { transport, marker } = everythingStdio();
    const repositoryServer = definition('repo', transport, {
      source: { format: 'kiro-json', scope: 'repository', file: '/repo/.kiro/settings/mcp.json' },
    });
    const disabled = definition('off', everythingStdio().transport, { enabled: false });
    const mcp = manager([repositoryServer, disabled]);
    await mcp.start();
    expect(mcp.states().map((s) => s.status)).toEqual(['untrusted', 'disabled']);
    expect(processesMentioning(marker)).toEqual([]);
    const result = await mcp.callTool('repo', 'echo', { message: 'x' });
    expect(result.isError).toBe(true);
    await expect(mcp.reconnect('repo')).rejects.toThrow(/untrusted/);

    const trusted = manager([repositoryServer], true);
    await trusted.start();
    expect(trusted.states()[0].status).toBe('connected');
  });
});
