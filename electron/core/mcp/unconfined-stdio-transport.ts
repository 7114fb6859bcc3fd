import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { McpStdioTransportFactory } from './mcp-types';

/**
 * The SDK's own stdio transport: the server runs as a plain child process, outside the session's sandbox. Only for
 * a server the person marked trusted (`trustedOutsideSandbox`), and for tests; every other stdio server runs through
 * the sandboxed transport. Its environment is the SDK's minimal default plus the server's own variables.
 */
export const unconfinedStdioTransport: McpStdioTransportFactory = (definition, { env, onStderr }) => {
  const { command, args, cwd } = definition.transport;
  const transport = new StdioClientTransport({ command, args, env, cwd, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer | string) => onStderr(chunk.toString()));
  return transport;
};
