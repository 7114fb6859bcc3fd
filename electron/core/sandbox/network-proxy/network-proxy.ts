import dns from 'node:dns/promises';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { isLocalAddress, matchHost, parseHostPattern, type HostPattern } from './host-allowlist';

/**
 * The proxy a sandbox with `allow-hosts` reaches the network through: an
 * HTTP proxy (CONNECT for TLS and anything else, absolute-URI requests for
 * plain HTTP) that lets through only the allowed hosts. It runs in Trellis's
 * process, outside the sandbox; the sandbox has no route anywhere else. On
 * Linux it listens on a Unix socket bound into the sandbox (the sandbox has
 * its own network namespace); on macOS on a loopback port Seatbelt allows.
 * Names are resolved here, so the sandbox needs no DNS.
 */
export interface NetworkProxyOptions {
  allowHosts: string[];
  /** A Unix socket (made in a private 0700 folder when `'unix'`), or a loopback TCP port (0: any free one). */
  listen: 'unix' | { port: number };
  /** Name resolution, for tests; default the system resolver. */
  lookup?: (host: string) => Promise<string[]>;
}

export interface ProxyRefusal {
  host: string;
  port: number;
  /** In plain words, e.g. "not in the allowed hosts". */
  reason: string;
}

export interface NetworkProxy {
  /** The Unix socket path (listen: 'unix'). */
  socketPath?: string;
  /** The loopback port (listen: { port }). */
  port?: number;
  readonly hosts: HostPattern[];
  /** Refusals since `since` (a value of `refusalCount` taken earlier): what a command was denied. */
  refusalsSince(since: number): ProxyRefusal[];
  readonly refusalCount: number;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 30_000;
/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1), and the proxy's own. */
const HOP_HEADERS = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

export async function startNetworkProxy(options: NetworkProxyOptions): Promise<NetworkProxy> {
  const hosts = options.allowHosts.map(parseHostPattern);
  const lookup =
    options.lookup ??
    (async (host: string) => (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address));
  const refusals: ProxyRefusal[] = [];
  const sockets = new Set<Duplex>();

  /** Where `host:port` may be reached, or why not. */
  const resolve = async (host: string, port: number): Promise<{ address: string } | { refused: string }> => {
    const pattern = matchHost(hosts, host, port);
    if (!pattern)
      return {
        refused: hosts.length
          ? `not in the allowed hosts (${hosts.map((h) => h.source).join(', ')})`
          : 'no hosts are allowed',
      };
    let addresses: string[];
    try {
      addresses = net.isIP(host.replace(/^\[|\]$/g, '')) ? [host.replace(/^\[|\]$/g, '')] : await lookup(host);
    } catch (err) {
      return {
        refused: `its name could not be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      };
    }
    const usable = pattern.local ? addresses : addresses.filter((a) => !isLocalAddress(a));
    if (!usable.length)
      return {
        refused: `it resolves to a local address (${addresses.join(', ')}), which only an allowed IP address or "localhost" may reach`,
      };
    return { address: usable[0] };
  };
  const refuse = (host: string, port: number, reason: string) => {
    refusals.push({ host, port, reason });
    return `Trellis sandbox: the network proxy refused ${host}:${port}: ${reason}.\n`;
  };

  const server = http.createServer(async (req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('Trellis sandbox proxy: send an absolute http:// URL, or CONNECT for anything else.\n');
      return;
    }
    const port = Number(target.port || 80);
    const where = await resolve(target.hostname, port);
    if ('refused' in where) {
      res
        .writeHead(403, { 'content-type': 'text/plain', 'x-trellis-proxy': 'refused' })
        .end(refuse(target.hostname, port, where.refused));
      return;
    }
    const headers = { ...req.headers };
    for (const name of HOP_HEADERS) delete headers[name];
    const upstream = http.request({
      host: where.address,
      port,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers,
      timeout: CONNECT_TIMEOUT_MS,
    });
    upstream.on('response', (answer) => {
      const back = { ...answer.headers };
      for (const name of HOP_HEADERS) delete back[name];
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, back);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
    upstream.on('error', (err) => {
      if (!res.headersSent)
        res
          .writeHead(502, { 'content-type': 'text/plain' })
          .end(`Trellis sandbox proxy: ${target.host}: ${err.message}\n`);
      else res.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connect', async (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url ?? '');
    if (!match) {
      client.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\nTrellis sandbox proxy: CONNECT needs host:port.\n',
      );
      return;
    }
    const host = match[1].replace(/^\[|\]$/g, '');
    const port = Number(match[2]);
    const where = await resolve(host, port);
    if ('refused' in where) {
      client.end(
        `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nx-trellis-proxy: refused\r\n\r\n${refuse(host, port, where.refused)}`,
      );
      return;
    }
    const upstream = net.connect({ host: where.address, port, timeout: CONNECT_TIMEOUT_MS });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
    upstream.on('error', (err) => {
      if (upstream.connecting || !upstream.readable)
        client.end(
          `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\n\r\nTrellis sandbox proxy: ${host}:${port}: ${err.message}\n`,
        );
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  let socketDir: string | undefined;
  let socketPath: string | undefined;
  if (options.listen === 'unix') {
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-proxy-'));
    fs.chmodSync(socketDir, 0o700);
    socketPath = path.join(socketDir, 'proxy.sock');
    await listen(server, { path: socketPath });
  } else {
    await listen(server, { host: '127.0.0.1', port: options.listen.port });
  }
  // A proxy never keeps Trellis alive on its own.
  server.unref();
  const address = server.address();

  return {
    socketPath,
    port: typeof address === 'object' && address ? address.port : undefined,
    hosts,
    get refusalCount() {
      return refusals.length;
    },
    refusalsSince: (since) => refusals.slice(since),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          if (socketDir) fs.rmSync(socketDir, { recursive: true, force: true });
          done();
        });
      }),
  };
}

function listen(server: http.Server, where: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(where, () => {
      server.off('error', fail);
      done();
    });
  });
}
