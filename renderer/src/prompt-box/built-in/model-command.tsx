import { useId, useState, type FormEvent } from 'react';
import type { ReasoningEffort } from '../../../../electron/contract';
import { useSessionStatus } from '../../state/session-status-store';
import type { BuiltInContext } from '../commands';

/** The reasoning efforts config.toml's model_reasoning_effort takes. */
const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const isEffort = (word: string): word is ReasoningEffort => (EFFORTS as readonly string[]).includes(word);

/**
 * `/model [MODEL [EFFORT]]`: switch the session's model (and reasoning effort) from its next request. Without
 * arguments, a card to choose from the models config.toml's provider offers, or to type another.
 */
export async function switchModel(args: string, ctx: BuiltInContext): Promise<string | null> {
  const store = useSessionStatus.getState();
  if (!args) {
    await store.refresh();
    ctx.showCard(<ModelCard onSwitched={(text) => ctx.showCard(<SwitchedNote text={text} />)} />);
    return null;
  }
  const [model, effort, ...rest] = args.split(/\s+/);
  if (rest.length) return 'Usage: /model MODEL [EFFORT], or /model alone to choose from a list.';
  if (effort !== undefined && !isEffort(effort))
    return `“${effort}” is no reasoning effort; use one of ${EFFORTS.join(', ')}.`;
  const failed = await store.setModel(model, effort);
  if (failed) return failed;
  ctx.showCard(<SwitchedNote text={switchedText()} />);
  return null;
}

function switchedText(): string {
  const status = useSessionStatus.getState().status;
  if (!status) return 'Switched.';
  const effort = status.reasoningEffort ? ` with ${status.reasoningEffort} reasoning effort` : '';
  if (!useSessionStatus.getState().sessionId) return `The new session will start on ${status.model}${effort}.`;
  return `This session now uses ${status.model}${effort}, from its next request.`;
}

function SwitchedNote({ text }: { text: string }) {
  return (
    <p className="command-card-body" role="status">
      {text}
    </p>
  );
}

function ModelCard({ onSwitched }: { onSwitched(text: string): void }) {
  const status = useSessionStatus((s) => s.status);
  const models = useSessionStatus((s) => s.models);
  const listId = useId();
  const [model, setModel] = useState(status?.model ?? '');
  const [effort, setEffort] = useState<ReasoningEffort | ''>('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const failed = await useSessionStatus.getState().setModel(model.trim(), effort || undefined);
    if (failed) setError(failed);
    else onSwitched(switchedText());
  };
  return (
    <form className="command-card-body model-form" aria-label="Switch model" onSubmit={submit}>
      <h3 className="command-card-title">
        Model: {status?.model ?? 'none configured'}
        {status?.reasoningEffort ? `, ${status.reasoningEffort} effort` : ''}
      </h3>
      <label>
        Model
        <input
          list={listId}
          value={model}
          onChange={(e) => setModel(e.target.value)}
          required
          autoFocus
          spellCheck={false}
        />
        <datalist id={listId}>
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label>
        Reasoning effort
        <select value={effort} onChange={(e) => setEffort(isEffort(e.target.value) ? e.target.value : '')}>
          <option value="">Keep {status?.reasoningEffort ?? 'the default'}</option>
          {EFFORTS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="prompt-notice" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={!model.trim()}>
        Switch
      </button>
    </form>
  );
}
