import { useSteer } from '../state/steer-store';

/** The messages typed while the agent works, waiting for its next model request; each can be taken back. */
export function QueuedMessages({ onRemoved }: { onRemoved(error: string | null): void }) {
  const queued = useSteer((s) => s.queued);
  if (!queued.length) return null;
  return (
    <ul className="queued-messages" aria-label="Queued messages">
      {queued.map((q) => (
        <li key={q.id} className="queued-message">
          <span className="queued-label">Queued</span>
          <span className="queued-text">{q.prompt}</span>
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove queued message: ${q.prompt.slice(0, 60)}`}
            onClick={() => void useSteer.getState().remove(q.id).then(onRemoved)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
