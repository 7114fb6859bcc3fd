import { useState } from 'react';
import { shownMode, togglePlanMode, usePlanMode } from '../state/plan-mode-store';

/** The session's plan mode, on or off (also Shift+Tab in the prompt box, and /plan). */
export function PlanModeSwitch() {
  const mode = usePlanMode(shownMode);
  const pending = usePlanMode((s) => s.requested !== null);
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button plan-mode-switch"
        aria-pressed={mode === 'plan'}
        title="In plan mode the agent reads and proposes a plan; Trellis keeps it from changing anything (Shift+Tab)"
        onClick={() => void togglePlanMode().then(setRefused)}
      >
        Plan mode
      </button>
      {pending && <span className="plan-mode-pending">switching at the agent&apos;s next step</span>}
      {refused && (
        <span className="plan-mode-pending" role="alert">
          {refused}
        </span>
      )}
    </>
  );
}
