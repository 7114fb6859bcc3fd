import { useState, type FormEvent } from 'react';
import { api } from '../state/api-instance';
import { usePlanMode } from '../state/plan-mode-store';
import { useSession } from '../state/session-store';
import { useSpecs } from '../state/spec-store';
import type { TranscriptItem } from './transcript-items';
import './plan-card.css';

type ProposedPlan = Extract<TranscriptItem, { kind: 'proposed-plan' }>;

/** The prompt Implement sends: it names the plan the model itself wrote above, and quotes nothing else. */
export const IMPLEMENT_PROMPT =
  'Implement the plan you proposed above (your last <proposed_plan> block). Plan mode is off: make the changes, then check them as the plan says.';

/** A kebab-case spec name from the plan's title (`# Export todos as CSV` → export-todos-as-csv). */
export function specNameFor(plan: string): string {
  const title = /^#{1,6}\s+(.+)$/m.exec(plan)?.[1] ?? plan.split('\n')[0];
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
}

/**
 * The agent's proposed plan: Implement leaves plan mode and starts the turn that carries it out, Refine sends a
 * comment back (staying in plan mode), Save as spec writes it as `.kiro/specs/<name>/` for the spec pane and a crew.
 */
export function PlanCard({ item }: { item: ProposedPlan }) {
  const running = useSession((s) => s.running);
  const sessionId = useSession((s) => s.sessionId);
  const [open, setOpen] = useState<'refine' | 'save' | null>(null);
  const [comment, setComment] = useState('');
  const [name, setName] = useState(() => specNameFor(item.plan));
  const [said, setSaid] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const busy = running || !sessionId;

  const implement = async () => {
    const refused = await usePlanMode.getState().setMode('default');
    if (refused) return setSaid({ text: refused, tone: 'error' });
    await useSession.getState().send(IMPLEMENT_PROMPT);
  };
  const refine = async (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) return;
    if (await useSession.getState().send(comment.trim())) {
      setComment('');
      setOpen(null);
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!sessionId) return;
    const result = await api().request('session.savePlanAsSpec', { sessionId, turn: item.turn, name: name.trim() });
    if (!result.ok) return setSaid({ text: result.error.message, tone: 'error' });
    setOpen(null);
    setSaid({ text: `Saved as .kiro/specs/${result.value.name}/ (${result.value.files.join(', ')}).`, tone: 'info' });
    await useSpecs.getState().showCreated(result.value.name);
  };

  return (
    // Named by its turn: a session may hold several plans, and each landmark needs a name of its own.
    <section className="entry plan-card" aria-label={`Proposed plan, turn ${item.turn + 1}`}>
      <h3 className="plan-card-title">Proposed plan</h3>
      <div className="plan-card-text">{item.plan}</div>
      {item.superseded ? (
        <p className="plan-card-note">A later plan replaced this one.</p>
      ) : (
        <div className="plan-card-actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void implement()}>
            Implement
          </button>
          <button
            type="button"
            className="button"
            aria-expanded={open === 'refine'}
            disabled={busy}
            onClick={() => setOpen(open === 'refine' ? null : 'refine')}
          >
            Refine
          </button>
          <button
            type="button"
            className="button"
            aria-expanded={open === 'save'}
            onClick={() => setOpen(open === 'save' ? null : 'save')}
          >
            Save as spec
          </button>
        </div>
      )}
      {open === 'refine' && (
        <form className="plan-card-form" onSubmit={refine}>
          <label>
            Comment on the plan
            <textarea value={comment} rows={3} onChange={(e) => setComment(e.target.value)} />
          </label>
          <button type="submit" className="button primary" disabled={busy || !comment.trim()}>
            Send comment
          </button>
        </form>
      )}
      {open === 'save' && (
        <form className="plan-card-form" onSubmit={save}>
          <label>
            Spec name
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="button primary" disabled={!name.trim()}>
            Save spec
          </button>
        </form>
      )}
      {said && (
        <p className={`plan-card-note tone-${said.tone}`} role={said.tone === 'error' ? 'alert' : 'status'}>
          {said.text}
        </p>
      )}
    </section>
  );
}
