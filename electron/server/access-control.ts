import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newToken = () => randomBytes(32).toString('base64url');

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Who may talk to `trellis serve`: a request must name one of our own hosts
 * (defeats DNS rebinding), come from our own origin when a browser says where
 * it comes from (defeats cross-site use), and carry the token.
 */
export class AccessControl {
  readonly cookieName: string;
  private readonly hosts: Set<string>;
  private readonly tokenBytes: Buffer;

  constructor(
    readonly token: string,
    bindHost: string,
    readonly port: number,
  ) {
    this.cookieName = `trellis-token-${port}`;
    this.tokenBytes = Buffer.from(token);
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

  tokenMatches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === this.tokenBytes.length && timingSafeEqual(bytes, this.tokenBytes);
  }

  /** The token from the cookie or an `Authorization: Bearer` header. */
  requestToken(req: IncomingMessage): string | undefined {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7);
    return parseCookies(req.headers.cookie)[this.cookieName];
  }

  sessionCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
