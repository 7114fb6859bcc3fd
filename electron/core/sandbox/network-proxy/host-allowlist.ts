import net from 'node:net';
import { ExpectedFailure } from '../../errors/expected-failure';

/**
 * Which hosts a sandboxed command may reach through Trellis's proxy
 * (`--allow-host`, `[sandbox] allow_hosts`). A pattern is a host name
 * (`registry.npmjs.org`), a wildcard for its subdomains (`*.github.com`,
 * which does not match `github.com` itself), or an IP address; any of them
 * may end in `:PORT` to allow only that port. Names compare in their
 * canonical form (lower case, punycode, no trailing dot), so `GitHub.com.`
 * and `github.com` are one host.
 */
export interface HostPattern {
  /** As the person wrote it, for messages. */
  source: string;
  host: string;
  wildcard: boolean;
  port?: number;
  /** An IP address or `localhost`: listed on purpose, so it may be a local address. */
  local: boolean;
}

export class HostPatternError extends ExpectedFailure {
  override readonly name = 'HostPatternError';

  constructor(message: string) {
    super('invalid-host-pattern', message);
  }
}

export function parseHostPattern(source: string): HostPattern {
  const text = source.trim();
  let rest = text;
  let port: number | undefined;
  // `[::1]:8080`, `host:443`; a bare IPv6 address has several colons and no port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    rest = bracketed[1];
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const [host, p] = rest.split(':');
    if (!/^\d+$/.test(p)) throw new HostPatternError(`${JSON.stringify(source)}: the port must be a number`);
    rest = host;
    port = Number(p);
  }
  if (port !== undefined && (port < 1 || port > 65535))
    throw new HostPatternError(`${JSON.stringify(source)}: the port must be 1 to 65535`);
  const wildcard = rest.startsWith('*.');
  if (wildcard) rest = rest.slice(2);
  if (rest.includes('*'))
    throw new HostPatternError(
      `${JSON.stringify(source)}: a wildcard may only be a leading "*." (as in *.example.com)`,
    );
  const host = canonicalHost(rest);
  if (!host) throw new HostPatternError(`${JSON.stringify(source)} is not a host name or IP address`);
  if (wildcard && net.isIP(host))
    throw new HostPatternError(`${JSON.stringify(source)}: an IP address cannot have a wildcard`);
  return {
    source: text,
    host,
    wildcard,
    ...(port !== undefined ? { port } : {}),
    local: !!net.isIP(host) || host === 'localhost',
  };
}

/** Lower case, punycode, no brackets or trailing dot; null when it is not a valid host. */
export function canonicalHost(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!bare) return null;
  if (net.isIPv6(bare)) return bare.toLowerCase();
  try {
    const url = new URL(`http://${bare}/`);
    if (url.username || url.password || url.port || url.pathname !== '/') return null;
    return url.hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** The pattern that lets `host:port` through, or null. */
export function matchHost(patterns: HostPattern[], host: string, port: number): HostPattern | null {
  const name = canonicalHost(host);
  if (!name) return null;
  for (const pattern of patterns) {
    if (pattern.port !== undefined && pattern.port !== port) continue;
    if (pattern.wildcard ? name.endsWith(`.${pattern.host}`) : name === pattern.host) return pattern;
  }
  return null;
}

/**
 * Addresses no allowed *name* may lead to: the host's own loopback, link-local
 * (the cloud metadata service at 169.254.169.254 among them) and unspecified
 * ones. The sandbox cannot reach the host's loopback services directly; an
 * allowed name that resolves there (by accident or by DNS rebinding) must not
 * open that door. Private LAN ranges stay reachable: company registries live there.
 */
export function isLocalAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 0 || (a === 169 && b === 254);
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^fe[89ab]/.test(v6);
}
