import type { McpServerInfo, McpToolSummary } from '../../../electron/contract';

export const STATUS_LABEL: Record<McpServerInfo['status'], string> = {
  starting: 'starting',
  connected: 'connected',
  failed: 'failed',
  'needs-auth': 'needs authentication',
  disabled: 'disabled',
  untrusted: 'untrusted',
};

/** Where the server was defined, in words: "Codex config.toml (user)" or "Kiro mcp.json (repository)". */
export function sourceLabel(source: McpServerInfo['source']): string {
  const format = source.format === 'codex-toml' ? 'Codex config.toml' : 'Kiro mcp.json';
  return `${format} (${source.scope})`;
}

export function sourceLocation(source: McpServerInfo['source']): string {
  return source.line ? `${source.file}:${source.line}` : source.file;
}

/** The hints a person weighs before letting a tool run; a server declares them, it can also lie. */
export function annotationLabels(annotations: McpToolSummary['annotations']): string[] {
  if (!annotations) return [];
  const labels: string[] = [];
  if (annotations.readOnlyHint) labels.push('read-only');
  if (annotations.destructiveHint) labels.push('destructive');
  if (annotations.openWorldHint) labels.push('open-world');
  return labels;
}

/** What happens when the model calls the tool, in words. */
export function approvalLabel(tool: McpToolSummary): string {
  if (!tool.asksApproval) return 'runs without asking';
  return tool.approvalMode === 'prompt' ? 'asks every time' : 'asks first';
}
