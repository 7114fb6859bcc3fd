import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessageSchema, type ServerMessage, type WorkbenchEvent } from '../contract';
import { CONTENT_SECURITY_POLICY } from '../core/security/content-security-policy';
import type { Workbench, WorkbenchClient } from '../core/workbench/workbench';
import { AccessControl, newToken } from './access-control';
import { serveStatic } from './static-files';

export interface ServeOptions {
  workbench: Workbench;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  /** Open this to use the workbench; it carries the token once, then a cookie does. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** `trellis serve`: the workbench over HTTP and a WebSocket, on loopback, behind a token. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const rendererDir = path.resolve(options.rendererDir);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let access!: AccessControl;

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
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
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) {
      if (!access.tokenMatches(fromQuery)) return deny(res, 401, 'Wrong token. Use the URL `trellis serve` printed.');
      // Trade the token in the address for a same-site, script-proof cookie, and drop it from the address bar.
      res.writeHead(303, { 'Set-Cookie': access.sessionCookie(), Location: url.pathname });
      return res.end();
    }
    if (!access.tokenMatches(access.requestToken(req))) {
      return deny(res, 401, 'This Trellis server needs its token. Open the URL `trellis serve` printed.');
    }
    if (!(await serveStatic(rendererDir, url.pathname, res))) deny(res, 404, 'Not found.');
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://trellis.invalid');
    const allowed =
      url.pathname === '/ws' &&
      access.hostAllowed(req) &&
      access.originAllowed(req, true) &&
      access.tokenMatches(access.requestToken(req));
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.workbench));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  access = new AccessControl(token, host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
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

function attachClient(ws: WebSocket, workbench: Workbench) {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const client: WorkbenchClient = {
    id: randomUUID(),
    send: (event: WorkbenchEvent) => send({ type: 'event', event }),
  };
  ws.on('message', async (data, isBinary) => {
    let message;
    try {
      message = ClientMessageSchema.parse(JSON.parse(isBinary ? '' : data.toString()));
    } catch {
      ws.close(1003, 'Malformed message');
      return;
    }
    const result = await workbench.dispatch(message.method, message.params, client);
    send({ type: 'response', id: message.id, result });
  });
  ws.on('close', () => void workbench.disconnect(client));
}
