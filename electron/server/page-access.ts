import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LINK_CREDENTIAL_PREFIX, SESSION_CREDENTIAL_PREFIX } from '../contract';

export const newToken = () => randomBytes(32).toString('base64url');

/** The most page sessions kept at once; the oldest is forgotten first (its tab is told to use a new link). */
const MAX_PAGE_SESSIONS = 200;

export type Admission =
  { ok: true; session: string } | { ok: false; reason: 'link-used' | 'session-unknown' | 'unauthorised' };

/**
 * Who may use the WebSocket. The printed link carries a one-time token in its fragment (never sent in an
 * HTTP request, so never in a Referer, a log or a cookie another port could receive). A page trades it once
 * for a page-session secret, which it keeps in sessionStorage (per origin and port, per tab) to survive
 * reloads. A used link is worthless: a copy of it (shell history, a screenshot) opens nothing. Each use
 * mints the next link, which `trellis serve` prints for the person's next tab.
 */
export class PageAccess {
  private link: string;
  private readonly usedLinks = new Set<string>();
  /** Insertion-ordered, so the oldest session is the first key. */
  private readonly sessions = new Set<string>();

  constructor(
    firstLink: string = newToken(),
    private readonly onNewLink: (token: string) => void = () => {},
  ) {
    this.link = firstLink;
  }

  /** The link token not yet used. */
  get currentLink(): string {
    return this.link;
  }

  /** Admit a WebSocket that offered these subprotocols, or say why not. */
  admit(protocols: Iterable<string>): Admission {
    let linkToken: string | undefined;
    let sessionSecret: string | undefined;
    for (const protocol of protocols) {
      if (protocol.startsWith(LINK_CREDENTIAL_PREFIX)) linkToken = protocol.slice(LINK_CREDENTIAL_PREFIX.length);
      else if (protocol.startsWith(SESSION_CREDENTIAL_PREFIX))
        sessionSecret = protocol.slice(SESSION_CREDENTIAL_PREFIX.length);
    }
    if (sessionSecret !== undefined) {
      for (const known of this.sessions) if (sameSecret(known, sessionSecret)) return { ok: true, session: known };
      if (linkToken === undefined) return { ok: false, reason: 'session-unknown' };
    }
    if (linkToken === undefined) return { ok: false, reason: 'unauthorised' };
    if (sameSecret(this.link, linkToken)) return { ok: true, session: this.redeem() };
    for (const used of this.usedLinks) if (sameSecret(used, linkToken)) return { ok: false, reason: 'link-used' };
    return { ok: false, reason: 'unauthorised' };
  }

  private redeem(): string {
    this.usedLinks.add(this.link);
    this.link = newToken();
    const session = newToken();
    this.sessions.add(session);
    if (this.sessions.size > MAX_PAGE_SESSIONS) this.sessions.delete(this.sessions.values().next().value!);
    this.onNewLink(this.link);
    return session;
  }
}

function sameSecret(known: string, candidate: string): boolean {
  const a = Buffer.from(known);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}
