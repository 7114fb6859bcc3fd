import { useId } from 'react';
import type { McpServerInfo } from '../../../electron/contract';
import { api } from '../state/api-instance';
import { useMcp } from '../state/mcp-store';
import { annotationLabels, approvalLabel, sourceLabel, sourceLocation, STATUS_LABEL } from './mcp-labels';

/** One server: its definition, state and actions, then its tools, prompts and resources. */
export function McpServerCard({ server }: { server: McpServerInfo }) {
  const headingId = useId();
  const log = useMcp((s) => (s.log?.server === server.name ? s.log : null));
  const store = useMcp.getState();
  const idle = server.status === 'untrusted' || server.status === 'disabled';

  const authenticate = async () => {
    // The desktop opens the system browser from Node; a page opens the sign-in in a tab of its own.
    if (api().shell === 'electron') return void (await store.authenticate(server.name));
    // Opened now, while the click still counts as the person's: a tab opened after the await would be blocked.
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null; // the sign-in page gets no handle on the workbench
    const url = await store.authenticate(server.name);
    if (url && tab) tab.location.href = url;
    else tab?.close();
  };

  return (
    <section className={`mcp-server status-${server.status}`} aria-labelledby={headingId}>
      <header className="mcp-server-head">
        <h3 id={headingId} className="mcp-server-name">
          {server.name}
        </h3>
        {/* A polite live region: a server that dies is announced, not only recoloured. */}
        <span className="mcp-status state-badge" role="status">
          {STATUS_LABEL[server.status]}
        </span>
        {server.restarts > 0 && <span className="pane-note">restarted {server.restarts}×</span>}
      </header>
      <div className="mcp-source" title={sourceLocation(server.source)}>
        {sourceLabel(server.source)} · <span className="mcp-file">{sourceLocation(server.source)}</span>
      </div>
      <div className="mcp-transport">
        {server.transport.kind === 'stdio' ? (
          <>
            {server.status === 'untrusted' ? 'Would run ' : 'Runs '}
            <code>{server.transport.commandLine}</code>
            {server.transport.cwd && <span className="pane-note"> in {server.transport.cwd}</span>}
          </>
        ) : (
          <>
            Calls <code>{server.transport.url}</code>
          </>
        )}
      </div>
      {server.status === 'untrusted' && (
        <p className="mcp-note">Defined by the repository: it starts only once you trust the repository.</p>
      )}
      {server.error && <p className="mcp-error">{server.error}</p>}
      <div className="mcp-actions">
        <button
          type="button"
          className="button small"
          disabled={idle}
          onClick={() => void store.reconnect(server.name)}
        >
          Reconnect
        </button>
        {server.transport.kind === 'http' && (
          <button type="button" className="button small" disabled={idle} onClick={() => void authenticate()}>
            Authenticate
          </button>
        )}
        {/* An untrusted or disabled server never ran: it has no log. */}
        {!idle && (
          <button
            type="button"
            className="button small"
            aria-expanded={Boolean(log)}
            onClick={() => (log ? store.closeLog() : void store.showLog(server.name))}
          >
            {log ? 'Hide log' : 'Show log'}
          </button>
        )}
      </div>
      {log && (
        <div role="region" aria-label={`Log of ${server.name}`} className="mcp-log">
          <pre tabIndex={0}>{log.text || 'Nothing written to stderr yet.'}</pre>
        </div>
      )}
      <McpTools server={server} />
      {server.prompts.length > 0 && (
        <details className="mcp-section">
          <summary>Prompts ({server.prompts.length})</summary>
          <ul>
            {server.prompts.map((p) => (
              <li key={p.name}>
                <code>{p.name}</code>
                {p.arguments.length > 0 && (
                  <span className="pane-note">
                    {' '}
                    ({p.arguments.map((a) => a.name + (a.required ? '' : '?')).join(', ')})
                  </span>
                )}
                {p.description && <div className="mcp-desc">{p.description}</div>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {server.resources.length > 0 && (
        <details className="mcp-section">
          <summary>Resources ({server.resources.length})</summary>
          <ul>
            {server.resources.map((r) => (
              <li key={r.uri}>
                <code>{r.uri}</code> {r.template && <span className="pane-note">template</span>}
                <div className="mcp-desc">{r.name}</div>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function McpTools({ server }: { server: McpServerInfo }) {
  const store = useMcp.getState();
  if (!server.tools.length) return null;
  return (
    <details className="mcp-section" open>
      <summary>
        Tools ({server.tools.filter((t) => t.enabled).length} of {server.tools.length} on)
      </summary>
      <ul className="mcp-tools">
        {server.tools.map((tool) => (
          <li key={tool.name} className="mcp-tool">
            <label className="mcp-switch">
              <input
                type="checkbox"
                role="switch"
                checked={tool.enabled}
                aria-label={`${tool.name} enabled`}
                onChange={(e) => void store.setToolEnabled(server.name, tool.name, e.target.checked)}
              />
              <code className="mcp-tool-name">{tool.name}</code>
            </label>
            {annotationLabels(tool.annotations).map((label) => (
              <span key={label} className={`mcp-hint hint-${label}`}>
                {label}
              </span>
            ))}
            <span className="pane-note">{approvalLabel(tool)}</span>
            {tool.description && <div className="mcp-desc">{tool.description}</div>}
          </li>
        ))}
      </ul>
    </details>
  );
}
