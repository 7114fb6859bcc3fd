import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { ExpectedFailure } from '../errors/expected-failure';
import { errorResult } from './call-failures';
import { McpConnection } from './mcp-connection';
import type {
  McpCallOptions,
  McpManager,
  McpManagerOptions,
  McpServerDefinition,
  McpServerState,
  McpServerStatus,
  McpToolInfo,
} from './mcp-types';
import { qualifyToolNames } from './tool-names';

function initialStatus(definition: McpServerDefinition, repositoryTrusted: boolean): McpServerStatus {
  if (!definition.enabled) return 'disabled';
  if (definition.source.scope === 'repository' && !repositoryTrusted) return 'untrusted';
  return 'starting';
}

/** Off by enabled_tools (when given) and then disabled_tools, as Codex applies them. */
function toolEnabledByDefinition(definition: McpServerDefinition, tool: string): boolean {
  if (definition.enabledTools && !definition.enabledTools.includes(tool)) return false;
  return !definition.disabledTools.includes(tool);
}

/**
 * The MCP clients of one session or workspace: every enabled, trusted server started in parallel, each bounded by
 * its own startup timeout, so a slow server never holds the others. A repository's servers stay `untrusted`, and
 * start nothing, until the person trusts the repository.
 */
export function createMcpManager(options: McpManagerOptions): McpManager {
  const listeners = new Set<(state: McpServerState) => void>();
  const connections = new Map<string, McpConnection>();
  /** The window's switches (already saved to the definition's file), over what the definition says. */
  const switches = new Map<string, boolean>();
  /** Qualified names over every server's tools, recomputed when any list changes. */
  let names = new Map<string, string>();

  const key = (server: string, tool: string) => `${server}\0${tool}`;
  const recomputeNames = () => {
    const all = [...connections.values()].flatMap((c) => c.tools.map((tool) => ({ server: c.name, name: tool.name })));
    const qualified = qualifyToolNames(all);
    names = new Map(all.map((tool, i) => [key(tool.server, tool.name), qualified[i]]));
  };

  const stateOf = (connection: McpConnection): McpServerState => {
    const definition = connection.definition;
    return {
      name: connection.name,
      definition,
      status: connection.status,
      error: connection.error,
      tools: connection.tools.map((tool): McpToolInfo => ({
        server: connection.name,
        name: tool.name,
        qualifiedName: names.get(key(connection.name, tool.name)) ?? '',
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: tool.annotations,
        enabled: switches.get(key(connection.name, tool.name)) ?? toolEnabledByDefinition(definition, tool.name),
      })),
      prompts: connection.prompts,
      resources: connection.resources,
      resourceTemplates: connection.resourceTemplates,
      restarts: connection.restarts,
    };
  };

  for (const definition of options.servers) {
    if (connections.has(definition.name)) continue; // the definitions' reader already chose one per name
    const connection: McpConnection = new McpConnection({
      ...options,
      definition,
      initialStatus: initialStatus(definition, options.repositoryTrusted ?? false),
      onChange: () => {
        recomputeNames();
        const state = stateOf(connection);
        for (const listener of [...listeners]) listener(state);
      },
    });
    connections.set(definition.name, connection);
  }

  const connection = (server: string): McpConnection => {
    const found = connections.get(server);
    if (!found) throw new ExpectedFailure('mcp-unknown-server', `There is no MCP server named ${server}.`);
    return found;
  };

  return {
    async start() {
      await Promise.all([...connections.values()].map((c) => c.start()));
    },
    states: () => [...connections.values()].map(stateOf),
    tools: () =>
      [...connections.values()]
        .filter((c) => c.status === 'connected')
        .flatMap((c) => stateOf(c).tools.filter((tool) => tool.enabled))
        .sort((a, b) => (a.qualifiedName < b.qualifiedName ? -1 : a.qualifiedName > b.qualifiedName ? 1 : 0)),
    async callTool(server: string, tool: string, args: Record<string, unknown>, callOptions?: McpCallOptions) {
      const found = connections.get(server);
      if (!found) return errorResult(`There is no MCP server named ${server}.`) as CallToolResult;
      return found.callTool(tool, args, callOptions);
    },
    getPrompt: (server: string, prompt: string, args: Record<string, string>): Promise<GetPromptResult> =>
      connection(server).getPrompt(prompt, args),
    readResource: (server: string, uri: string): Promise<ReadResourceResult> => connection(server).readResource(uri),
    reconnect: (server: string) => connection(server).reconnect(),
    setToolEnabled(server: string, tool: string, enabled: boolean) {
      const found = connection(server);
      switches.set(key(server, tool), enabled);
      const state = stateOf(found);
      for (const listener of [...listeners]) listener(state);
    },
    stderr: (server: string) => connection(server).stderr.all(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await Promise.all([...connections.values()].map((c) => c.close()));
      listeners.clear();
    },
  };
}
