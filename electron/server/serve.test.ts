import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Workbench } from '../core/workbench/workbench';
import { tempDir } from '../core/testing/temp-repo';
import { startServer, type RunningServer } from './serve';

let server: RunningServer;
let workbench: Workbench;
let base: string;

beforeAll(async () => {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trellis</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'outside.txt'), 'secret');
  workbench = new Workbench({ home: tempDir(), app: { name: 'Trellis', version: '1.2.3', platform: 'linux', shell: 'browser', initialPath: null } });
  server = await startServer({ workbench, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await workbench.close();
});

/** A raw HTTP GET, so tests can set the Host and Origin headers a browser would not let them. */
function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

const cookie = () => `trellis-token-${server.port}=${server.token}`;

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('trellis serve', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'trellis-token-1=abc' })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie and a clean address', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    const page = await get('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Trellis</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/', { authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site)', async () => {
    expect((await get('/', { cookie: cookie(), host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get('/', { cookie: cookie(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { cookie: cookie(), host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves only files of the renderer', async () => {
    expect((await get('/assets/app.js', { cookie: cookie() })).status).toBe(200);
    expect((await get('/../outside.txt', { cookie: cookie() })).status).toBe(404);
    expect((await get('/%2e%2e/outside.txt', { cookie: cookie() })).status).toBe(404);
  });

  it('accepts the WebSocket only with the token and our own Origin', async () => {
    await expect(connect({ origin: base })).rejects.toThrow(/403/);
    await expect(connect({ cookie: cookie(), origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ cookie: cookie() })).rejects.toThrow(/403/); // browsers always send Origin
    await expect(connect({ cookie: cookie(), origin: base, host: `rebound.example:${server.port}` })).rejects.toThrow(/403/);
    const ws = await connect({ cookie: cookie(), origin: base });
    ws.close();
  });

  it('answers contract requests over the WebSocket and validates them', async () => {
    const ws = await connect({ cookie: cookie(), origin: base });
    const replies: unknown[] = [];
    const got = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse(String(data)));
        if (replies.length === 2) resolve();
      }),
    );
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app.info', params: {} }));
    ws.send(JSON.stringify({ type: 'request', id: 2, method: 'workspace.open', params: { path: 7 } }));
    await got;
    expect(replies).toContainEqual({ type: 'response', id: 1, result: { ok: true, value: expect.objectContaining({ version: '1.2.3', shell: 'browser' }) } });
    expect(replies).toContainEqual({ type: 'response', id: 2, result: { ok: false, error: expect.objectContaining({ code: 'invalid-params' }) } });
    ws.close();
  });

  it('closes a socket that sends something other than a request envelope', async () => {
    const ws = await connect({ cookie: cookie(), origin: base });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
