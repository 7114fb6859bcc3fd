import './mcp.css';
import { EmptyState } from '../components/empty-state';
import { useMcp } from '../state/mcp-store';
import { useWorkspace } from '../state/workspace-store';
import { McpServerCard } from './mcp-server-card';

/**
 * The workspace's MCP servers as their clients see them: where each was defined, how it is reached, its state,
 * its tools with a switch each, its prompts and resources, and Reconnect, Authenticate and Show log.
 */
export function McpPane() {
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const servers = useMcp((s) => s.servers);
  const loaded = useMcp((s) => s.loaded);
  const error = useMcp((s) => s.error);

  if (!workspaceId)
    return <EmptyState title="No folder open">Open a folder to see the MCP servers its sessions can use.</EmptyState>;
  return (
    // Focusable: when the pane is short, even its empty state scrolls, and the keyboard must scroll it too.
    <div className="mcp-pane" tabIndex={0}>
      {error && (
        <p className="pane-message tone-error" role="alert">
          {error}
        </p>
      )}
      {loaded && !servers.length ? (
        <EmptyState title="No MCP servers">
          Define one in config.toml ([mcp_servers.NAME]), in .kiro/settings/mcp.json, or with trellis mcp add.
        </EmptyState>
      ) : (
        <ul className="mcp-servers" aria-label="MCP servers">
          {servers.map((server) => (
            <li key={server.name}>
              <McpServerCard server={server} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
