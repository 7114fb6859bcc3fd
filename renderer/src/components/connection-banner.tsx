import { useEffect, useState } from 'react';
import { api } from '../state/api-instance';

/** Says why this page cannot reach Trellis (a used link, an ended session) and what to do; nothing shows while it works. */
export function ConnectionBanner() {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => api().onConnectionProblem?.(setProblem), []);
  if (!problem) return null;
  return (
    <div className="error-banner connection-banner" role="alert" aria-label="Connection">
      <span>{problem}</span>
    </div>
  );
}
