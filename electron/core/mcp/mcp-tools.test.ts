import { getEventListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent, SessionEventBody } from '../../contract';
import type { ApprovalRequest, Approver } from '../approvals/approval-policy';
import { SessionApprovals } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { AgentSession, type AgentSessionOptions } from '../session/agent-session';
import { readSessionLog } from '../session/read-session-log';
import { definition, everythingStdio, scriptServer, stdio } from '../testing/mcp-servers';
import { processesMentioning } from '../testing/processes';
import { tempDir } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import type { ToolContext } from '../tools/tool';
import { createMcpManager } from './mcp-manager';
import { McpRequiredServerError, McpSessionServers } from './mcp-session-servers';
import { mcpTools, providerSchema } from './mcp-tools';
import type { McpManager, McpServerDefinition } from './mcp-types';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';
import { mockModelClient } from '../testing/mock-model-client';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

const call = (name: string, args: unknown) => ({
  type: 'function_call' as const,
  name,
  arguments: JSON.stringify(args),
});
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });

/** server-everything over stdio, as the session's `everything` server; `marker` finds its process. */
function everything(overrides: Partial<McpServerDefinition> = {}) {
  const { transport, marker } = everythingStdio();
  return { server: definition('everything', transport, overrides), marker };
}

function managerOf(server: McpServerDefinition): McpManager {
  const manager = createMcpManager({
    servers: [server],
    env: process.env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: { name: 'trellis-test', version: '0' },
  });
  cleanup.push(() => manager.close());
  return manager;
}

async function startedManager(server = everything().server) {
  const manager = managerOf(server);
  await manager.start();
  return manager;
}

async function session(
  scenario: MockScenario,
  manager: McpManager,
  extra: Partial<AgentSessionOptions> = {},
): Promise<{ model: MockModelServer; options: AgentSessionOptions; events: SessionEvent[] }> {
  const model = await startMockModel(scenario);
  cleanup.push(() => model.close());
  const events: SessionEvent[] = [];
  const options: AgentSessionOptions = {
    home: tempDir(),
    cwd: tempDir(),
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(model.url),
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: () => mcpTools(manager),
    mcp: new McpSessionServers(manager, false),
    executor: new UnconfinedExecutor(),
    env: {},
    sandboxMode: 'workspace-write',
    approvalPolicy: 'on-request',
    approver: async () => 'denied',
    onEvent: (e) => events.push(e),
    ...extra,
  };
  return { model, options, events };
}

describe("an MCP server's tools in the agent loop (real server-everything over stdio, real SDK)", () => {
  it('in plan mode, runs a tool its server annotates readOnlyHint and refuses one it does not', async () => {
    const manager = await startedManager();
    const { model, options, events } = await session(
      {
        turns: [
          {
            items: [
              call('mcp__everything__echo', { message: 'planning' }),
              call('mcp__everything__toggle-simulated-logging', {}),
            ],
          },
          say('Planned.'),
        ],
      },
      manager,
      { approver: async () => 'approved-for-session' },
    );
    const agent = await AgentSession.create(options);
    await agent.setMode('plan');
    await agent.runTurn('Plan with the tools');
    await agent.close();

    const sent = JSON.stringify(model.requests[1].body.input);
    expect(sent).toContain('Echo: planning');
    expect(sent).toContain('mcp__everything__toggle-simulated-logging was refused');
    // The refused one never reached the server.
    const called = events.flatMap((e) => (e.type === 'mcp.call.started' ? [e.tool] : []));
    expect(called).toEqual(['echo']);
  });

  it('offers mcp__everything__* with object schemas, and sends the results of echo and get-sum back to the model', async () => {
    const manager = await startedManager();
    const { model, options, events } = await session(
      {
        turns: [
          {
            items: [
              call('mcp__everything__echo', { message: 'hi there' }),
              call('mcp__everything__get-sum', { a: 2, b: 3 }),
            ],
          },
          say('Done.'),
        ],
      },
      manager,
    );
    const agent = await AgentSession.create(options);
    const result = await agent.runTurn('Use the tools');
    await agent.close();
    expect(result.status).toBe('completed');

    const offered = model.requests[0].body.tools as { name: string; parameters: Record<string, unknown> }[];
    const echo = offered.find((t) => t.name === 'mcp__everything__echo');
    expect(echo?.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(JSON.stringify(offered)).not.toContain('$schema');

    const sent = JSON.stringify(model.requests[1].body.input);
    expect(sent).toContain('Echo: hi there');
    expect(sent).toContain('The sum of 2 and 3 is 5.');

    const logged = await readSessionLog(agent.log.file!);
    expect(logged.events.find((e) => e.type === 'mcp.server')).toMatchObject({
      state: 'connected',
      tools: expect.any(Number),
    });
    expect(logged.events.filter((e) => e.type === 'mcp.call.completed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          server: 'everything',
          tool: 'echo',
          arguments: '{"message":"hi there"}',
          isError: false,
          output: 'Echo: hi there',
        }),
        expect.objectContaining({ tool: 'get-sum', output: 'The sum of 2 and 3 is 5.' }),
      ]),
    );
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['mcp.call.started', 'tool.call', 'tool.result']));
  });

  it('gives the model a placeholder for an image and name + uri for resource links, never base64', async () => {
    const manager = await startedManager();
    const { model, options } = await session(
      {
        turns: [
          {
            items: [
              call('mcp__everything__get-tiny-image', {}),
              call('mcp__everything__get-resource-links', { count: 2 }),
            ],
          },
          say('ok'),
        ],
      },
      manager,
    );
    const agent = await AgentSession.create(options);
    await agent.runTurn('images');
    await agent.close();
    const sent = JSON.stringify(model.requests[1].body.input);
    expect(sent).toMatch(/\[image image\/png, \d+ (bytes|KB)\]/);
    expect(sent).toMatch(/\[resource link [^\]]+: demo:\/\//);
    expect(sent).not.toContain('iVBORw0KGgo'); // the PNG signature in base64
  });

  it('resume sends the MCP call and its result back to the model', async () => {
    const manager = await startedManager();
    const first = await session(
      { turns: [{ items: [call('mcp__everything__echo', { message: 'remember me' })] }, say('Echoed.')] },
      manager,
    );
    const agent = await AgentSession.create(first.options);
    await agent.runTurn('echo');
    await agent.close();

    const second = await session({ turns: [say('I recall.')] }, manager);
    const resumed = await AgentSession.resume(agent.log.file!, second.options);
    await resumed.runTurn('what did the tool say?');
    await resumed.close();
    const input = JSON.stringify(second.model.requests[0].body.input);
    expect(input).toContain('mcp__everything__echo');
    expect(input).toContain('Echo: remember me');
  });
});

