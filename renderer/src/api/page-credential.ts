/**
 * The page's credential for `trellis serve`, never a cookie (cookies reach every port on 127.0.0.1).
 * The printed link's one-time token arrives in the fragment and leaves the address bar at once; the
 * page-session secret it is traded for lives in sessionStorage, which is per origin and port and per
 * tab, so a reload keeps working and no other server or tab sees it.
 */
export interface PageCredential {
  /** The printed link's token, until it has been traded. */
  linkToken: string | null;
  session(): string | null;
  saveSession(secret: string): void;
  forgetSession(): void;
}

const SESSION_KEY = 'trellis.page-session';
const TOKEN_PATTERN = /^[\w-]{20,100}$/;

/** Take the token out of `#token=...`, removing it from the address bar (and so from history and bookmarks). */
export function takeLinkToken(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = location,
  hist: Pick<History, 'replaceState'> = history,
): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token === null) return null;
  hist.replaceState(null, '', loc.pathname + loc.search);
  return TOKEN_PATTERN.test(token) ? token : null;
}

export function pageCredential(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeSessionStorage(),
): PageCredential {
  // A new link pasted into this tab changes only the fragment, which does not reload the page: reload to use it.
  window.addEventListener('hashchange', () => {
    if (/(^#|&)token=/.test(location.hash)) location.reload();
  });
  return {
    linkToken: takeLinkToken(),
    session: () => storage?.getItem(SESSION_KEY) ?? null,
    saveSession: (secret) => storage?.setItem(SESSION_KEY, secret),
    forgetSession: () => storage?.removeItem(SESSION_KEY),
  };
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the page still works until it is reloaded
  }
}
