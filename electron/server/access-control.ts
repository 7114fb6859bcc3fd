import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Where a request to `trellis serve` may come from: it must name one of our own
 * hosts (defeats DNS rebinding) and come from our own origin when a browser says
 * where it comes from (defeats cross-site and cross-port use). Who may use the
 * WebSocket is PageAccess's business.
 */
export class AccessControl {
  private readonly hosts: Set<string>;

  constructor(bindHost: string, port: number) {
    const names = new Set(LOOPBACK_NAMES);
    names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
    this.hosts = new Set([...names].map((name) => `${name}:${port}`));
  }

  hostAllowed(req: IncomingMessage): boolean {
    return typeof req.headers.host === 'string' && this.hosts.has(req.headers.host.toLowerCase());
  }

  /** Browsers send Origin on cross-origin requests and on every WebSocket; when present it must be ours. */
  originAllowed(req: IncomingMessage, required: boolean): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return !required;
    return origin === `http://${req.headers.host}`;
  }
}
