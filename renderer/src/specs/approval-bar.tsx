import { useState } from 'react';
import { useSpecWorkflow } from '../state/spec-workflow-store';

const TITLE = { requirements: 'Requirements', bugfix: 'Bugfix', design: 'Design', tasks: 'Tasks' } as const;

/** The gate of a spec workflow: what the agent is writing, and, once written, Approve / Request changes / Regenerate. */
export function ApprovalBar() {
  const { spec, stage, state, file, error, retry, deciding } = useSpecWorkflow();
  const [comments, setComments] = useState('');
  if (!spec || !stage || !state) return null;
  const title = TITLE[stage];
  if (state === 'writing') {
    return (
      <div className="approval-bar" role="status" aria-label="Spec stage">
        The agent is writing {title.toLowerCase()} for {spec} ({file})…
        {retry && <div className="approval-retry">The model did not answer: {retry}</div>}
      </div>
    );
  }
  if (state === 'failed') {
    return (
      <div className="approval-bar tone-error" role="alert" aria-label="Spec stage">
        Writing {title.toLowerCase()} failed: {error}
        <div className="approval-buttons">
          <button
            type="button"
            className="button"
            disabled={deciding}
            onClick={() => void useSpecWorkflow.getState().decide('regenerate')}
          >
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (state === 'approved') {
    return (
      <div className="approval-bar" role="status" aria-label="Spec stage">
        {title} approved.
      </div>
    );
  }
  const decide = async (decision: 'approve' | 'request-changes' | 'regenerate') => {
    if (await useSpecWorkflow.getState().decide(decision, decision === 'request-changes' ? comments.trim() : undefined))
      setComments('');
  };
  return (
    <form className="approval-bar awaiting" aria-label={`Approve ${title}`} onSubmit={(e) => e.preventDefault()}>
      <p className="approval-question">
        <strong>{title}</strong> for {spec} is written. Read it, then approve it to go on, or ask for changes.
      </p>
      <textarea
        aria-label="Changes to ask for"
        placeholder="What should change? (sent to the agent)"
        rows={2}
        value={comments}
        onChange={(e) => setComments(e.target.value)}
      />
      <div className="approval-buttons">
        <button type="button" className="button primary" disabled={deciding} onClick={() => void decide('approve')}>
          Approve
        </button>
        <button
          type="button"
          className="button"
          disabled={deciding || !comments.trim()}
          onClick={() => void decide('request-changes')}
        >
          Request changes
        </button>
        <button type="button" className="button" disabled={deciding} onClick={() => void decide('regenerate')}>
          Regenerate
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
