import path from 'node:path';
import { KIRO_MCP_JSON, type ProjectTrust } from '../config/project-trust';
import type { ConfigChange } from '../config/role-allowance';
import { parseKiroMcpJson } from './kiro-mcp-json';
import { transportLine } from './mcp-command-line';

/**
 * What trusting the repository lets its `.kiro/settings/mcp.json` do: one line per server with the exact
 * command line it would run or the URL it would reach, as written in the file (`${VAR}` unexpanded), and the
 * variables and headers it would be given, for `trellis trust` and the window's trust dialog.
 */
export function repositoryMcpChanges(trust: ProjectTrust): ConfigChange[] {
  const text = trust.files.find((f) => f.file === KIRO_MCP_JSON)?.text;
  if (text === undefined) return [];
  const { servers } = parseKiroMcpJson(text, {
    file: path.join(trust.repo, KIRO_MCP_JSON),
    shown: KIRO_MCP_JSON,
    scope: 'repository',
    env: null,
  });
  return servers.map((server) => {
    const { transport } = server;
    // Which of the person's variables would flow to the server is what trust is about: `${VAR}` references are
    // shown as written, literal values (the repository's own) by name only.
    const names = Object.entries(transport.kind === 'stdio' ? transport.env : transport.headers).map(([name, value]) =>
      /\$\{/.test(value) ? `${name}=${value}` : name,
    );
    const extra = names.length
      ? ` with ${transport.kind === 'stdio' ? 'variables' : 'headers'} ${names.join(', ')}`
      : '';
    return {
      file: KIRO_MCP_JSON,
      key: `mcpServers.${server.name}`,
      value: transportLine(transport),
      reason: `${transport.kind === 'stdio' ? 'starts this program' : 'connects to this server'}${extra}${server.enabled ? '' : ' (disabled for now)'}`,
    };
  });
}
