import { useId } from 'react';
import type { HookInfo } from '../../../electron/contract';
import { useHooks } from '../state/hooks-store';
import { useTrust } from '../state/trust-store';
import { useWorkspace } from '../state/workspace-store';
import { runLabel, sourceLabel, stateLabel, whenLabel } from './hook-labels';

/** One hook: where it was read, when it fires, exactly what it runs, its state, and Trust, Disable/Enable and Run. */
export function HookCard({ hook }: { hook: HookInfo }) {
  const headingId = useId();
  const repositoryTrust = useHooks((s) => s.repositoryTrust);
  const busy = useHooks((s) => s.busy === hook.id);
  const run = useHooks((s) => s.runs[hook.id]);
  const store = useHooks.getState();
  const state = stateLabel(hook);
  const fromRepository = hook.source.scope === 'repository';
  const repositoryFirst = fromRepository && !hook.trusted && repositoryTrust === 'untrusted';
  const { relative } = hook.source;

  return (
    <section className={`hook-card hook-${state.replace(' ', '-')}`} aria-labelledby={headingId}>
      <header className="hook-head">
        <h3 id={headingId} className="hook-name">
          {hook.name}
        </h3>
        <span className="hook-state state-badge" role="status">
          {state}
        </span>
        {!hook.trusted && !hook.enabled && <span className="pane-note">disabled</span>}
      </header>
      <div className="hook-when">{whenLabel(hook)}</div>
      <div className="hook-source">
        {sourceLabel(hook.source)} ·{' '}
        {relative ? (
          <button
            type="button"
            className="link-button hook-file"
            title={`Show ${relative}`}
            onClick={() => useWorkspace.getState().selectFile(relative)}
          >
            {relative}
          </button>
        ) : (
          <span className="hook-file">{hook.source.file}</span>
        )}
        {hook.source.position && <span className="pane-note"> {hook.source.position}</span>}
      </div>
      {hook.description && <div className="hook-desc">{hook.description}</div>}
      <div className="hook-action">
        {hook.action.kind === 'command' ? (
          <>
            {hook.trusted ? 'Runs ' : 'Would run '}
            <code>{hook.action.command}</code>
          </>
        ) : (
          <details>
            <summary>{hook.trusted ? 'Asks the agent' : 'Would ask the agent'}</summary>
            <pre tabIndex={0}>{hook.action.prompt}</pre>
          </details>
        )}
      </div>
      {repositoryFirst && (
        <p className="hook-note">
          Defined by the repository, which you have not trusted: review and trust the repository first.
        </p>
      )}
      {fromRepository && !hook.trusted && repositoryTrust === 'changed' && (
        <p className="hook-note">
          The repository&apos;s files changed since you trusted them: trust this hook as it is now.
        </p>
      )}
      <div className="hook-actions">
        {repositoryFirst ? (
          <button type="button" className="button small" onClick={() => useTrust.getState().reviewAgain()}>
            Review repository trust
          </button>
        ) : (
          !hook.trusted && (
            <button type="button" className="button small" disabled={busy} onClick={() => void store.trust(hook.id)}>
              Trust
            </button>
          )
        )}
        <button
          type="button"
          className="button small"
          disabled={busy}
          onClick={() => void store.setEnabled(hook.id, !hook.enabled)}
        >
          {hook.enabled ? 'Disable' : 'Enable'}
        </button>
        {hook.manual && (
          <button
            type="button"
            className="button small"
            disabled={busy || !hook.trusted || !hook.enabled}
            title={!hook.trusted ? 'Trust it first' : !hook.enabled ? 'Enable it first' : undefined}
            onClick={() => void store.run(hook.id)}
          >
            Run
          </button>
        )}
      </div>
      {run && (
        <div role="region" aria-label={`Last run of ${hook.name}`} className={`hook-run run-${run.status}`}>
          <div>{runLabel(run)}</div>
          {run.message && <div className="hook-run-message">{run.message}</div>}
          {run.output && <pre tabIndex={0}>{run.output}</pre>}
        </div>
      )}
    </section>
  );
}
