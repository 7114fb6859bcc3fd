import { useEffect, useRef } from 'react';
import { useTrust } from '../state/trust-store';

/**
 * Asked when a repository whose own configuration would change what Trellis does is opened (or its
 * files changed since it was trusted): every file, key and value, then Trust or Keep untrusted.
 * A native modal dialog: it takes the focus, keeps Tab inside, leaves the window behind inert, and
 * Escape is the safe answer (Keep untrusted).
 */
export function TrustDialog() {
  const trust = useTrust((s) => s.trust);
  const kept = useTrust((s) => s.keptUntrusted);
  const busy = useTrust((s) => s.busy);
  const error = useTrust((s) => s.error);
  const decide = useTrust((s) => s.decide);
  const keepUntrusted = useTrust((s) => s.keepUntrusted);
  const open = !!trust?.needsDecision && kept !== trust.hash;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);
  if (!open || !trust) return null;
  return (
    <dialog
      ref={dialog}
      className="modal trust-dialog"
      aria-labelledby="trust-title"
      onCancel={(e) => {
        e.preventDefault();
        keepUntrusted();
      }}
    >
      <h2 id="trust-title">
        {trust.state === 'changed'
          ? "This repository's configuration changed since you trusted it"
          : "Trust this repository's configuration?"}
      </h2>
      <p>
        <code>{trust.repo}</code> ships settings that would change how its agents run. Until you trust them, they are
        ignored: its agents keep your sandbox, approvals, network and provider.
      </p>
      {trust.files.map(({ file, changes }) => (
        <section key={file} className="trust-file">
          <h3>{file}</h3>
          <table>
            <tbody>
              {changes.map((change) => (
                <tr key={change.key}>
                  <th scope="row">{change.key}</th>
                  <td>
                    <code>{change.value}</code>
                  </td>
                  <td className="trust-reason">{change.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {trust.problems.length > 0 && (
        <ul className="trust-problems">
          {trust.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="trust-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" disabled={busy} onClick={keepUntrusted}>
          Keep untrusted
        </button>
        <button type="button" className="button danger" disabled={busy} onClick={() => void decide(true)}>
          Trust
        </button>
      </div>
    </dialog>
  );
}
