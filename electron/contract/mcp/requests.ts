import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import { workspaceSchemas } from '../workspace/schemas';
import type { McpMethod } from './methods';
import { mcpSchemas } from './schemas';

export const mcpRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const { McpName, McpServerInfo, McpPromptArguments } = mcpSchemas();
  const server = z.object({ workspaceId: WorkspaceId, server: McpName }).strict();
  return {
    /** Every server defined for the workspace (config.toml, Kiro's mcp.json at home and in the repository), as its client sees it. */
    'mcp.list': { params: z.object({ workspaceId: WorkspaceId }).strict(), value: z.array(McpServerInfo) },
    /** Switch one tool on or off, saved where the server was defined (`disabled_tools`, Kiro's `disabledTools`). */
    'mcp.setToolEnabled': {
      params: z.object({ workspaceId: WorkspaceId, server: McpName, tool: McpName, enabled: z.boolean() }).strict(),
      value: McpServerInfo,
    },
    /** Close the server's connection and start it again (a failed server, a changed definition). */
    'mcp.reconnect': { params: server, value: z.null() },
    /** Start the server's OAuth sign-in: the URL to open in a browser; the server connects once it is done. */
    'mcp.authenticate': { params: server, value: z.object({ url: z.string().url() }) },
    /** What the server wrote to stderr, its most recent part. */
    'mcp.log': { params: server, value: z.object({ text: z.string() }) },
    /** A prompt's messages with the arguments filled, as the text of the message the person sends (prompt-messages.ts). */
    'mcp.getPrompt': {
      params: z
        .object({ workspaceId: WorkspaceId, server: McpName, prompt: McpName, arguments: McpPromptArguments })
        .strict(),
      value: z.object({ text: z.string() }),
    },
  } as const satisfies RequestTable<McpMethod>;
});
export type McpRequests = ReturnType<typeof mcpRequests>;
