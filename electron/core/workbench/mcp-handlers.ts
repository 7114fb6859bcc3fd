import type { McpServerInfo, RequestValue } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import type { McpManager, McpServerState } from '../mcp/mcp-types';
import { renderMcpPrompt } from '../mcp/prompt-messages';
import { toServerInfo } from './mcp-server-info';
import type { McpBackend, WorkspaceMcp } from './workspace-mcp';

type ServerParams = { workspaceId: string; server: string };

/** mcp.list, mcp.setToolEnabled, mcp.reconnect, mcp.authenticate, mcp.log and mcp.getPrompt over the workspace's one manager. */
export function mcpHandlers<C>(
  mcp: WorkspaceMcp,
  backend: McpBackend,
  checkOpen: (workspaceId: string, client: C) => void,
) {
  const managerFor = async (workspaceId: string, client: C): Promise<McpManager | null> => {
    checkOpen(workspaceId, client);
    return mcp.manager(workspaceId);
  };
  const serverOf = async ({ workspaceId, server }: ServerParams, client: C) => {
    const manager = await managerFor(workspaceId, client);
    const state = manager?.states().find((s) => s.name === server);
    if (!manager || !state)
      throw new ExpectedFailure('not-found', `No MCP server named "${server}" is configured for this workspace.`);
    return { manager, state };
  };

  return {
    'mcp.list': async ({ workspaceId }: { workspaceId: string }, client: C): Promise<RequestValue<'mcp.list'>> =>
      ((await managerFor(workspaceId, client))?.states() ?? []).map(toServerInfo),

    'mcp.setToolEnabled': async (
      params: ServerParams & { tool: string; enabled: boolean },
      client: C,
    ): Promise<McpServerInfo> => {
      const { manager, state } = await serverOf(params, client);
      if (!state.tools.some((t) => t.name === params.tool))
        throw new ExpectedFailure('not-found', `The MCP server "${state.name}" has no tool named "${params.tool}".`);
      await backend.saveToolEnabled(state.definition, params.tool, params.enabled);
      manager.setToolEnabled(state.name, params.tool, params.enabled);
      return toServerInfo(manager.states().find((s) => s.name === state.name) ?? state);
    },

    'mcp.reconnect': async (params: ServerParams, client: C): Promise<null> => {
      const { manager, state } = await serverOf(params, client);
      refuseIdle(state);
      await manager.reconnect(state.name);
      return null;
    },

    'mcp.authenticate': async (params: ServerParams, client: C): Promise<RequestValue<'mcp.authenticate'>> => {
      const { manager, state } = await serverOf(params, client);
      refuseIdle(state);
      return { url: await backend.authenticate(manager, state.definition) };
    },

    'mcp.log': async (params: ServerParams, client: C): Promise<RequestValue<'mcp.log'>> => {
      const { manager, state } = await serverOf(params, client);
      return { text: manager.stderr(state.name) };
    },

    'mcp.getPrompt': async (
      params: ServerParams & { prompt: string; arguments: Record<string, string> },
      client: C,
    ): Promise<RequestValue<'mcp.getPrompt'>> => {
      const { manager, state } = await serverOf(params, client);
      return { text: await renderMcpPrompt(manager, state.name, params.prompt, params.arguments) };
    },
  };
}

/** An untrusted or disabled server is never started, whatever the window asks. */
function refuseIdle(state: McpServerState): void {
  if (state.status === 'untrusted')
    throw new ExpectedFailure(
      'untrusted',
      `The MCP server "${state.name}" is defined by the repository's files; trust the repository to start it.`,
    );
  if (state.status === 'disabled')
    throw new ExpectedFailure(
      'disabled',
      `The MCP server "${state.name}" is disabled where it is defined (${state.definition.source.file}).`,
    );
}
