/**
 * Adversarial suite, classes 8 and 13: `trellis serve` attacked as a person on the same machine would
 * (another web server on 127.0.0.1, a leaked link, a raw socket) and as a careless paste would (a huge
 * prompt). The assertions are on the host's side: what the other server received, whether the real
 * `trellis serve` process is still alive, whether the person's own page still works.
 */
import { expect, test, type Page } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { dropFolder } from '../support/drop-folder';
import { mockedHome } from '../support/exec-harness';
import { makeRepo } from '../support/git-repo';
import { startTrellisServer, type TrellisServer } from '../support/trellis-server';
import { canary } from './hostile-world';

const SESSION_KEY = 'trellis.page-session';

/** Another web server on 127.0.0.1, on another port: it records every request it receives, raw. */
async function spyServer(page = '<!doctype html><title>spy</title>') {
  const received: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
}

/** Put text in the prompt box at once, as a paste does (typing a megabyte key by key would take minutes). */
async function pastePrompt(page: Page, text: string) {
  await page.getByLabel('Prompt').evaluate((box: HTMLTextAreaElement, value) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, value);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** The person opens the workbench from the printed link and waits for it to work. */
async function openWorkbench(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByText('Drop a repository here')).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Connection' })).toHaveCount(0);
}

/** Proof the server still serves this page: open a repository and see its tree. */
async function stillWorks(page: Page, server: TrellisServer) {
  expect(server.process.exitCode).toBeNull();
  const repo = makeRepo({ 'still-here.txt': 'yes\n' });
  await dropFolder(page, repo);
  await expect(page.getByRole('treeitem', { name: 'still-here.txt' })).toBeVisible();
}

function wsUrl(server: TrellisServer) {
  return `ws://127.0.0.1:${new URL(server.url).port}/ws`;
}

/** A Node client holding a valid page session (from a fresh printed link), as an attacker with a stolen session would. */
async function sessionSocket(
  server: TrellisServer,
): Promise<{ ws: WebSocket; session: string; closed: Promise<{ code: number; reason: string }> }> {
  const token = new URL(await server.nextUrl()).hash.replace('#token=', '');
  const ws = new WebSocket(wsUrl(server), ['trellis.v1', `trellis.link.${token}`], {
    headers: { origin: server.origin },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on('error', () => {}); // a client writing into a socket the server closed gets EPIPE; the close event is what counts
  const welcome = await new Promise<{ session: string }>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.once('close', () => reject(new Error('closed before the welcome')));
  });
  return { ws, session: welcome.session, closed };
}

