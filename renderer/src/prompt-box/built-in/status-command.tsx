import { useSession } from '../../state/session-store';
import { useSessionStatus } from '../../state/session-status-store';
import type { BuiltInContext } from '../commands';
import { contextText } from '../context-meter';

/** `/status`: a card with what the session runs with and how much it used; its figures follow the session. */
export async function showStatus(_args: string, ctx: BuiltInContext): Promise<string | null> {
  await useSessionStatus.getState().refresh();
  if (!useSessionStatus.getState().status)
    return 'No model is configured yet: set model in config.toml (or pick a provider with a default model).';
  ctx.showCard(<StatusCard />);
  return null;
}

function StatusCard() {
  const status = useSessionStatus((s) => s.status);
  const contextTokens = useSessionStatus((s) => s.contextTokens);
  const usage = useSession((s) => s.usage);
  const started = useSession((s) => s.sessionId !== null);
  if (!status) return null;
  const rows: [string, string][] = [
    ['Model', status.model],
    ['Reasoning effort', status.reasoningEffort ?? 'the model’s default'],
    ['Provider', status.provider],
    ['Sandbox', status.sandboxMode],
    ['Approval policy', status.approvalPolicy],
    [
      'Tokens used',
      `${(usage.inputTokens + usage.outputTokens).toLocaleString('en')} (${usage.inputTokens.toLocaleString('en')} in, ${usage.outputTokens.toLocaleString('en')} out)`,
    ],
    ['Context used', contextText(contextTokens, status.contextWindowTokens)],
  ];
  return (
    <section aria-label="Session status" className="command-card-body">
      <h3 className="command-card-title">{started ? 'This session' : 'A new session would start with'}</h3>
      <dl className="status-rows">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
