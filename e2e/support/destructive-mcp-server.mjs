// A real MCP server (the SDK's McpServer over stdio) with one tool its author marks destructive: the e2e tests
// check that Trellis asks before calling it. The call leaves a file behind (LEDGER_MARKER), so a test can tell
// that it did not run.
import fs from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'ledger', version: '1.0.0' });
server.registerTool(
  'drop-ledger',
  {
    description: 'Deletes every entry of the ledger.',
    inputSchema: { reason: z.string() },
    annotations: { destructiveHint: true },
  },
  async ({ reason }) => {
    if (process.env.LEDGER_MARKER) fs.writeFileSync(process.env.LEDGER_MARKER, reason);
    return { content: [{ type: 'text', text: 'The ledger is empty.' }] };
  },
);
await server.connect(new StdioServerTransport());
