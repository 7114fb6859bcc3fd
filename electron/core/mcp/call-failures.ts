import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * What the model is told when a tool call cannot complete: an error result, never a thrown error or a hang, so the
 * loop carries on and the model can choose another way.
 */
export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

export function unavailableText(server: string, lastError: string | undefined): string {
  return `MCP server ${server} is unavailable: ${lastError ?? 'it is not connected'}`;
}

export function isConnectionClosed(err: unknown): boolean {
  return err instanceof McpError && err.code === ErrorCode.ConnectionClosed;
}

/** One sentence for a call that threw: timed out, cancelled, or refused by the server. */
export function describeCallFailure(server: string, tool: string, err: unknown, timeoutMs: number): string {
  if (err instanceof McpError && err.code === ErrorCode.RequestTimeout)
    return `MCP tool ${tool} on server ${server} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  if (err instanceof Error && err.name === 'AbortError') return `The call to MCP tool ${tool} was cancelled.`;
  const message = err instanceof Error ? err.message : String(err);
  return `MCP tool ${tool} on server ${server} failed: ${message}`;
}
