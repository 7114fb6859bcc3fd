import './hooks.css';
import { showHooksTab } from '../panes/extensions-pane';
import { useTrust } from '../state/trust-store';
import type { HookMomentItem, HookRunView } from './transcript-hook-items';

/** Each status has its own word and mark, so it never rests on colour alone. */
const STATUS: Record<HookRunView['status'], { label: string; mark: string }> = {
  running: { label: 'Running', mark: '…' },
  completed: { label: 'Completed', mark: '✓' },
  blocked: { label: 'Blocked', mark: '⊘' },
  failed: { label: 'Failed', mark: '✕' },
};

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What the folded line says of the run: its status message while it runs, a block's reason, else its first line. */
function preview(run: HookRunView): string {
  if (run.status === 'running') return run.statusMessage ?? '';
  if (run.reason) return run.reason;
  if (run.suppressOutput) return '';
  return run.output.trim().split('\n')[0] ?? '';
}

function HookRunLine({ run }: { run: HookRunView }) {
  const status = STATUS[run.status];
  const said = preview(run);
  return (
    <div className={`th-run status-${run.status}`} role="group" aria-label={`Hook ${run.hook}: ${status.label}`}>
      <details>
        <summary>
          <span className={`th-status status-${run.status}`}>
            <span aria-hidden="true">{status.mark}</span> {status.label}
          </span>
          {run.durationMs !== null && <span className="th-time">{duration(run.durationMs)}</span>}
          {/* Codex's hooks are named by their place (PreToolUse[0].hooks[0]): the event is said once. */}
          {!run.hook.startsWith(run.event) && <span className="th-event">{run.event}</span>}
          <code className="th-name">{run.hook}</code>
          <span className="th-file" title={run.file}>
            {run.shownFile}
          </span>
          {said && <span className="th-preview">{said}</span>}
        </summary>
        <div className="th-detail">
          <div className="command-cwd">
            {run.file}
            {run.exitCode !== null && ` · exit ${run.exitCode}`}
          </div>
          {run.reason && <div className="th-reason">Reason: {run.reason}</div>}
          {run.status !== 'running' && (
            <pre className="command-output" tabIndex={0} role="group" aria-label={`Output of ${run.hook}`}>
              {run.output || '(no output)'}
            </pre>
          )}
        </div>
      </details>
      {run.systemMessage && <div className="th-message">{run.systemMessage}</div>}
    </div>
  );
}

/** The hooks of one moment: a line per run, each folding its output away. */
export function HookMomentEntry({ item }: { item: HookMomentItem }) {
  return (
    <div className="entry entry-hooks" role="group" aria-label={`${item.event} hooks`}>
      {item.runs.map((run) => (
        <HookRunLine key={run.runId} run={run} />
      ))}
    </div>
  );
}

/** A repository's hooks that were not run: the engine's sentence, the Hooks tab, and the trust review if one is open. */
export function HooksUntrustedEntry({ text }: { text: string }) {
  const canReview = useTrust((s) => !!s.trust?.needsDecision);
  const review = useTrust((s) => s.reviewAgain);
  return (
    <div className="entry entry-hooks-untrusted" role="note" aria-label="Hooks not run">
      <strong>Hooks not run.</strong> {text}
      <div className="th-note-actions">
        <button type="button" className="link-button" onClick={showHooksTab}>
          Show hooks
        </button>
        {canReview && (
          <button type="button" className="link-button" onClick={review}>
            Review this repository&apos;s trust
          </button>
        )}
      </div>
    </div>
  );
}
