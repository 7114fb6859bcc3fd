/** MCP servers of the open workspace: their state, tools, switches, reconnect, sign-in and log. Zod-free: the preload imports it. */
export const MCP_METHODS = [
  'mcp.list',
  'mcp.setToolEnabled',
  'mcp.reconnect',
  'mcp.authenticate',
  'mcp.log',
  'mcp.getPrompt',
] as const;
export type McpMethod = (typeof MCP_METHODS)[number];