describe('MCP approvals in the loop', () => {
  function asking(): { approver: Approver; asked: ApprovalRequest[] } {
    const asked: ApprovalRequest[] = [];
    return { asked, approver: async (request) => (asked.push(request), 'approved-for-session') };
  }
  const twice = (tool: string) => ({
    turns: [{ items: [call(tool, {})] }, { items: [call(tool, {})] }, say('done')],
  });

  it('"approve for this session" is remembered per tool under writes; prompt asks every time', async () => {
    const { server } = everything({ defaultApprovalMode: 'writes', toolApprovalModes: { 'get-tiny-image': 'prompt' } });
    const manager = await startedManager(server);
    for (const [tool, expectedAsks] of [
      ['toggle-simulated-logging', 1],
      ['get-tiny-image', 2],
    ] as const) {
      const { approver, asked } = asking();
      const { options, events } = await session(twice(`mcp__everything__${tool}`), manager, {
        approver,
        source: 'window',
      });
      const agent = await AgentSession.create(options);
      await agent.runTurn('go');
      await agent.close();
      expect(asked).toHaveLength(expectedAsks);
      expect(asked[0].mcp).toMatchObject({ server: 'everything', tool, qualifiedName: `mcp__everything__${tool}` });
      const requested = events.find((e) => e.type === 'approval.requested');
      expect(requested).toMatchObject({ subject: 'mcp-tool', mcp: { server: 'everything', tool, arguments: '{}' } });
      // The window offers "for this session" only where the answer is remembered.
      expect(requested && 'rememberable' in requested ? requested.rememberable : true).toBe(expectedAsks === 1);
      expect(events.filter((e) => e.type === 'mcp.call.completed')).toHaveLength(2);
    }
  });

  it('where nobody can be asked (exec), a call that would ask is refused with the setting that allows it', async () => {
    const manager = await startedManager(everything({ defaultApprovalMode: 'writes' }).server);
    const { model, options, events } = await session(
      { turns: [{ items: [call('mcp__everything__toggle-simulated-logging', {})] }, say('refused')] },
      manager,
      { source: 'exec' },
    );
    const agent = await AgentSession.create(options);
    await agent.runTurn('go');
    await agent.close();
    expect(events.some((e) => e.type === 'mcp.call.started')).toBe(false);
    expect(JSON.stringify(model.requests[1].body.input)).toContain(
      'nobody can be asked here; set approval_mode = \\"approve\\" under [mcp_servers.everything.tools.toggle-simulated-logging]',
    );
  });
});

describe('a turn of many calls', () => {
  it("leaves no listener on the turn's abort signal, however many calls it makes", async () => {
    const manager = await startedManager();
    const [echo] = mcpTools(manager).filter((t) => t.spec.name === 'mcp__everything__echo');
    const turn = new AbortController();
    const context = {
      cwd: tempDir(),
      turn: 0,
      callId: 'c1',
      signal: turn.signal,
      approvalPolicy: 'on-request',
      approvals: new SessionApprovals(async () => 'denied'),
      emit: async () => undefined,
    } as unknown as ToolContext;
    for (let i = 0; i < 20; i++) expect((await echo.run(`{"message":"${i}"}`, context)).output).toBe(`Echo: ${i}`);
    expect(getEventListeners(turn.signal, 'abort')).toHaveLength(0);
  });

  it('an interrupt still cancels the call that is running', async () => {
    const manager = await startedManager();
    const [slow] = mcpTools(manager).filter((t) => t.spec.name === 'mcp__everything__trigger-long-running-operation');
    const turn = new AbortController();
    const events: { type: string }[] = [];
    const context = {
      cwd: tempDir(),
      turn: 0,
      callId: 'c1',
      signal: turn.signal,
      approvalPolicy: 'on-request',
      approvals: new SessionApprovals(async () => 'denied'),
      emit: async (e: { type: string }) => void events.push(e),
    } as unknown as ToolContext;
    const running = slow.run('{"duration":600,"steps":600}', context);
    await waitForItem(events, (e) => e.type === 'mcp.call.started');
    turn.abort();
    expect(await running).toEqual({ output: expect.stringContaining('cancelled'), isError: true });
  });
});

