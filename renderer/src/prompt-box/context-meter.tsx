import { useEffect } from 'react';
import { useSessionStatus } from '../state/session-status-store';
import { useWorkspace } from '../state/workspace-store';

/** "12,400 of 272,000 tokens (5%)": the context in use, as the meter says it and /status shows it. */
export function contextText(used: number, window: number): string {
  const percent = Math.min(100, Math.round((used / window) * 100));
  return `${used.toLocaleString('en')} of ${window.toLocaleString('en')} tokens (${percent}%)`;
}

/** A small meter by the prompt box: how much of the model's context window the session's last request held. */
export function ContextMeter() {
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const window = useSessionStatus((s) => s.status?.contextWindowTokens ?? null);
  const used = useSessionStatus((s) => s.contextTokens);
  useEffect(() => {
    if (workspaceId) void useSessionStatus.getState().refresh();
  }, [workspaceId]);
  if (window === null) return null;
  const share = Math.min(1, used / window);
  const text = contextText(used, window);
  return (
    <div
      className={share >= 0.8 ? 'context-meter full' : 'context-meter'}
      role="meter"
      aria-label="Context window"
      aria-valuemin={0}
      aria-valuemax={window}
      aria-valuenow={Math.min(used, window)}
      aria-valuetext={text}
      title={`Context window: ${text}`}
    >
      <span className="context-meter-bar" aria-hidden="true">
        <span className="context-meter-fill" style={{ width: `${share * 100}%` }} />
      </span>
      <span className="context-meter-text" aria-hidden="true">
        {Math.round(share * 100)}%
      </span>
    </div>
  );
}
