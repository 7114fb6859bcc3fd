import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Workbench } from '../core/workbench/workbench';
import { tempDir } from '../core/testing/temp-repo';
import { waitForItem } from '../core/testing/wait-for-item';
import { startServer, type RunningServer } from './serve';

let server: RunningServer;
let workbench: Workbench;
let base: string;
const newLinks: string[] = [];

beforeAll(async () => {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trellis</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'outside.txt'), 'secret');
  workbench = new Workbench({
    home: tempDir(),
    app: { name: 'Trellis', version: '1.2.3', platform: 'linux', shell: 'browser', initialPath: null },
  });
  server = await startServer({ workbench, rendererDir, onNewLink: (url) => newLinks.push(url) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await workbench.close();
});

/** A raw HTTP GET, so tests can set the Host and Origin headers a browser would not let them. */
function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

interface Opened {
  ws: WebSocket;
  /** Every message the server sent, parsed. */
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Open the WebSocket offering these subprotocols; resolves once open (a refused credential is then closed with a reason). */
function connect(protocols: string[], headers: Record<string, string> = { origin: base }): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, protocols, { headers });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => done({ code, reason: String(reason) })),
    );
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** Trade the current link for a page session, as the page does. */
async function pageSession(): Promise<Opened & { session: string }> {
  const opened = await connect(['trellis.v1', `trellis.link.${server.token}`]);
  await waitForItem(opened.messages, () => true);
  expect(opened.messages[0]).toMatchObject({ type: 'welcome', session: expect.stringMatching(/^[\w-]{40,}$/) });
  return { ...opened, session: opened.messages[0].session as string };
}

function request(opened: Opened, id: number, method: unknown, params: unknown = {}) {
  opened.ws.send(JSON.stringify({ type: 'request', id, method, params }));
  return waitForItem(opened.messages, (m) => m.id === id);
}

