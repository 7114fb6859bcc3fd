import type { SessionEvent } from '../contract';

/** Streaming noise that `--json` leaves out: the completed items carry the same text. */
const STREAMING = new Set(['message.delta', 'exec.output']);

export function jsonLine(event: SessionEvent): string | null {
  return STREAMING.has(event.type) ? null : JSON.stringify(event);
}

/** Human progress for stderr: one short line per step, so stdout keeps only the final answer. */
export function progressLine(event: SessionEvent): string | null {
  switch (event.type) {
    case 'session.started':
      return `trellis · session ${event.session} · ${event.model} via ${event.provider} · sandbox ${event.sandbox} · approval ${event.approval}`;
    case 'message.completed':
      return `assistant: ${event.text}`;
    case 'exec.started':
      return `$ ${event.command}`;
    case 'exec.completed':
      if (event.declined) return `  not run: approval needed (exec never prompts)`;
      return `  exit ${event.timedOut ? 'timeout' : (event.exitCode ?? '?')} in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'patch.applied':
      return event.success
        ? `patch: ${event.changes.map((c) => `${c.kind === 'add' ? 'A' : c.kind === 'delete' ? 'D' : 'M'} ${c.path}`).join(', ')}`
        : `patch failed: ${event.error}`;
    case 'review.decided':
      return event.error ? `patch not written: ${event.error}` : null;
    case 'plan.updated':
      return `plan: ${event.steps.map((s) => `${s.status === 'completed' ? '✓' : s.status === 'in_progress' ? '▸' : '○'} ${s.step}`).join('  ')}`;
    case 'error':
      return `error: ${event.message}`;
    case 'turn.completed':
      return `tokens: ${event.usage.inputTokens} in, ${event.usage.outputTokens} out · $${event.sessionUsage.costUsd.toFixed(4)} this session`;
    case 'turn.failed':
      return `turn failed: ${event.error}`;
    default:
      return null;
  }
}
