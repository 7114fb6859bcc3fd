import { afterEach, describe, expect, it } from 'vitest';
import { definition, everythingStdio, scriptServer, silentServer, stdio } from '../testing/mcp-servers';
import { processesMentioning } from '../testing/processes';
import { waitForItem } from '../testing/wait-for-item';
import { createMcpManager } from './mcp-manager';
import type { McpManager, McpServerDefinition, McpServerState } from './mcp-types';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

function manager(servers: McpServerDefinition[]): McpManager {
  const created = createMcpManager({
    servers,
    env: process.env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: { name: 'trellis-test', version: '0' },
  });
  managers.push(created);
  return created;
}

const text = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');

/** A server with one tool, `grow`, that adds a tool `grown-<n>` each time it is called (the SDK then says list_changed). */
const GROWING = `
const server = new McpServer({ name: 'growing', version: '1' });
let n = 0;
server.registerTool('grow', { description: 'adds a tool' }, async () => {
  n++;
  server.registerTool('grown-' + n, { description: 'grown' }, async () => ({ content: [{ type: 'text', text: 'grown ' + n }] }));
  return { content: [{ type: 'text', text: 'grew' }] };
});
await server.connect(new StdioServerTransport());
`;

/**
 * A server whose tool tells whether another call ran beside it: a call waits (up to half a second) for company,
 * and a call that finds one running releases it, so both answer `together`; a call left alone answers `alone`.
 */
const COMPANY = `
const server = new McpServer({ name: 'company', version: '1' });
let active = 0;
let waiting = [];
server.registerTool('work', { description: 'waits for company' }, async () => {
  active++;
  let together = active > 1;
  if (together) {
    for (const release of waiting.splice(0)) release(true);
  } else {
    together = await new Promise((resolve) => { waiting.push(resolve); setTimeout(() => resolve(false), 500); });
  }
  active--;
  return { content: [{ type: 'text', text: together ? 'together' : 'alone' }] };
});
await server.connect(new StdioServerTransport());
`;

describe('the MCP manager when servers misbehave', () => {
  it('reports a command that does not exist as failed, with a clear sentence', async () => {
    const mcp = manager([definition('ghost', stdio('trellis-no-such-mcp-server', []))]);
    await mcp.start();
    const [state] = mcp.states();
    expect(state.status).toBe('failed');
    expect(state.error).toBe('MCP server ghost could not start: the command trellis-no-such-mcp-server was not found.');
    const result = await mcp.callTool('ghost', 'anything', {});
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(`MCP server ghost is unavailable: ${state.error}`);
  });

  it('fails a server that never answers by its startup timeout while the others connect, and ends its process', async () => {
    const silent = silentServer();
    const mcp = manager([
      definition('slow', silent.transport, { startupTimeoutMs: 1500 }),
      definition('everything', everythingStdio().transport),
    ]);
    const states: McpServerState[] = [];
    mcp.onChange((state) => states.push(state));
    const started = mcp.start();
    // The good server is connected while the slow one is still starting: it does not wait for it.
    await waitForItem(states, (s) => s.name === 'everything' && s.status === 'connected');
    expect(mcp.states().find((s) => s.name === 'slow')?.status).toBe('starting');
    await started;
    const slow = mcp.states().find((s) => s.name === 'slow');
    expect(slow?.status).toBe('failed');
    expect(slow?.error).toBe('MCP server slow did not start within 1.5 s. Its stderr: silent server waiting');
    expect(mcp.stderr('slow')).toBe('silent server waiting\n');
    await mcp.close();
    expect(processesMentioning(silent.marker)).toEqual([]);
  });

  it('refreshes the tool list when the server says it changed', async () => {
    const mcp = manager([definition('growing', scriptServer(GROWING).transport)]);
    const states: McpServerState[] = [];
    mcp.onChange((state) => states.push(state));
    await mcp.start();
    expect(mcp.tools().map((t) => t.qualifiedName)).toEqual(['mcp__growing__grow']);
    expect(text(await mcp.callTool('growing', 'grow', {}))).toBe('grew');
    await waitForItem(states, (s) => s.tools.some((t) => t.name === 'grown-1'));
    expect(mcp.tools().map((t) => t.qualifiedName)).toEqual(['mcp__growing__grow', 'mcp__growing__grown-1']);
    expect(text(await mcp.callTool('growing', 'grown-1', {}))).toBe('grown 1');
  });

  it('runs the calls of a server without parallel tool calls one at a time', async () => {
    const serial = manager([definition('company', scriptServer(COMPANY).transport, { parallelToolCalls: false })]);
    await serial.start();
    const results = await Promise.all([1, 2, 3].map(() => serial.callTool('company', 'work', {})));
    expect(results.map(text)).toEqual(['alone', 'alone', 'alone']);

    // The same server with parallel calls allowed sees them side by side: the check above can fail.
    const parallel = manager([definition('company', scriptServer(COMPANY).transport)]);
    await parallel.start();
    const side = await Promise.all([1, 2].map(() => parallel.callTool('company', 'work', {})));
    expect(side.map(text)).toEqual(['together', 'together']);
  });

  it('ends a call that outlasts its timeout with an error result', async () => {
    const mcp = manager([definition('everything', everythingStdio().transport)]);
    await mcp.start();
    const result = await mcp.callTool(
      'everything',
      'trigger-long-running-operation',
      { duration: 30, steps: 3 },
      { timeoutMs: 300 },
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'MCP tool trigger-long-running-operation on server everything did not answer within 0.3 s.',
    );
  });
});
