import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpManager, McpServerDefinition, McpServerState, McpToolInfo } from '../mcp-types';

/** server-everything's entry point, run with node (no npx, no network). */
export const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export function everythingDefinition(overrides: Partial<McpServerDefinition> = {}): McpServerDefinition {
  return {
    name: 'everything',
    source: { format: 'codex-toml', scope: 'user', file: '/home/me/.trellis/config.toml' },
    transport: { kind: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: {}, envVars: [] },
    enabled: true,
    required: false,
    startupTimeoutMs: 30_000,
    toolTimeoutMs: 120_000,
    disabledTools: [],
    defaultApprovalMode: 'auto',
    toolApprovalModes: {},
    parallelToolCalls: true,
    trustedOutsideSandbox: false,
    ...overrides,
  };
}

/**
 * A test's manager of one real stdio server through the real SDK client, for the tool and session tests until
 * they run on core/mcp's own manager: states, tools, calls, close. `stop()` kills the server as a crash would.
 */
export function oneServerManager(definition = everythingDefinition()): McpManager & { stop(): Promise<void> } {
  const client = new Client({ name: 'trellis-test', version: '0' });
  let status: McpServerState['status'] = 'starting';
  let error: string | undefined;
  let tools: McpToolInfo[] = [];
  let stderr = '';
  const state = (): McpServerState => ({
    name: definition.name,
    definition,
    status,
    error,
    tools,
    prompts: [],
    resources: [],
    resourceTemplates: [],
    restarts: 0,
  });
  const unavailable = (): CallToolResult => ({
    content: [{ type: 'text', text: `The MCP server ${definition.name} is unavailable (${status}).` }],
    isError: true,
  });
  const manager = {
    async start() {
      if (definition.transport.kind !== 'stdio') throw new Error('stdio only');
      const transport = new StdioClientTransport({
        command: definition.transport.command,
        args: definition.transport.args,
        env: { ...getDefaultEnvironment(), ...definition.transport.env },
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      client.onclose = () => (status = status === 'connected' ? 'failed' : status);
      try {
        await client.connect(transport);
        const listed = await client.listTools();
        tools = listed.tools.map((t) => ({
          server: definition.name,
          name: t.name,
          qualifiedName: `mcp__${definition.name}__${t.name}`,
          description: t.description,
          inputSchema: t.inputSchema,
          annotations: t.annotations,
          enabled: !definition.disabledTools.includes(t.name),
        }));
        status = 'connected';
      } catch (err) {
        status = 'failed';
        error = (err as Error).message;
      }
    },
    states: () => [state()],
    tools: () => (status === 'connected' ? tools.filter((t) => t.enabled) : []),
    async callTool(_server: string, tool: string, args: Record<string, unknown>) {
      if (status !== 'connected') return unavailable();
      try {
        return (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      } catch {
        return unavailable();
      }
    },
    getPrompt: () => Promise.reject(new Error('not in this test manager')),
    readResource: () => Promise.reject(new Error('not in this test manager')),
    reconnect: () => Promise.reject(new Error('not in this test manager')),
    setToolEnabled(_server: string, tool: string, enabled: boolean) {
      tools = tools.map((t) => (t.name === tool ? { ...t, enabled } : t));
    },
    stderr: () => stderr,
    onChange: () => () => undefined,
    async close() {
      status = 'disabled';
      await client.close();
    },
    async stop() {
      await client.close();
      status = 'failed';
      error = 'the server exited';
    },
  };
  return manager;
}
