import './hooks.css';
import { EmptyState } from '../components/empty-state';
import { useHooks } from '../state/hooks-store';
import { useWorkspace } from '../state/workspace-store';
import { HookCard } from './hook-card';

/**
 * Every hook the workspace's sessions see (the Trellis home's and the repository's, Codex's and Kiro's formats):
 * each with its source, event, action and state, and the files that could not be read.
 */
export function HooksPane() {
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const hooks = useHooks((s) => s.hooks);
  const diagnostics = useHooks((s) => s.diagnostics);
  const loaded = useHooks((s) => s.loaded);
  const error = useHooks((s) => s.error);

  if (!workspaceId)
    return <EmptyState title="No folder open">Open a folder to see the hooks its sessions run.</EmptyState>;
  return (
    // Focusable: when the pane is short, even its empty state scrolls, and the keyboard must scroll it too.
    <div className="hooks-pane" tabIndex={0}>
      {error && (
        <p className="pane-message tone-error" role="alert">
          {error}
        </p>
      )}
      {diagnostics.length > 0 && (
        <section className="hook-diagnostics" aria-label="Hook files not read">
          <h3>Not read ({diagnostics.length})</h3>
          <ul>
            {diagnostics.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
      {loaded && !hooks.length ? (
        <EmptyState title="No hooks">
          Add one in .codex/hooks.json, .kiro/hooks/, a Kiro agent file, or the Trellis home&apos;s hooks.json.
        </EmptyState>
      ) : (
        <ul className="hook-list" aria-label="Hooks">
          {hooks.map((hook) => (
            <li key={hook.id}>
              <HookCard hook={hook} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
