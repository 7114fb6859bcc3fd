import { useState, type FormEvent } from 'react';
import type { SpecKind, SpecWorkflow } from '../../../electron/contract';
import { useSession } from '../state/session-store';
import { useSpecs } from '../state/spec-store';

const WORKFLOWS: { value: SpecWorkflow; label: string }[] = [
  { value: 'requirements-first', label: 'Requirements first' },
  { value: 'design-first', label: 'Design first' },
  { value: 'quick', label: 'Quick spec' },
];

/** "New spec": a kebab-case name, feature or bugfix, and the workflow (fixed at creation, as in Kiro). */
export function NewSpecForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SpecKind>('feature');
  const [workflow, setWorkflow] = useState<SpecWorkflow>('requirements-first');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [description, setDescription] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    // With an idea to work from, the agent writes the documents stage by stage; without, empty templates.
    const problem = description.trim()
      ? await useSession.getState().startSpec({ name: name.trim(), kind, workflow, description: description.trim() })
      : await useSpecs.getState().create(name.trim(), kind, workflow);
    setBusy(false);
    if (problem) setError(problem);
    else onDone();
  };

  return (
    <form className="new-spec-form" aria-label="New spec" onSubmit={submit}>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="todo-export" aria-label="Spec name" autoFocus spellCheck={false} />
      </label>
      <label>
        Kind
        <select
          aria-label="Spec kind"
          value={kind}
          onChange={(e) => {
            const next = e.target.value as SpecKind;
            setKind(next);
            if (next === 'bugfix' && workflow === 'design-first') setWorkflow('requirements-first');
          }}
        >
          <option value="feature">Feature</option>
          <option value="bugfix">Bugfix</option>
        </select>
      </label>
      <label>
        Workflow
        <select aria-label="Workflow" value={workflow} onChange={(e) => setWorkflow(e.target.value as SpecWorkflow)}>
          {WORKFLOWS.map((w) => (
            <option key={w.value} value={w.value} disabled={kind === 'bugfix' && w.value === 'design-first'}>
              {kind === 'bugfix' && w.value === 'requirements-first' ? 'Bugfix first' : w.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Idea
        <textarea
          aria-label="Spec idea"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder={kind === 'bugfix' ? 'What goes wrong, and what should happen instead? (the agent writes the spec)' : 'What should the feature do? (the agent writes the spec; leave empty for blank templates)'}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy || !name.trim()}>
          {description.trim() ? 'Write spec with the agent' : 'Create spec'}
        </button>
      </div>
    </form>
  );
}
