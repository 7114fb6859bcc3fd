import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetworkProxy, type NetworkProxy } from './network-proxy';
import { refusalNote } from './proxied-executor';

/** A raw exchange with the proxy: what a client (curl, git, npm) sends, and everything that comes back until close. */
function exchange(proxy: NetworkProxy, request: string, afterConnect?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = proxy.socketPath ? net.connect(proxy.socketPath) : net.connect(proxy.port!, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (afterConnect && data.startsWith('HTTP/1.1 200') && data.includes('\r\n\r\n')) {
        socket.write(afterConnect);
        afterConnect = undefined;
      }
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('the allow-hosts network proxy', () => {
  let upstream: http.Server;
  let upstreamPort: number;
  let echo: net.Server;
  let echoPort: number;
  const proxies: NetworkProxy[] = [];
  const start = async (allowHosts: string[], listen: 'unix' | { port: number } = 'unix') => {
    const proxy = await startNetworkProxy({
      allowHosts,
      listen,
      // Names resolve as in a test: allowed.test and rebind.test both lead to this machine's loopback.
      lookup: async (host) => {
        if (host === 'allowed.test' || host === 'rebind.test') return ['127.0.0.1'];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    proxies.push(proxy);
    return proxy;
  };

  beforeAll(async () => {
    upstream = http.createServer((req, res) =>
      res.end(
        `upstream saw ${req.method} ${req.url} host=${req.headers.host} proxy-auth=${req.headers['proxy-authorization'] ?? 'none'}`,
      ),
    );
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as net.AddressInfo).port;
    echo = net.createServer((s) => s.on('data', (d) => s.end(`echo:${d}`)));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    upstream.close();
    echo.close();
  });

  it('forwards plain HTTP to an allowed host, without the proxy credentials', async () => {
    const proxy = await start([`127.0.0.1:${upstreamPort}`]);
    const answer = await exchange(
      proxy,
      `GET http://127.0.0.1:${upstreamPort}/pkg?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\nProxy-Authorization: Basic c2VjcmV0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(`upstream saw GET /pkg?x=1 host=127.0.0.1:${upstreamPort} proxy-auth=none`);
    expect(proxy.refusalCount).toBe(0);
  });

  it('tunnels CONNECT to an allowed host and port', async () => {
    const proxy = await start([`127.0.0.1:${echoPort}`]);
    const answer = await exchange(
      proxy,
      `CONNECT 127.0.0.1:${echoPort} HTTP/1.1\r\nHost: 127.0.0.1:${echoPort}\r\n\r\n`,
      'hello',
    );
    expect(answer).toBe('HTTP/1.1 200 Connection Established\r\n\r\necho:hello');
  });

  it('refuses any other host, or another port of an allowed one, with 403 and a reason; records each refusal', async () => {
    const proxy = await start(['*.example.com', `127.0.0.1:${upstreamPort}`], { port: 0 });
    const other = await exchange(proxy, 'CONNECT evil.com:443 HTTP/1.1\r\nHost: evil.com:443\r\n\r\n');
    expect(other).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(other).toContain(
      'Trellis sandbox: the network proxy refused evil.com:443: not in the allowed hosts (*.example.com, 127.0.0.1:',
    );
    const port = await exchange(
      proxy,
      `GET http://127.0.0.1:${echoPort}/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(port).toMatch(/^HTTP\/1\.1 403/);
    expect(proxy.refusalsSince(0).map((r) => `${r.host}:${r.port}`)).toEqual(['evil.com:443', `127.0.0.1:${echoPort}`]);
    expect(refusalNote(proxy.refusalsSince(0))).toMatch(
      /^The sandbox's network proxy refused evil\.com:443: not in the allowed hosts/,
    );
  });

  it("an allowed name that resolves to this machine's loopback is refused (the host's own services stay out of reach)", async () => {
    const proxy = await start(['rebind.test']);
    const answer = await exchange(proxy, `CONNECT rebind.test:${echoPort} HTTP/1.1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain('it resolves to a local address (127.0.0.1)');
  });

  it('a name that does not resolve is a refusal that says so', async () => {
    const proxy = await start(['nowhere.test']);
    const answer = await exchange(proxy, 'CONNECT nowhere.test:443 HTTP/1.1\r\n\r\n');
    expect(answer).toContain('its name could not be resolved (ENOTFOUND)');
  });

  it('answers a request that is not a proxy request with 400, and keeps serving', async () => {
    const proxy = await start([`127.0.0.1:${upstreamPort}`]);
    expect(await exchange(proxy, 'GET /relative HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400/,
    );
    expect(
      await exchange(proxy, `GET http://127.0.0.1:${upstreamPort}/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 200/);
  });

  it('close() removes its socket and ends open tunnels', async () => {
    const proxy = await start([`127.0.0.1:${echoPort}`]);
    const socket = net.connect(proxy.socketPath!);
    await new Promise((r) => socket.once('connect', r));
    const ended = new Promise((r) => socket.once('close', r));
    await proxy.close();
    await ended;
    await expect(
      new Promise((resolve, reject) => net.connect(proxy.socketPath!).on('connect', resolve).on('error', reject)),
    ).rejects.toThrow(/ENOENT/);
  });
});
