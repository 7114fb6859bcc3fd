import './questions.css';
import { useId, useState, type FormEvent } from 'react';
import type { UserQuestion } from '../../../electron/contract';
import { api } from '../state/api-instance';
import { useSession } from '../state/session-store';
import type { QuestionsItem } from './transcript-question-items';

type Draft = Record<string, string | string[]>;

/** One question: a radio or checkbox group for its options, a text field otherwise; labelled by the question. */
function QuestionField({
  q,
  value,
  onChange,
}: {
  q: UserQuestion;
  value: Draft[string] | undefined;
  onChange(v: Draft[string]): void;
}) {
  const id = useId();
  if (!q.options)
    return (
      <div className="question">
        {q.header && <div className="question-header">{q.header}</div>}
        <label htmlFor={id}>{q.question}</label>
        <input
          id={id}
          type="text"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    );
  const picked = Array.isArray(value) ? value : value ? [value] : [];
  return (
    <fieldset className="question">
      <legend>
        {q.header && <span className="question-header">{q.header}: </span>}
        {q.question}
      </legend>
      {q.options.map((o, i) => (
        <div key={o.label} className="question-option">
          <input
            id={`${id}-${i}`}
            type={q.multiple ? 'checkbox' : 'radio'}
            name={id}
            checked={picked.includes(o.label)}
            aria-describedby={o.description ? `${id}-${i}-d` : undefined}
            onChange={(e) =>
              onChange(
                q.multiple ? (e.target.checked ? [...picked, o.label] : picked.filter((p) => p !== o.label)) : o.label,
              )
            }
          />
          <label htmlFor={`${id}-${i}`}>{o.label}</label>
          {o.description && (
            <span id={`${id}-${i}-d`} className="question-description">
              {o.description}
            </span>
          )}
        </div>
      ))}
    </fieldset>
  );
}

/** The agent's questions (request_user_input) as a form in the transcript; once answered, the answers, read-only. */
export function QuestionsEntry({ item }: { item: QuestionsItem }) {
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  if (item.answers || item.withdrawn)
    return (
      <div className="entry entry-questions" role="group" aria-label="The agent's questions">
        <div className="patch-title">The agent asked</div>
        <dl className="question-answers">
          {item.questions.map((q) => (
            <div key={q.id}>
              <dt>{q.question}</dt>
              <dd>{item.answers?.[q.id]?.join(', ') ?? 'Not answered'}</dd>
            </div>
          ))}
        </dl>
        {item.withdrawn && <div className="command-cwd">{item.withdrawn}</div>}
      </div>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sessionId = useSession.getState().sessionId;
    if (!sessionId) return;
    setSending(true);
    // Unanswered questions are left out: Node names the first of them.
    const answers = Object.fromEntries(
      item.questions
        .filter((q) => draft[q.id] !== undefined)
        .map((q) => [q.id, q.options ? draft[q.id] : String(draft[q.id]).trim()]),
    );
    const result = await api().request('session.answer', { sessionId, callId: item.callId, answers });
    setSending(false);
    setError(result.ok ? null : result.error.message);
  };
  return (
    <form className="entry entry-questions" aria-label="The agent's questions" onSubmit={(e) => void submit(e)}>
      <div className="patch-title">The agent asks</div>
      {item.questions.map((q) => (
        <QuestionField key={q.id} q={q} value={draft[q.id]} onChange={(v) => setDraft({ ...draft, [q.id]: v })} />
      ))}
      {error && (
        <p className="question-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={sending}>
        Submit answers
      </button>
    </form>
  );
}
