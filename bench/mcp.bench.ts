import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createMcpManager } from '../electron/core/mcp/mcp-manager';
import type { McpManager, McpServerDefinition, McpStdioDefinition } from '../electron/core/mcp/mcp-types';
import { stdioServerEnv } from '../electron/core/mcp/server-env';
import { unconfinedStdioTransport } from '../electron/core/mcp/unconfined-stdio-transport';
import { definition, everythingStdio, scriptServer } from '../electron/core/testing/mcp-servers';
import { median, type Benchmark, type BenchResult } from './support/report';

const CALLS = 200;
const WARM_UP = 20;
const GOAL_OVERHEAD_MS = 2;
const START_RUNS = 5;
const SERVERS = 10;
const GOAL_START_SLACK_MS = 100;
const CLIENT_INFO = { name: 'trellis-bench', version: '0' };

function newManager(servers: McpServerDefinition[]): McpManager {
  return createMcpManager({
    servers,
    env: process.env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: CLIENT_INFO,
  });
}

/** The bare SDK client over the same transport the manager uses: the baseline with nothing of Trellis's. */
async function bareClient(server: McpServerDefinition): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  const stdio = server as McpStdioDefinition;
  await client.connect(
    unconfinedStdioTransport(stdio, { env: stdioServerEnv(stdio, process.env), onStderr: () => {} }),
  );
  return client;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** 200 echo calls each way, taking turns call by call so the machine's load falls on both alike. */
async function callOverhead(): Promise<{ bare: number[]; managed: number[] }> {
  const bare = await bareClient(definition('bare', everythingStdio().transport));
  const manager = newManager([definition('everything', everythingStdio().transport)]);
  await manager.start();
  const bareCall = () => bare.callTool({ name: 'echo', arguments: { message: 'bench' } });
  const managedCall = () => manager.callTool('everything', 'echo', { message: 'bench' });
  try {
    for (let i = 0; i < WARM_UP; i++) await Promise.all([bareCall(), managedCall()]);
    const times = { bare: [] as number[], managed: [] as number[] };
    for (let i = 0; i < CALLS; i++) {
      times.bare.push(await timed(bareCall));
      times.managed.push(await timed(managedCall));
    }
    return times;
  } finally {
    await Promise.all([bare.close(), manager.close()]);
  }
}

/**
 * Ten small SDK servers that take 0, 100... 900 ms to get ready (as servers that load a model or open a database
 * do), so the figure shows whether the manager starts them side by side, not how fast ten Node processes boot on
 * a shared two-core machine.
 */
function tenServers(): McpServerDefinition[] {
  return Array.from({ length: SERVERS }, (_, i) =>
    definition(
      `s${i}`,
      scriptServer(`
const server = new McpServer({ name: 's${i}', version: '1' });
server.registerTool('echo', { description: 'echo' }, async () => ({ content: [{ type: 'text', text: 'ok' }] }));
await new Promise((resolve) => setTimeout(resolve, ${i * 100}));
await server.connect(new StdioServerTransport());
`).transport,
    ),
  );
}

/** A server's own start: the bare client connecting and listing its tools. */
async function ownStart(server: McpServerDefinition): Promise<number> {
  let client: Client | undefined;
  const ms = await timed(async () => {
    client = await bareClient(server);
    await client.listTools();
  });
  await client?.close();
  return ms;
}

async function startTimes(): Promise<{ slowestAlone: number[]; bareParallel: number[]; all: number[] }> {
  const servers = tenServers();
  const times = { slowestAlone: [] as number[], bareParallel: [] as number[], all: [] as number[] };
  await ownStart(servers[0]); // warm the file cache
  for (let run = 0; run < START_RUNS; run++) {
    const alone: number[] = [];
    for (const server of servers) alone.push(await ownStart(server));
    times.slowestAlone.push(Math.max(...alone));
    times.bareParallel.push(await timed(() => Promise.all(servers.map(ownStart))));
    const manager = newManager(servers);
    times.all.push(await timed(() => manager.start()));
    const connected = manager.states().filter((s) => s.status === 'connected').length;
    await manager.close();
    if (connected !== SERVERS) throw new Error(`only ${connected} of ${SERVERS} servers connected`);
  }
  return times;
}

export const mcpBench: Benchmark = {
  name: 'MCP: a tool call through the manager, and ten stdio servers starting',
  async run(): Promise<BenchResult> {
    const { bare, managed } = await callOverhead();
    const overhead = median(managed) - median(bare);
    const { slowestAlone, bareParallel, all } = await startTimes();
    const slack = median(all) - median(slowestAlone);
    return {
      figures: [
        { label: `echo over stdio, bare SDK client (${CALLS} calls, baseline)`, ms: median(bare), runs: [], goal: '' },
        {
          label: 'echo over stdio, through the manager',
          ms: median(managed),
          runs: [],
          goal: `<= baseline + ${GOAL_OVERHEAD_MS} ms`,
          ratio: median(managed) / median(bare),
          pass: overhead <= GOAL_OVERHEAD_MS,
        },
        {
          label: 'slowest of the ten servers started alone (baseline)',
          ms: median(slowestAlone),
          runs: slowestAlone,
          goal: '',
        },
        {
          label: `${SERVERS} servers started side by side by bare SDK clients (for scale)`,
          ms: median(bareParallel),
          runs: bareParallel,
          goal: '',
        },
        {
          label: `${SERVERS} stdio servers: manager.start()`,
          ms: median(all),
          runs: all,
          goal: `<= slowest + ${GOAL_START_SLACK_MS} ms`,
          ratio: median(all) / median(slowestAlone),
          pass: slack <= GOAL_START_SLACK_MS,
        },
      ],
      notes: [
        `Call overhead (median through the manager minus median bare): ${overhead.toFixed(2)} ms over ${CALLS} calls each, taking turns with the bare client; both use the SDK's unsandboxed stdio transport (the sandbox's own cost is in the sandbox benchmark).`,
        `Start: manager.start() minus the slowest server's own start: ${slack.toFixed(0)} ms (medians of ${START_RUNS} runs). The ten servers wait 0 to 900 ms before answering, so the figure is the manager's parallelism, not Node's start-up under load. Ten Node processes still boot at once: on a loaded two-core machine that alone costs more than 100 ms, as the bare clients started side by side show; the manager's own share is its figure minus theirs (${(median(all) - median(bareParallel)).toFixed(0)} ms).`,
      ],
    };
  },
};
