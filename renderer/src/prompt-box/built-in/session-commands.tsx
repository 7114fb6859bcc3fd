import type { SessionSummaryInfo } from '../../../../electron/contract';
import type { BuiltInContext } from '../commands';

/** `/new`: an empty session in this workspace; the next message starts it. */
export function newSession(_args: string, { session }: BuiltInContext): string | null {
  if (session.getState().running) return 'The agent is working; stop it before starting a new session.';
  session.getState().newSession();
  return null;
}

/** Enough to pick from; the Sessions list above the transcript holds them all. */
const MAX_LISTED = 10;

/**
 * `/resume`: with words, the session whose id or title holds them; without, a card of this workspace's sessions
 * (most recent first, as the session list has them) to pick from.
 */
export async function resumeSession(args: string, ctx: BuiltInContext): Promise<string | null> {
  const store = ctx.session.getState();
  if (store.running) return 'The agent is working; stop it before resuming another session.';
  await store.refreshSessions();
  const sessions = ctx.session.getState().sessions.filter((s) => s.id !== store.sessionId);
  if (!sessions.length) return 'There is no other session in this workspace to resume.';
  if (args) {
    const q = args.toLowerCase();
    const found =
      sessions.find((s) => s.id === args) ?? sessions.find((s) => sessionTitle(s).toLowerCase().includes(q));
    if (!found) return `No session of this workspace matches “${args}”; type /resume alone to pick from the list.`;
    await ctx.session.getState().resume(found.id);
    return null;
  }
  ctx.showCard(
    <section aria-label="Sessions to resume" className="command-card-body">
      <h3 className="command-card-title">Resume a session</h3>
      <ul className="command-card-list">
        {sessions.slice(0, MAX_LISTED).map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="button"
              onClick={() => {
                ctx.showCard(null);
                void ctx.session.getState().resume(s.id);
              }}
            >
              {sessionTitle(s)}
            </button>
          </li>
        ))}
      </ul>
    </section>,
  );
  return null;
}

const sessionTitle = (s: SessionSummaryInfo) => s.title ?? s.id;