/** Perform the WebSocket handshake by hand, so frames can be malformed on purpose. */
async function rawSocket(server: TrellisServer, session: string) {
  const port = Number(new URL(server.url).port);
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let buffer = Buffer.alloc(0);
  socket.on('data', (d) => (buffer = Buffer.concat([buffer, d])));
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: trellis.v1, trellis.session.${session}\r\n\r\n`,
  );
  await expect.poll(() => buffer.includes('\r\n\r\n')).toBe(true);
  expect(buffer.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  const start = buffer.indexOf('\r\n\r\n') + 4;
  /** The server's close frame (code and reason), skipping the frames before it. */
  const closeFrame = async () => {
    let frame: { code: number; reason: string } | undefined;
    await expect
      .poll(() => {
        let at = start;
        while (at + 2 <= buffer.length) {
          const opcode = buffer[at] & 0x0f;
          let length = buffer[at + 1] & 0x7f;
          let header = 2;
          if (length === 126) [length, header] = [buffer.readUInt16BE(at + 2), 4];
          else if (length === 127) [length, header] = [Number(buffer.readBigUInt64BE(at + 2)), 10];
          if (at + header + length > buffer.length) return false;
          if (opcode === 0x8) {
            frame = {
              code: buffer.readUInt16BE(at + header),
              reason: buffer.subarray(at + header + 2, at + header + length).toString('utf8'),
            };
            return true;
          }
          at += header + length;
        }
        return false;
      })
      .toBe(true);
    return frame!;
  };
  return { socket, closeFrame };
}

/** One client frame: FIN and opcode byte, mask bit set (with an all-zero key, so the payload goes as is) unless told not to. */
function frame(firstByte: number, payload: Buffer, options: { masked?: boolean; claimedLength?: number } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = options.claimedLength ?? payload.length;
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (length < 126) header = Buffer.from([firstByte, maskBit | length]);
  else if (length < 65536)
    header = Buffer.concat([Buffer.from([firstByte, maskBit | 126]), Buffer.from([length >> 8, length & 0xff])]);
  else {
    const size = Buffer.alloc(8);
    size.writeBigUInt64BE(BigInt(length));
    header = Buffer.concat([Buffer.from([firstByte, maskBit | 127]), size]);
  }
  return Buffer.concat([header, masked ? Buffer.alloc(4) : Buffer.alloc(0), payload]);
}

test.describe('class 13: the credential reaches no other port, and a link works once', () => {
  test('another server on 127.0.0.1 receives no credential, however the page or the browser reaches it, and cannot use the WebSocket', async ({
    page,
    context,
  }) => {
    const spy = await spyServer();
    const server = await startTrellisServer();
    try {
      const link = server.url;
      const linkToken = new URL(link).hash.replace('#token=', '');
      await openWorkbench(page, link);
      const session = await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
      expect(session).toMatch(/^[\w-]{40,}$/);
      expect(page.url()).toBe(`${server.origin}/`); // the token left the address bar
      expect(await context.cookies()).toEqual([]); // nothing any port would be sent

      // The workbench page itself tries the other port: its CSP stops a fetch and an image before they leave.
      const fromPage = await page.evaluate(async (spyOrigin) => {
        const fetched = await fetch(`${spyOrigin}/fetch`, { credentials: 'include', mode: 'no-cors' }).then(
          () => 'sent',
          () => 'blocked',
        );
        const image = await new Promise((resolve) => {
          const img = new Image();
          img.onload = () => resolve('sent');
          img.onerror = () => resolve('blocked');
          img.src = `${spyOrigin}/img.png`;
        });
        return [fetched, image];
      }, spy.origin);
      expect(fromPage).toEqual(['blocked', 'blocked']);
      // The browser reaches it: another tab, as when the person opens the dev server the agent wrote.
      const other = await context.newPage();
      await other.goto(`${spy.origin}/dev-server`);
      // From there, the other port's page tries the workbench's WebSocket with the credentials it could guess.
      const outcome = await other.evaluate(
        ({ ws, token }) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(ws, ['trellis.v1', `trellis.link.${token}`]);
            socket.onmessage = (m) => resolve(`message ${m.data}`);
            socket.onclose = (e) => resolve(`closed ${e.code}`);
          }),
        { ws: wsUrl(server), token: linkToken },
      );
      expect(outcome).toBe('closed 1006'); // refused at the handshake: a foreign Origin, whatever it offers
      await page.evaluate((spyOrigin) => void (location.href = `${spyOrigin}/navigated`), spy.origin);
      await expect.poll(() => spy.received.some((r) => r.url === '/navigated')).toBe(true);

      expect(spy.received.map((r) => r.url)).toEqual(expect.arrayContaining(['/dev-server', '/navigated']));
      const everything = JSON.stringify(spy.received);
      expect(everything).not.toContain(linkToken);
      expect(everything).not.toContain(session!);
      expect(everything).not.toContain(server.origin); // not even a Referer naming the workbench
      for (const request of spy.received) expect(request.headers.cookie).toBeUndefined();
    } finally {
      await server.stop();
      await spy.close();
    }
  });

  test('the printed link used twice: the second tab is told why and gets nothing; the first reloads; the next printed link works', async ({
    page,
    browser,
  }) => {
    const server = await startTrellisServer();
    const elsewhere = await browser.newContext(); // another browser profile, as a leaked link would be opened
    try {
      const link = server.url;
      await openWorkbench(page, link);

      const second = await elsewhere.newPage();
      await second.goto(link);
      const banner = second.getByRole('alert', { name: 'Connection' });
      await expect(banner).toContainText('already used');
      await expect(banner).toContainText('trellis serve');
      await second.screenshot({ path: 'e2e/screenshots/serve-link-used.png' });
      expect(second.url()).toBe(`${server.origin}/`);
      expect(await second.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull();
      // The same link from a script: refused with a reason, no welcome, no answer.
      const token = new URL(link).hash.replace('#token=', '');
      const raw = new WebSocket(wsUrl(server), ['trellis.v1', `trellis.link.${token}`], {
        headers: { origin: server.origin },
      });
      const messages: string[] = [];
      raw.on('message', (m) => messages.push(String(m)));
      raw.on('open', () => raw.send(JSON.stringify({ type: 'request', id: 1, method: 'recents.list', params: {} })));
      const closed = await new Promise<[number, string]>((resolve) =>
        raw.on('close', (code, reason) => resolve([code, String(reason)])),
      );
      expect(closed).toEqual([4001, expect.stringContaining('already used')]);
      expect(messages).toEqual([]);

      // A made-up token, and a made-up page session, are refused the same way.
      const forged = await elsewhere.newPage();
      await forged.goto(`${server.origin}/#token=${'A'.repeat(43)}`);
      await expect(forged.getByRole('alert', { name: 'Connection' })).toContainText('no valid Trellis link');
      await forged.evaluate((key) => sessionStorage.setItem(key, 'B'.repeat(43)), SESSION_KEY);
      await forged.reload();
      await expect(forged.getByRole('alert', { name: 'Connection' })).toContainText('session has ended');

      await page.reload();
      await stillWorks(page, server);

      const third = await elsewhere.newPage();
      await openWorkbench(third, await server.nextUrl());
    } finally {
      await elsewhere.close();
      await server.stop();
    }
  });
  test('what held keeps holding: a rebound Host, a foreign Origin and a framing page on another port get nothing', async ({
    page,
  }) => {
    const server = await startTrellisServer();
    const port = Number(new URL(server.url).port);
    const spy = await spyServer(`<!doctype html><iframe id="framed" src="${server.origin}/"></iframe>`);
    try {
      await openWorkbench(page, server.url);
      const raw = (headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
        });
      expect(await raw({ host: `rebound.example:${port}` })).toBe(421); // DNS rebinding
      expect(await raw({ origin: 'http://evil.example' })).toBe(403); // cross-site
      expect(await raw({ origin: spy.origin })).toBe(403); // another port
      const session = await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
      for (const headers of [
        { origin: server.origin, host: `rebound.example:${port}` },
        { origin: spy.origin },
        { origin: 'null' },
      ]) {
        const ws = new WebSocket(wsUrl(server), ['trellis.v1', `trellis.session.${session}`], { headers });
        const refused = await new Promise<string>((resolve) => {
          ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
          ws.on('open', () => resolve('open'));
          ws.on('error', () => {});
        });
        expect(refused).toBe('HTTP 403');
      }
      // The other port's page frames the workbench: the browser refuses to render it there.
      const other = await page.context().newPage();
      await other.goto(`${spy.origin}/framing`);
      const framed = await other
        .locator('#framed')
        .contentFrame()
        .locator('body')
        .textContent({ timeout: 5_000 })
        .catch(() => '');
      expect(framed).not.toContain('Drop a repository here');
      await stillWorks(page, server);
    } finally {
      await server.stop();
      await spy.close();
    }
  });
});

