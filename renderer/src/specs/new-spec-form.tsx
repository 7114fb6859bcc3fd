import { useState, type FormEvent } from 'react';
import type { SpecKind, SpecWorkflow } from '../../../electron/contract';
import { useSession } from '../state/session-store';
import { useSpecs } from '../state/spec-store';
import { specNameProblem, suggestSpecName } from './suggest-spec-name';

const WORKFLOWS: { value: SpecWorkflow; label: string }[] = [
  { value: 'requirements-first', label: 'Requirements first' },
  { value: 'design-first', label: 'Design first' },
  { value: 'quick', label: 'Quick spec' },
];

/**
 * "New spec": a kebab-case name, feature or bugfix, the workflow (fixed at creation, as in Kiro) and an optional
 * idea. The submit button keeps one label, "Create spec", whatever is typed (a button renamed under the pointer, or
 * under a voice command, is a button lost); the line beside it says what it will do: the agent writes the documents
 * from the idea, or empty templates. Until the person types a name, the name follows the idea.
 */
export function NewSpecForm({ onDone }: { onDone: () => void }) {
  const [typedName, setTypedName] = useState<string | null>(null);
  const [kind, setKind] = useState<SpecKind>('feature');
  const [workflow, setWorkflow] = useState<SpecWorkflow>('requirements-first');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [description, setDescription] = useState('');
  const specs = useSpecs((s) => s.specs);
  const taken = specs.map((spec) => spec.name);
  const name = typedName ?? suggestSpecName(description, taken);
  const nameProblem = specNameProblem(name.trim(), taken);
  const withAgent = description.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (nameProblem) return setError(nameProblem);
    setBusy(true);
    // With an idea to work from, the agent writes the documents stage by stage; without, empty templates.
    const problem = description.trim()
      ? await useSession.getState().startSpec({ name: name.trim(), kind, workflow, description: description.trim() })
      : await useSpecs.getState().create(name.trim(), kind, workflow);
    setBusy(false);
    if (problem) return setError(problem);
    if (withAgent) void useSpecs.getState().showCreated(name.trim());
    onDone();
  };

  return (
    <form className="new-spec-form" aria-label="New spec" onSubmit={submit}>
      <label>
        Idea
        <textarea
          aria-label="Spec idea"
          rows={3}
          autoFocus
          value={description}
          onChange={(e) => {
            setDescription(e.target.value);
            setError(null);
          }}
          placeholder={
            kind === 'bugfix'
              ? 'What goes wrong, and what should happen instead? (the agent writes the spec)'
              : 'What should the feature do? (the agent writes the spec; leave empty for blank templates)'
          }
        />
      </label>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => {
            setTypedName(e.target.value);
            setError(null);
          }}
          placeholder={withAgent ? '' : 'todo-export'}
          aria-label="Spec name"
          aria-invalid={name !== '' && nameProblem !== null}
          aria-describedby="new-spec-name-hint"
          spellCheck={false}
        />
      </label>
      <p id="new-spec-name-hint" className="form-hint">
        {name !== '' && nameProblem && !error
          ? nameProblem
          : typedName === null && name
            ? 'Suggested from the idea; edit it if you like.'
            : 'Kebab-case: lower-case letters, digits and hyphens.'}
      </p>
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy} aria-describedby="new-spec-outcome">
          Create spec
        </button>
      </div>
      <p id="new-spec-outcome" className="form-hint" aria-live="polite">
        {withAgent
          ? 'The agent writes the documents from your idea, stage by stage; you approve each one.'
          : 'Creates the documents as empty templates for you to fill in.'}
      </p>
    </form>
  );
}
