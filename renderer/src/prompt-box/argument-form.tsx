import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { FormField } from './commands';

/**
 * The small form a prompt's arguments or a resource template's variables are filled in: one field each, required
 * ones marked, descriptions as hints. Escape or Cancel closes it; a refusal from Node is shown in it.
 */
export function ArgumentForm({
  title,
  fields,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  fields: FormField[];
  submitLabel: string;
  /** Resolves to null when done, or the sentence saying why not. */
  onSubmit(values: Record<string, string>): Promise<string | null>;
  onCancel(): void;
}) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, ''])),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const refused = await onSubmit(values);
    setBusy(false);
    if (refused) setError(refused);
  };
  return (
    <form
      className="argument-form"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <h3 id={`${id}-title`} className="argument-form-title">
        {title}
      </h3>
      {fields.map((field, index) => (
        <div className="argument-field" key={field.name}>
          <label htmlFor={`${id}-${index}`}>
            {field.name}
            {field.required && <span className="argument-required"> (required)</span>}
          </label>
          <input
            id={`${id}-${index}`}
            ref={index === 0 ? first : undefined}
            value={values[field.name] ?? ''}
            required={field.required}
            aria-describedby={field.description ? `${id}-${index}-hint` : undefined}
            onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
          />
          {field.description && (
            <span id={`${id}-${index}-hint`} className="argument-hint">
              {field.description}
            </span>
          )}
        </div>
      ))}
      {error && (
        <p className="argument-error" role="alert">
          {error}
        </p>
      )}
      <div className="argument-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
