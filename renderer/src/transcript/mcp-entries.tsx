import { annotationLabels } from '../mcp/mcp-labels';
import type { TranscriptItem } from './transcript-items';

type McpCall = Extract<TranscriptItem, { kind: 'mcp-call' }>;
type McpApproval = NonNullable<Extract<TranscriptItem, { kind: 'approval' }>['mcp']>;

/** Arguments as the model sent them, indented when they are JSON (they are JSON text from the model, so maybe not). */
function shownArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One call of an MCP tool: server · tool, its state and time, arguments and output folded. */
export function McpCallEntry({ item }: { item: McpCall }) {
  const status = item.running ? 'running' : item.isError ? 'failed' : 'completed';
  return (
    <div className="entry entry-command entry-mcp" role="group" aria-label={`MCP call ${item.server} · ${item.tool}`}>
      <div className="command-line">
        <code>
          {item.server} · {item.tool}
        </code>
        <span className={`exit ${item.running ? '' : item.isError ? 'bad' : 'ok'}`}>
          {status}
          {item.durationMs !== null && ` · ${duration(item.durationMs)}`}
        </span>
      </div>
      <details>
        <summary className="command-cwd">Arguments</summary>
        <pre className="command-output" tabIndex={0}>
          {shownArguments(item.arguments)}
        </pre>
      </details>
      {!item.running && (
        <details>
          <summary className="command-cwd">{item.isError ? 'Error' : 'Output'}</summary>
          <pre className="command-output" tabIndex={0}>
            {item.output || '(empty)'}
          </pre>
        </details>
      )}
    </div>
  );
}

/** What an MCP tool approval asks about: the server, the tool, what the server says of it, and the arguments. */
export function McpApprovalDetails({ mcp }: { mcp: McpApproval }) {
  const hints = annotationLabels(mcp.annotations);
  return (
    <>
      <code>
        {mcp.server} · {mcp.tool}
      </code>
      <div className="command-cwd">
        {hints.length ? `The server marks it ${hints.join(', ')}.` : 'The server says nothing of what it does.'}
      </div>
      <pre className="command-output" tabIndex={0} role="group" aria-label="Arguments">
        {shownArguments(mcp.arguments)}
      </pre>
    </>
  );
}