test.describe('class 8: one large or malformed message closes only its connection', () => {
  test('a 1.1 MB pasted prompt reaches the model; one over the limits is refused in the window with a sentence', async ({
    page,
  }) => {
    test.slow(); // megabytes through the page, the server and the model on a shared machine
    const repo = makeRepo({ 'README.md': '# big prompt\n' });
    const { home, model } = await mockedHome({ turns: [{ items: [{ type: 'message', text: 'Read it all.' }] }] });
    const server = await startTrellisServer([repo], home);
    try {
      await page.goto(server.url);
      await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
      const marker = canary('pasted');
      const pasted = `${marker}\n${'a pasted log line, over and over\n'.repeat(34_000)}`;
      expect(pasted.length).toBeGreaterThan(1.1e6);
      await pastePrompt(page, pasted);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByRole('log', { name: 'Transcript' }).getByText('Read it all.')).toBeVisible();
      expect(
        model.requests.some((r) => JSON.stringify(r.body).includes(marker) && JSON.stringify(r.body).length > 1.1e6),
      ).toBe(true);

      // Past the prompt limit (4,194,304 characters) but within a message: the server answers with a sentence.
      await pastePrompt(page, 'x'.repeat(4_300_000));
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'the most a prompt may be' })).toBeVisible();
      // Past the message limit (16 MB): the window refuses it before sending, saying the sizes.
      await pastePrompt(page, '€'.repeat(6_000_000));
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(
        page.getByRole('alert').filter({ hasText: 'Trellis accepts up to 16.0 MB per request' }),
      ).toBeVisible();
      expect(server.process.exitCode).toBeNull();
    } finally {
      await server.stop();
    }
  });

  test("a 1.1 MB frame is answered, a 50 MB frame closes its connection with a reason, and the person's page carries on", async ({
    page,
  }) => {
    const server = await startTrellisServer();
    try {
      await openWorkbench(page, server.url);
      const attacker = await sessionSocket(server);
      const answered = new Promise<Record<string, unknown>>((resolve) =>
        attacker.ws.on('message', (d) => resolve(JSON.parse(String(d)))),
      );
      attacker.ws.send(
        JSON.stringify({ type: 'request', id: 1, method: 'recents.list', params: { pad: 'x'.repeat(1_100_000) } }),
      );
      expect(await answered).toMatchObject({
        type: 'response',
        id: 1,
        result: { ok: false, error: { code: 'invalid-params' } },
      });

      attacker.ws.send(
        JSON.stringify({ type: 'request', id: 2, method: 'recents.list', params: { pad: 'x'.repeat(50 * 2 ** 20) } }),
      );
      expect(await attacker.closed).toEqual({ code: 1009, reason: expect.stringContaining('Message too big') });
      await stillWorks(page, server);
    } finally {
      await server.stop();
    }
  });

  test('malformed frames, binary, non-JSON and deeply nested messages each close only their connection, with a reason', async ({
    page,
  }) => {
    const server = await startTrellisServer();
    try {
      await openWorkbench(page, server.url);
      const { session, ws } = await sessionSocket(server);
      ws.close();
      const text = (s: string) => Buffer.from(s);
      const attacks: Array<[string, Buffer[], number]> = [
        ['a reserved opcode', [frame(0x83, text('x'))], 1002],
        ['an unmasked client frame', [frame(0x81, text('{}'), { masked: false })], 1002],
        ['RSV bits with no extension', [frame(0xc1, text('{}'))], 1002],
        ['a ping longer than a control frame may be', [frame(0x89, Buffer.alloc(200))], 1002],
        ['text that is not UTF-8', [frame(0x81, Buffer.from([0xff, 0xfe, 0xfd]))], 1007],
        ['a header claiming 2^40 bytes', [frame(0x81, Buffer.alloc(0), { claimedLength: 2 ** 40 })], 1009],
        [
          'fragments adding up past the limit',
          [frame(0x01, Buffer.alloc(9 * 2 ** 20, 0x20)), frame(0x80, Buffer.alloc(9 * 2 ** 20, 0x20))],
          1009,
        ],
        ['a binary message', [frame(0x82, Buffer.from([1, 2, 3]))], 1003],
        ['text that is not JSON', [frame(0x81, text('{"type":"request",'))], 1003],
        ['JSON that is no request', [frame(0x81, text('[1,2,3]'))], 1003],
        ['JSON nested a million deep', [frame(0x81, text('['.repeat(1_000_000) + ']'.repeat(1_000_000)))], 1003],
      ];
      for (const [name, frames, code] of attacks) {
        const raw = await rawSocket(server, session);
        for (const f of frames) raw.socket.write(f);
        const closed = await raw.closeFrame();
        expect({ name, code: closed.code }).toEqual({ name, code });
        expect(closed.reason.length, `${name} closes with a reason`).toBeGreaterThan(5);
        raw.socket.destroy();
        expect(server.process.exitCode).toBeNull();
      }
      await stillWorks(page, server);
    } finally {
      await server.stop();
    }
  });

  test('without a credential, neither a huge frame, a reset handshake nor a huge HTTP body hurts the server', async ({
    page,
  }) => {
    const server = await startTrellisServer();
    try {
      await openWorkbench(page, server.url);
      // An unauthenticated WebSocket is closed at once; its huge frame is never buffered.
      const nobody = new WebSocket(wsUrl(server), ['trellis.v1'], { headers: { origin: server.origin } });
      nobody.on('error', () => {});
      nobody.on('open', () => nobody.send('x'.repeat(50 * 2 ** 20)));
      // Closed either way: with 4003 when the close frame wins the race against the client's own 50 MB write, or
      // abnormally (1006) when the server drops the socket first on the oversized frame. The code itself is
      // asserted without that race in electron/server/serve.test.ts; what matters here is that the server lives on.
      expect([4003, 1006]).toContain(await new Promise<number>((resolve) => nobody.on('close', resolve)));
      // Handshakes reset by the peer mid-way, refused or not.
      const port = Number(new URL(server.url).port);
      for (const origin of ['http://evil.example', server.origin]) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        await new Promise((r) => socket.once('connect', r));
        socket.write(
          `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
        socket.resetAndDestroy();
      }
      // A POST with a 50 MB body to the page's address. The server may answer and close before reading it all, so
      // the client's own write can fail (EPIPE) on the request, its socket or the response: each is an outcome here,
      // never an error of the test (no keep-alive agent, so the socket is this request's alone).
      const status = await new Promise<number>((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/',
            method: 'POST',
            agent: false,
            headers: { 'content-length': 50 * 2 ** 20 },
          },
          (res) => {
            res.on('error', () => {});
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('socket', (socket) => socket.on('error', () => {}));
        req.on('error', () => resolve(-1));
        req.end(Buffer.alloc(50 * 2 ** 20));
      });
      expect([405, -1]).toContain(status);
      await stillWorks(page, server);
    } finally {
      await server.stop();
    }
  });
});
