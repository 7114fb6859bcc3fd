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
      if (event.declined) return `  not run: ${event.output || 'approval needed (exec never prompts)'}`;
      return `  exit ${event.timedOut ? 'timeout' : (event.exitCode ?? '?')} in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'patch.applied':
      return event.success
        ? `patch: ${event.changes.map((c) => `${c.kind === 'add' ? 'A' : c.kind === 'delete' ? 'D' : 'M'} ${c.path}`).join(', ')}`
        : `patch failed: ${event.error}`;
    case 'review.decided':
      return event.error ? `patch not written: ${event.error}` : null;
    case 'goal.updated': {
      const budget = event.tokenBudget === null ? '' : ` of ${event.tokenBudget}`;
      const note = event.note ? ` · ${oneLine(event.note, 200)}` : '';
      return `goal ${event.state.replace('-', ' ')} · ${event.tokensUsed}${budget} tokens${note}`;
    }
    case 'mode.changed':
      return event.mode === 'plan'
        ? 'mode: plan (read-only sandbox, no patches, until the plan is approved)'
        : 'mode: default (changes allowed)';
    case 'plan.proposed':
      return `plan proposed (${event.plan.split('\n').length} lines)`;
    case 'plan.updated':
      return `plan: ${event.steps.map((s) => `${s.status === 'completed' ? '✓' : s.status === 'in_progress' ? '▸' : '○'} ${s.step}`).join('  ')}`;
    case 'mcp.server':
      return mcpServerLine(event.server, event.state, event.error, event.tools);
    case 'approval.requested':
      // exec answers for itself: the reason says which setting decided (the model gets the same sentence).
      return event.mcp
        ? `mcp: ${event.mcp.server}/${event.mcp.tool} asks for approval: ${oneLine(event.reason ?? '', 300)}`
        : null;
    case 'mcp.call.started':
      return `mcp: ${event.server}/${event.tool} ${oneLine(event.arguments, 120)}`;
    case 'mcp.call.completed':
      return `  ${event.isError ? `error: ${oneLine(event.output, 200)}` : 'ok'} in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'hook.completed':
      return hookLine(event);
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

/** A server's state, one line; a connected one says how many tools it offers, a skipped or failed one why. */
function mcpServerLine(
  server: string,
  state: string,
  error: string | undefined,
  tools: number | undefined,
): string | null {
  switch (state) {
    case 'connected':
      return `mcp: ${server} connected (${tools ?? 0} tools)`;
    case 'untrusted':
      return `mcp: ${server} ${error ?? 'skipped: the repository is not trusted'}`;
    case 'failed':
    case 'needs-auth':
      return `mcp: ${server} ${state === 'failed' ? 'failed' : 'needs authentication'}: ${oneLine(error ?? 'no reason given', 300)}`;
    default:
      return null;
  }
}

/** One line per hook run, when it ends: which hook, for which event, how it went and why. */
function hookLine(event: Extract<SessionEvent, { type: 'hook.completed' }>): string {
  const took = `${(event.durationMs / 1000).toFixed(1)} s`;
  const why = event.reason ?? event.systemMessage;
  const status = event.status === 'completed' ? 'ok' : event.status;
  return `hook: ${event.event} ${event.hook} ${status} in ${took}${why ? `: ${oneLine(why, 300)}` : ''}`;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