describe('schemas sent to the providers', () => {
  it('are objects at the top, without $schema or top-level combinators, which OpenAI and Anthropic refuse', () => {
    expect(
      providerSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        anyOf: [{ required: ['a'] }, { required: ['b'] }],
        properties: { a: { type: 'string' }, b: { $schema: 'x', type: 'object', properties: {} } },
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'object', properties: {} } },
    });
    expect(providerSchema({ type: 'object' })).toEqual({ type: 'object', properties: {} });
    // An argument may be named $schema: only the keyword goes.
    expect(providerSchema({ type: 'object', properties: { $schema: { type: 'string', $schema: 'x' } } })).toEqual({
      type: 'object',
      properties: { $schema: { type: 'string' } },
    });
  });
});

describe('results', () => {
  it('a huge result is cut to session_log_max_exec_output_bytes for the model and the log, saying how much was left out', async () => {
    const { transport } = scriptServer(`
const server = new McpServer({ name: 'big', version: '1' });
server.registerTool('dump', { description: 'prints a lot', annotations: { readOnlyHint: true } }, async () => ({
  content: [{ type: 'text', text: 'x'.repeat(3 * 1024 * 1024) }],
}));
await server.connect(new StdioServerTransport());
`);
    const manager = await startedManager(definition('big', transport));
    const { model, options, events } = await session(
      { turns: [{ items: [call('mcp__big__dump', {})] }, say('big')] },
      manager,
      {
        limits: { maxLoggedExecOutputBytes: 64 * 1024 },
      },
    );
    const agent = await AgentSession.create(options);
    await agent.runTurn('dump');
    await agent.close();
    const completed = events.find((e) => e.type === 'mcp.call.completed');
    expect(completed?.type === 'mcp.call.completed' && completed.output.length).toBeLessThan(65 * 1024);
    expect(completed?.type === 'mcp.call.completed' && completed.output).toMatch(/\[… 3 MB omitted …\]$/);
    expect(JSON.stringify(model.requests[1].body.input).length).toBeLessThan(100 * 1024);
  });
});

describe('servers that fail', () => {
  it("a tool whose server went away answers the manager's unavailable error at once", async () => {
    const { server, marker } = everything();
    const manager = await startedManager(server);
    const [echo] = mcpTools(manager).filter((t) => t.spec.name === 'mcp__everything__echo');
    // The session's log follows the server: its crash is an mcp.server event as it happens.
    const logged: SessionEventBody[] = [];
    const servers = new McpSessionServers(manager, false);
    await servers.attach(async (body) => logged.push(body));
    // Its launcher gone, the manager's restarts fail too: the server stays away for the rest of the test.
    fs.rmSync(path.join(marker, 'everything.mjs'));
    const [pid] = processesMentioning(marker).map((line) => Number(line.split(/\s+/)[0]));
    process.kill(pid, 'SIGKILL');
    await waitForItem(logged, (e) => e.type === 'mcp.server' && e.state !== 'connected');
    await servers.close();
    const events: unknown[] = [];
    const context = {
      cwd: tempDir(),
      turn: 0,
      callId: 'c1',
      signal: new AbortController().signal,
      approvalPolicy: 'on-request',
      approvals: new SessionApprovals(async () => 'denied'),
      emit: async (e: unknown) => void events.push(e),
    } as unknown as ToolContext;
    const result = await echo.run('{"message":"x"}', context);
    expect(result).toEqual({ output: expect.stringContaining('unavailable'), isError: true });
    expect(events).toContainEqual(expect.objectContaining({ type: 'mcp.call.completed', isError: true }));
    expect(mcpTools(manager).map((t) => t.spec.name)).not.toContain('mcp__everything__echo');
  });

  it('a required server that cannot start fails the session start with its stderr', async () => {
    const broken = stdio(process.execPath, [
      '-e',
      'console.error("cannot reach the database at db:5432"); process.exit(3)',
    ]);
    const manager = managerOf(definition('everything', broken, { required: true }));
    const { options } = await session({ turns: [] }, manager, { mcp: new McpSessionServers(manager, true) });
    const failure = await AgentSession.create(options).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(McpRequiredServerError);
    expect((failure as Error).message).toMatch(
      /^The required MCP server everything \(.*config\.toml\) did not start: /,
    );
    expect((failure as Error).message).toContain('cannot reach the database at db:5432');
  });
});
