import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEventBody } from '../../contract';
import { definition, everythingStdio } from '../testing/mcp-servers';
import { waitForItem } from '../testing/wait-for-item';
import { createMcpManager } from './mcp-manager';
import { McpSessionServers } from './mcp-session-servers';
import type { McpManager } from './mcp-types';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

describe("a window session on the workspace's own MCP manager", () => {
  it('logs the servers as it finds them and as they change, and leaves the manager running when it closes', async () => {
    const manager = createMcpManager({
      servers: [definition('everything', everythingStdio().transport)],
      env: process.env,
      stdioTransport: unconfinedStdioTransport,
      clientInfo: { name: 'trellis-test', version: '0' },
    });
    managers.push(manager);
    const logged: SessionEventBody[] = [];
    const servers = new McpSessionServers(manager, false);
    // The workspace starts its manager without waiting; a session opened meanwhile is not held for it.
    await servers.attach(async (body) => void logged.push(body));
    expect(logged).toEqual([{ type: 'mcp.server', server: 'everything', state: 'starting' }]);

    await manager.start();
    await waitForItem(logged, (e) => e.type === 'mcp.server' && e.state === 'connected');
    expect(logged.at(-1)).toMatchObject({ state: 'connected', tools: expect.any(Number) });

    await servers.close();
    expect(manager.states()[0].status).toBe('connected');
    const echoed = await manager.callTool('everything', 'echo', { message: 'still here' });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
  });
});
