import { describe, expect, it } from 'vitest';
import { HostPatternError, isLocalAddress, matchHost, parseHostPattern } from './host-allowlist';

describe('host allowlist', () => {
  const patterns = ['registry.npmjs.org', '*.github.com', 'example.org:8443', '10.0.0.7', '[::1]:9000'].map(
    parseHostPattern,
  );
  const allowed = (host: string, port = 443) => matchHost(patterns, host, port)?.source ?? null;

  it('matches exact names in canonical form, any port unless one is named', () => {
    expect(allowed('registry.npmjs.org')).toBe('registry.npmjs.org');
    expect(allowed('Registry.NPMJS.org.', 80)).toBe('registry.npmjs.org');
    expect(allowed('npmjs.org')).toBeNull();
    expect(allowed('registry.npmjs.org.evil.com')).toBeNull();
    expect(allowed('example.org', 8443)).toBe('example.org:8443');
    expect(allowed('example.org', 443)).toBeNull();
  });

  it('a wildcard covers subdomains only, never a look-alike', () => {
    expect(allowed('api.github.com')).toBe('*.github.com');
    expect(allowed('a.b.github.com')).toBe('*.github.com');
    expect(allowed('github.com')).toBeNull();
    expect(allowed('evilgithub.com')).toBeNull();
  });

  it('IP addresses match only as written, and are marked as chosen on purpose', () => {
    expect(allowed('10.0.0.7')).toBe('10.0.0.7');
    expect(allowed('10.0.0.8')).toBeNull();
    expect(allowed('::1', 9000)).toBe('[::1]:9000');
    expect(parseHostPattern('10.0.0.7').local).toBe(true);
    expect(parseHostPattern('localhost').local).toBe(true);
    expect(parseHostPattern('github.com').local).toBe(false);
  });

  it('internationalised names compare in punycode', () => {
    expect(matchHost([parseHostPattern('bücher.example')], 'xn--bcher-kva.example', 443)).not.toBeNull();
  });

  it('refuses malformed patterns with a message naming them', () => {
    for (const bad of ['', 'a.*.com', 'exa mple.com', 'host:abc', 'host:70000', '*.10.0.0.1', 'user@host']) {
      expect(() => parseHostPattern(bad), bad).toThrow(HostPatternError);
    }
    expect(() => parseHostPattern('a.*.com')).toThrow(/"a\.\*\.com": a wildcard may only be a leading/);
  });

  it('knows the addresses an allowed name must not lead to', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '169.254.169.254',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect([a, isLocalAddress(a)]).toEqual([a, true]);
    for (const a of ['10.0.0.1', '192.168.1.1', '140.82.112.3', '2606:4700::1111'])
      expect([a, isLocalAddress(a)]).toEqual([a, false]);
  });
});
