import { useWorkspace } from '../state/workspace-store';

export function ErrorBanner() {
  const error = useWorkspace((s) => s.error);
  const dismiss = useWorkspace((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{error}</span>
      <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss message">
        Dismiss
      </button>
    </div>
  );
}
