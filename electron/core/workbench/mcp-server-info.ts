import type { McpServerInfo } from '../../contract';
import { approvalModeFor, whyModeAsks } from '../mcp/mcp-approval';
import { shellWord } from '../mcp/mcp-command-line';
import type { McpServerState, McpTransportConfig } from '../mcp/mcp-types';

/** The command line or URL, never an environment value, header value or token: those stay in Node. */
function transportSummary(transport: McpTransportConfig): McpServerInfo['transport'] {
  if (transport.kind === 'http') return { kind: 'http', url: withoutCredentials(transport.url) };
  const commandLine = [transport.command, ...transport.args].map(shellWord).join(' ');
  return transport.cwd ? { kind: 'stdio', commandLine, cwd: transport.cwd } : { kind: 'stdio', commandLine };
}

/** A URL with `user:password@` in it would show a secret: the credentials are masked. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = parsed.username ? '***' : '';
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** One server's client state as the MCP pane shows it. */
export function toServerInfo(state: McpServerState): McpServerInfo {
  const { definition } = state;
  return {
    name: state.name,
    source: { ...definition.source },
    transport: transportSummary(definition.transport),
    status: state.status,
    ...(state.error ? { error: state.error } : {}),
    restarts: state.restarts,
    tools: state.tools.map((tool) => ({
      name: tool.name,
      asksApproval: whyModeAsks(approvalModeFor(definition, tool.name), tool.annotations) !== null,
      qualifiedName: tool.qualifiedName,
      ...(tool.description ? { description: tool.description } : {}),
      enabled: tool.enabled,
      approvalMode: approvalModeFor(definition, tool.name),
      ...(tool.annotations ? { annotations: pickAnnotations(tool.annotations) } : {}),
    })),
    prompts: state.prompts.map((prompt) => ({
      name: prompt.name,
      ...(prompt.description ? { description: prompt.description } : {}),
      arguments: (prompt.arguments ?? []).map((a) => ({
        name: a.name,
        ...(a.description ? { description: a.description } : {}),
        ...(a.required !== undefined ? { required: a.required } : {}),
      })),
    })),
    resources: [
      ...state.resources.map((r) => ({
        uri: r.uri,
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
        template: false,
      })),
      ...state.resourceTemplates.map((r) => ({
        uri: r.uriTemplate,
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
        template: true,
      })),
    ],
  };
}

/** Only the hints the contract knows: a server may send anything else in its annotations. */
function pickAnnotations(a: NonNullable<McpServerState['tools'][number]['annotations']>) {
  const out: Record<string, string | boolean> = {};
  if (typeof a.title === 'string') out.title = a.title;
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
    if (typeof a[key] === 'boolean') out[key] = a[key];
  return out;
}