describe('trellis serve: who gets in', () => {
  it('prints a loopback URL whose token is in the fragment, never sent to a server', () => {
    expect(server.url).toBe(`${base}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the page and its assets (which hold no secret) without any credential, and never sets a cookie', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Trellis</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await get('/?token=anything')).headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site, or another port)', async () => {
    expect((await get('/', { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await get('/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves only files of the renderer', async () => {
    expect((await get('/assets/app.js')).status).toBe(200);
    expect((await get('/../outside.txt')).status).toBe(404);
    expect((await get('/%2e%2e/outside.txt')).status).toBe(404);
  });

  it('refuses the WebSocket at the handshake without our own Origin and Host, whatever the credential', async () => {
    const link = ['trellis.v1', `trellis.link.${server.token}`];
    await expect(connect(link, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(link, { origin: 'http://127.0.0.1:1' })).rejects.toThrow(/403/);
    await expect(connect(link, {})).rejects.toThrow(/403/); // browsers always send Origin
    await expect(connect(link, { origin: base, host: `rebound.example:${server.port}` })).rejects.toThrow(/403/);
  });

  it('closes a WebSocket with no credential or a wrong one, saying why, and answers nothing on it', async () => {
    for (const protocols of [
      ['trellis.v1'],
      ['trellis.v1', 'trellis.link.wrong'],
      ['trellis.v1', `trellis.link.${server.token}x`],
    ]) {
      const opened = await connect(protocols);
      opened.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app.info', params: {} }));
      expect(await opened.closed).toEqual({ code: 4003, reason: expect.stringContaining('needs the link') });
      expect(opened.messages).toEqual([]);
    }
  });

  it('does not spend the link on a handshake that fails', async () => {
    const link = server.token;
    const socket = net.connect(server.port, '127.0.0.1');
    let answer = '';
    const headersRead = new Promise<void>((resolve) =>
      socket.on('data', (d) => {
        answer += d;
        if (answer.includes('\r\n\r\n')) resolve();
      }),
    );
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${base}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 7\r\nSec-WebSocket-Protocol: trellis.v1, trellis.link.${link}\r\n\r\n`,
    );
    await headersRead;
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(server.token).toBe(link);
  });

  it('trades the link once for a page session; the used link is refused, the session admits reloads, the next link works', async () => {
    const usedLink = server.token;
    const first = await pageSession();
    expect(first.ws.protocol).toBe('trellis.v1'); // the credential is never echoed back
    expect(server.token).not.toBe(usedLink);
    expect(newLinks.at(-1)).toBe(`${base}/#token=${server.token}`);

    const again = await connect(['trellis.v1', `trellis.link.${usedLink}`]);
    expect(await again.closed).toEqual({ code: 4001, reason: expect.stringContaining('already used') });

    const reload = await connect(['trellis.v1', `trellis.session.${first.session}`]);
    await waitForItem(reload.messages, () => true);
    expect(reload.messages[0]).toEqual({ type: 'welcome', session: first.session });
    expect(await request(reload, 7, 'app.info')).toMatchObject({ result: { ok: true } });

    const stale = await connect(['trellis.v1', 'trellis.session.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect((await stale.closed).code).toBe(4002);

    const second = await pageSession();
    expect(second.session).not.toBe(first.session);
    for (const o of [first, reload, second]) o.ws.close();
  });
});

describe('trellis serve: what a connection may send', () => {
  it('answers contract requests, unknown requests and wrong params with a result', async () => {
    const page = await pageSession();
    expect(await request(page, 1, 'app.info')).toEqual({
      type: 'response',
      id: 1,
      result: { ok: true, value: expect.objectContaining({ version: '1.2.3', shell: 'browser' }) },
    });
    expect(await request(page, 2, 'workspace.open', { path: 7 })).toMatchObject({
      result: { ok: false, error: { code: 'invalid-params' } },
    });
    expect(await request(page, 3, 'no.such.request')).toMatchObject({
      result: { ok: false, error: { code: 'unknown-method' } },
    });
    page.ws.send(JSON.stringify({ type: 'request', id: 4, method: ['app.info'] }));
    expect(await waitForItem(page.messages, (m) => m.id === 4)).toMatchObject({
      result: { ok: false, error: { code: 'invalid-request', message: expect.stringContaining('method') } },
    });
    expect(await request(page, 5, 'app.info')).toMatchObject({ result: { ok: true } }); // still open
    page.ws.close();
  });

  it.each([
    ['not JSON', 'not json', 1003, 'not JSON'],
    ['JSON without an id', '{"hello":1}', 1003, 'not a Trellis request'],
    ['binary', Buffer.from([0, 1, 2, 3]), 1003, 'Binary'],
  ])(
    'closes a connection that sends %s, with a reason, and keeps serving others',
    async (_name, payload, code, reason) => {
      const other = await pageSession();
      const page = await pageSession();
      page.ws.send(payload);
      expect(await page.closed).toEqual({ code, reason: expect.stringContaining(reason) });
      expect(await request(other, 1, 'app.info')).toMatchObject({ result: { ok: true } });
      other.ws.close();
    },
  );

  it('accepts a request of several MB, and closes one over the limit with a reason while others carry on', async () => {
    const other = await pageSession();
    const page = await pageSession();
    const big = 'x'.repeat(3 * 2 ** 20);
    expect(await request(page, 1, 'session.send', { sessionId: 'nope', prompt: big })).toMatchObject({
      result: { ok: false, error: { code: expect.not.stringMatching(/invalid/) } },
    });
    page.ws.send(
      JSON.stringify({ type: 'request', id: 2, method: 'app.info', params: { pad: 'x'.repeat(17 * 2 ** 20) } }),
    );
    expect(await page.closed).toEqual({ code: 1009, reason: expect.stringContaining('Message too big') });
    expect(await request(other, 1, 'app.info')).toMatchObject({ result: { ok: true } });
    other.ws.close();
  });

  it('survives a peer that resets its socket in the middle of a refused upgrade', async () => {
    for (let i = 0; i < 5; i++) {
      const socket = net.connect(server.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      socket.resetAndDestroy();
    }
    expect((await get('/')).status).toBe(200);
  });
});
