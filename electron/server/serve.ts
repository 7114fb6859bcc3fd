import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, WS_CLOSE, WS_PROTOCOL } from '../contract';
import { CONTENT_SECURITY_POLICY } from '../core/security/content-security-policy';
import type { Workbench } from '../core/workbench/workbench';
import { AccessControl } from './access-control';
import { attachClient } from './client-connection';
import { PageAccess, newToken, type Admission } from './page-access';
import { serveStatic } from './static-files';

export interface ServeOptions {
  workbench: Workbench;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** The first link's one-time token (tests); random by default. */
  token?: string;
  /** Told the next link once a page used the current one, so the person can open another tab. */
  onNewLink?: (url: string) => void;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** Open this to use the workbench; its token (in the fragment) opens one tab, once. */
  url: string;
  port: number;
  /** The current link's token. */
  readonly token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const REFUSALS: Record<Exclude<Admission, { ok: true }>['reason'], [number, string]> = {
  'link-used': [WS_CLOSE.linkUsed, 'This link was already used by another tab.'],
  'session-unknown': [WS_CLOSE.sessionUnknown, 'This page session ended (Trellis was restarted).'],
  unauthorised: [WS_CLOSE.unauthorised, 'This Trellis server needs the link `trellis serve` printed.'],
};

/**
 * `trellis serve`: the workbench over HTTP and a WebSocket, on loopback. The page and its assets hold no
 * secret (they are the built renderer, the same for everyone), so HTTP serves them to any request naming
 * our Host and, if it says, our Origin. Everything that acts goes over the WebSocket, which admits a page
 * only with a credential it presents itself (never a cookie: cookies do not separate ports).
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const rendererDir = path.resolve(options.rendererDir);
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // Answer with our protocol name, never echo the credential offered beside it.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((err: Error) => {
      log(`a request failed: ${err.message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!access.hostAllowed(req)) return deny(res, 421, 'Unknown Host.');
    if (!access.originAllowed(req, false)) return deny(res, 403, 'Cross-origin requests are refused.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', 'http://trellis.invalid');
    if (!(await serveStatic(rendererDir, url.pathname, res))) deny(res, 404, 'Not found.');
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener: a peer that resets it must not crash the server.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://trellis.invalid');
    if (url.pathname !== '/ws' || !access.hostAllowed(req) || !access.originAllowed(req, true)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // Judged once the handshake succeeded, so a failed handshake never spends the link.
      const admission = pages.admit(offered);
      // Refusals complete the handshake only to say why in words the page can show; nothing is read.
      if (!admission.ok) {
        ws.on('error', () => ws.terminate());
        ws.on('message', () => ws.terminate());
        return ws.close(...REFUSALS[admission.reason]);
      }
      attachClient(ws, options.workbench, admission.session, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', (err) => log(`the server reported: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  // Declared here, once the port is known; the handlers above first run after listen() has resolved.
  const access = new AccessControl(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  // The token rides in the fragment: browsers never send it to any server, nor put it in a Referer.
  const linkFor = (token: string) => `http://${urlHost}:${port}/#token=${token}`;
  const pages = new PageAccess(options.token ?? newToken(), (token) => options.onNewLink?.(linkFor(token)));

  return {
    url: linkFor(pages.currentLink),
    port,
    get token() {
      return pages.currentLink;
    },
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      // close() waits for every open connection; idle keep-alive ones are closed at once rather than awaited.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function deny(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}
