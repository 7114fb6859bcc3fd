import { useState, type FormEvent } from 'react';
import { api } from '../state/api-instance';
import { useSession } from '../state/session-store';

/** Offered when a session cannot start for want of a key, in the desktop app (which has a keychain). */
export function ApiKeyForm({ name }: { name: string }) {
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await api().request('secrets.set', { name, value });
    setValue('');
    if (!result.ok) return setStatus(result.error.message);
    setStatus(`${name} is saved in the OS keychain. Send your prompt again.`);
    useSession.setState({ error: null });
  };
  return (
    <form className="api-key-form" onSubmit={submit}>
      <label htmlFor="api-key">Save {name} in the OS keychain</label>
      <div className="row">
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button" disabled={!value}>
          Save
        </button>
      </div>
      {status && <p className="pane-note">{status}</p>}
    </form>
  );
}

/** The variable a "missing API key: set NAME" error asks for. */
export function missingKeyName(error: string | null): string | null {
  return /missing API key: set ([A-Z][A-Z0-9_]*)/.exec(error ?? '')?.[1] ?? null;
}
