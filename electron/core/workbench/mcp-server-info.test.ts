import { describe, expect, it } from 'vitest';
import { mcpSchemas } from '../../contract';
import type { McpServerDefinition, McpServerState } from '../mcp/mcp-types';
import { toServerInfo } from './mcp-server-info';

function definition(transport: McpServerDefinition['transport']): McpServerDefinition {
  return {
    name: 'srv',
    source: { format: 'codex-toml', scope: 'user', file: '/home/u/.trellis/config.toml', line: 3 },
    transport,
    enabled: true,
    required: false,
    startupTimeoutMs: 30_000,
    toolTimeoutMs: 120_000,
    disabledTools: [],
    defaultApprovalMode: 'auto',
    toolApprovalModes: { echo: 'approve' },
    parallelToolCalls: true,
    trustedOutsideSandbox: false,
  };
}

function state(def: McpServerDefinition): McpServerState {
  return {
    name: def.name,
    definition: def,
    status: 'connected',
    tools: [
      {
        server: 'srv',
        name: 'echo',
        qualifiedName: 'mcp__srv__echo',
        inputSchema: { type: 'object' },
        annotations: { readOnlyHint: true },
        enabled: true,
      },
      { server: 'srv', name: 'wipe', qualifiedName: 'mcp__srv__wipe', inputSchema: {}, enabled: false },
    ],
    prompts: [{ name: 'simple', arguments: [{ name: 'topic', required: true }] }],
    resources: [{ uri: 'test://static/1', name: 'one' }],
    resourceTemplates: [{ uriTemplate: 'test://static/{id}', name: 'any' }],
    restarts: 0,
  };
}

describe('an MCP server as the window sees it', () => {
  it('shows the exact command line, quoted as a shell reads it, and no environment value', () => {
    const info = toServerInfo(
      state(
        definition({
          kind: 'stdio',
          command: 'node',
          args: ['/opt/my server/index.js', "it's", 'stdio'],
          env: { API_TOKEN: 'sk-secret-1' },
          envVars: ['HOME'],
        }),
      ),
    );
    expect(info.transport).toEqual({ kind: 'stdio', commandLine: `node '/opt/my server/index.js' 'it'\\''s' stdio` });
    expect(JSON.stringify(info)).not.toContain('sk-secret-1');
    expect(mcpSchemas().McpServerInfo.parse(info)).toEqual(info);
  });

  it('shows an HTTP server by its URL, never its headers, token variable values or URL credentials', () => {
    const info = toServerInfo(
      state(
        definition({
          kind: 'http',
          url: 'https://bob:hunter2@mcp.example.com/mcp',
          headers: { Authorization: 'Bearer sk-secret-2' },
          envHeaders: {},
          bearerTokenEnvVar: 'EXAMPLE_TOKEN',
        }),
      ),
    );
    expect(info.transport).toEqual({ kind: 'http', url: 'https://***:***@mcp.example.com/mcp' });
    expect(JSON.stringify(info)).not.toMatch(/sk-secret-2|hunter2/);
  });

  it('gives each tool its switch and approval mode, and lists templates beside resources', () => {
    const info = toServerInfo(state(definition({ kind: 'stdio', command: 'x', args: [], env: {}, envVars: [] })));
    expect(info.tools.map((t) => [t.name, t.enabled, t.approvalMode, t.asksApproval])).toEqual([
      ['echo', true, 'approve', false],
      ['wipe', false, 'auto', true],
    ]);
    expect(info.tools[0].annotations).toEqual({ readOnlyHint: true });
    expect(info.resources.map((r) => [r.uri, r.template])).toEqual([
      ['test://static/1', false],
      ['test://static/{id}', true],
    ]);
    expect(info.source).toEqual({ format: 'codex-toml', scope: 'user', file: '/home/u/.trellis/config.toml', line: 3 });
  });
});
