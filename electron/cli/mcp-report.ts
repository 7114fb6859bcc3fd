import { secretMasker, serverSecretValues } from '../core/mcp/secret-masker';
import { approvalModeFor } from '../core/mcp/mcp-approval';
import { transportLine } from '../core/mcp/mcp-command-line';
import type {
  McpServerDefinition,
  McpServerSource,
  McpServerState,
  McpServerStatus,
  McpToolApprovalMode,
} from '../core/mcp/mcp-types';

/** One server as `trellis mcp list/get` prints it (and as `--json` gives it): names of variables, never values. */
export interface McpServerReport {
  name: string;
  source: McpServerSource;
  transport: 'stdio' | 'http';
  /** The command line, or the URL; values of the person's secret variables expanded into it are masked. */
  target: string;
  cwd?: string;
  /** Variables set for the server or passed through to it: names only. */
  env: string[];
  /** Headers sent: names only; `bearerTokenEnvVar` names the variable holding the token. */
  headers: string[];
  bearerTokenEnvVar?: string;
  enabled: boolean;
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  defaultApprovalMode: McpToolApprovalMode;
  /** After a connection attempt; absent with --no-connect for a server that would start. */
  status?: McpServerStatus;
  error?: string;
  tools: {
    name: string;
    qualifiedName?: string;
    enabled: boolean;
    approvalMode: McpToolApprovalMode;
    description?: string;
  }[];
  prompts: string[];
  resources: string[];
}

export function describeServer(
  definition: McpServerDefinition,
  state: McpServerState | undefined,
  repositoryTrusted: boolean,
  env: NodeJS.ProcessEnv,
): McpServerReport {
  const { transport } = definition;
  // The server's own values too: a failing server's stderr (in `error`) may echo what it was given.
  const mask = secretMasker({ ...env, ...serverSecretValues(definition, env) });
  const idle: McpServerStatus | undefined = !definition.enabled
    ? 'disabled'
    : definition.source.scope === 'repository' && !repositoryTrusted
      ? 'untrusted'
      : undefined;
  const status = state?.status ?? idle;
  const error = state?.error ?? (status === 'untrusted' ? 'the repository is not trusted: trellis trust' : undefined);
  // Connected, the server's own list; otherwise the tools the definition names.
  const tools = state?.tools.length
    ? state.tools.map((t) => ({
        name: t.name,
        qualifiedName: t.qualifiedName,
        enabled: t.enabled,
        approvalMode: approvalModeFor(definition, t.name),
        ...(t.description ? { description: firstLine(t.description) } : {}),
      }))
    : [
        ...new Set([
          ...(definition.enabledTools ?? []),
          ...definition.disabledTools,
          ...Object.keys(definition.toolApprovalModes),
        ]),
      ].map((name) => ({
        name,
        enabled: (definition.enabledTools?.includes(name) ?? true) && !definition.disabledTools.includes(name),
        approvalMode: approvalModeFor(definition, name),
      }));
  return {
    name: definition.name,
    source: definition.source,
    transport: transport.kind,
    target: mask(transportLine(transport)),
    ...(transport.kind === 'stdio' && transport.cwd ? { cwd: transport.cwd } : {}),
    env: transport.kind === 'stdio' ? [...Object.keys(transport.env), ...transport.envVars] : [],
    headers: transport.kind === 'http' ? [...Object.keys(transport.headers), ...Object.keys(transport.envHeaders)] : [],
    ...(transport.kind === 'http' && transport.bearerTokenEnvVar
      ? { bearerTokenEnvVar: transport.bearerTokenEnvVar }
      : {}),
    enabled: definition.enabled,
    required: definition.required,
    startupTimeoutMs: definition.startupTimeoutMs,
    toolTimeoutMs: definition.toolTimeoutMs,
    defaultApprovalMode: definition.defaultApprovalMode,
    ...(status ? { status } : {}),
    ...(error ? { error: mask(error) } : {}),
    tools,
    prompts: state?.prompts.map((p) => p.name) ?? [],
    resources: state?.resources.map((r) => r.uri) ?? [],
  };
}

const FORMAT = { 'codex-toml': 'Codex config.toml', 'kiro-json': 'Kiro mcp.json' };

/** The text form: a heading line per server, then what it is and what it offers; `detail` for `get`. */
export function serverLines(report: McpServerReport, detail: boolean): string[] {
  const { source } = report;
  const lines = [
    `${report.name}  ${report.status ?? 'not connected (--no-connect)'}  ${report.transport}  ${report.target}`,
    `  defined in ${source.file}${source.line ? `:${source.line}` : ''} (${FORMAT[source.format]}, ${source.scope === 'repository' ? "the repository's" : 'yours'})`,
  ];
  if (report.error) lines.push(`  error: ${report.error}`);
  if (report.cwd) lines.push(`  cwd: ${report.cwd}`);
  if (report.env.length) lines.push(`  env: ${report.env.join(', ')} (values not shown)`);
  if (report.headers.length) lines.push(`  headers: ${report.headers.join(', ')} (values not shown)`);
  if (report.bearerTokenEnvVar) lines.push(`  bearer token from: $${report.bearerTokenEnvVar}`);
  if (detail) {
    lines.push(
      `  required: ${report.required ? 'yes' : 'no'}; startup timeout ${report.startupTimeoutMs / 1000} s; tool timeout ${report.toolTimeoutMs / 1000} s; approval by default: ${report.defaultApprovalMode}`,
    );
    for (const tool of report.tools)
      lines.push(
        `  tool ${tool.name} (${tool.enabled ? tool.approvalMode : 'off'})${tool.qualifiedName ? ` as ${tool.qualifiedName}` : ''}${tool.description ? `: ${tool.description}` : ''}`,
      );
    if (report.prompts.length) lines.push(`  prompts: ${report.prompts.join(', ')}`);
    if (report.resources.length) lines.push(`  resources: ${report.resources.join(', ')}`);
  } else if (report.tools.length) {
    lines.push(`  tools: ${report.tools.map((t) => `${t.name} (${t.enabled ? t.approvalMode : 'off'})`).join(', ')}`);
  }
  // Names and descriptions come from files and servers: no escape sequence of theirs reaches the terminal.
  return lines.map((line) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0]!;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
