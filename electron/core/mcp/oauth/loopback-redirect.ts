import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpectedFailure } from '../../errors/expected-failure';

/** The loopback listener of one login: the browser comes back here with `?code=&state=` (RFC 8252 §7.3). */
export interface LoopbackRedirect {
  redirectUrl: string;
  /** The authorization code, once a request carrying the expected state arrives. */
  code: Promise<string>;
  close(): Promise<void>;
}

export interface LoopbackRedirectOptions {
  /** `mcp_oauth_callback_port` when set (a pre-registered client needs a fixed redirect); else a free port. */
  port?: number;
  state: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const CALLBACK_PATH = '/callback';

function page(title: string, text: string): string {
  // Fixed text only: nothing from the request is echoed into the page.
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;
}

/** What an authorization server says when it refuses, kept to one short printable line. */
function refusal(error: string, description: string | null): string {
  const text = description ? `${error}: ${description}` : error;
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
}

/**
 * Listens on 127.0.0.1 for the one redirect of a login. A request with another state is answered 400 and ignored
 * (any local page can send one; it must not end or hijack the login); the first with the right state settles it.
 */
export async function listenForRedirect(options: LoopbackRedirectOptions): Promise<LoopbackRedirect> {
  let settle!: { resolve: (code: string) => void; reject: (err: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Settled before anyone awaits it when the browser is fast; a caller that never waits must not crash the process.
  code.catch(() => undefined);
  let settled = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(title, text));
    };
    if (url.pathname !== CALLBACK_PATH || req.method !== 'GET') return answer(404, 'Not found', 'Nothing here.');
    if (settled || url.searchParams.get('state') !== options.state) {
      return answer(400, 'Not this login', 'This answer does not belong to the login Trellis is waiting for.');
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error || !received) {
      finish(
        new ExpectedFailure(
          'mcp-oauth-refused',
          `The authorization server did not authorize Trellis (${refusal(error ?? 'no code', url.searchParams.get('error_description'))}).`,
        ),
      );
      return answer(400, 'Login failed', 'Trellis was not authorized. You may close this tab.');
    }
    finish(received);
    answer(200, 'Trellis is logged in', 'You may close this tab and return to Trellis.');
  });

  const timer = setTimeout(() => {
    const minutes = Math.max(1, Math.round(options.timeoutMs / 60_000));
    finish(
      new ExpectedFailure(
        'mcp-oauth-timeout',
        `No answer came back from the browser within ${minutes} minute${minutes === 1 ? '' : 's'}; the login was abandoned.`,
      ),
    );
  }, options.timeoutMs);
  timer.unref();
  const onAbort = () => finish(new ExpectedFailure('mcp-oauth-cancelled', 'The login was cancelled.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(result: string | Error): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (typeof result === 'string') settle.resolve(result);
    else settle.reject(result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ExpectedFailure(
              'mcp-oauth-port-busy',
              `Port ${options.port} (mcp_oauth_callback_port) is in use; free it or choose another port for the login.`,
            )
          : err,
      );
    });
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  }).catch((err: Error) => {
    finish(err);
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  if (options.signal?.aborted) onAbort();

  return {
    redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        finish(new ExpectedFailure('mcp-oauth-cancelled', 'The login was cancelled.'));
        // The browser may hold a keep-alive connection open; it must not keep the listener (or the CLI) alive.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
