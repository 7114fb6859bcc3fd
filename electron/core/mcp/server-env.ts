import type { McpStdioDefinition } from './mcp-types';

/**
 * The variables a stdio server is given on top of a minimal base (PATH, HOME...): those its definition sets and
 * those it names from Trellis's environment (`env_vars`). Nothing else of Trellis's environment (API keys,
 * tokens) reaches the process.
 */
export function stdioServerEnv(definition: McpStdioDefinition, env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of definition.transport.envVars) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return { ...picked, ...definition.transport.env };
}
