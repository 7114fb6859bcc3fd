import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../sandbox-policy';
import {
  BASE_MACH_SERVICES,
  DNS_MACH_SERVICES,
  NEVER_GRANTED_MACH_SERVICES,
  proxyPort,
  seatbeltProfile,
  SeatbeltPolicyError,
  TLS_MACH_SERVICES,
} from './seatbelt-profile';
import { paramRefs, readSbpl, rules, show, stringLiterals, type Sexp } from './sbpl-reader.test-helper';

// Profiles are generated on Linux and checked by what they contain: UNVERIFIED on a real Mac.

const policy = (over: Partial<SandboxPolicy>): SandboxPolicy => ({
  mode: 'workspace-write',
  writableRoots: [],
  readOnlySubpaths: [],
  denyRead: [],
  network: { mode: 'off' },
  ...over,
});

const HOME = '/Users/ada';
const APP = `${HOME}/src/app`;
const LIB = `${HOME}/src/lib`;
const TMP = '/private/var/folders/xy/abc/T/trellis-sbx-1a2b3c';
const DENY = [`${HOME}/.ssh`, `${HOME}/.aws`, `${HOME}/.netrc`, `${HOME}/Library/Application Support/Trellis/secrets`];

const readOnly = policy({ mode: 'read-only', writableRoots: [APP], denyRead: DENY });
const twoRoots = policy({
  writableRoots: [APP, LIB],
  readOnlySubpaths: [`${APP}/.git`, `${APP}/.trellis`, `${LIB}/.git`],
  denyRead: DENY,
});
const networkOn = policy({ writableRoots: [APP], network: { mode: 'on' } });
const allowHosts = policy({
  writableRoots: [APP],
  readOnlySubpaths: [`${APP}/.git`],
  denyRead: DENY,
  network: { mode: 'allow-hosts', hosts: ['registry.npmjs.org'], proxyUrl: 'http://127.0.0.1:3128' },
});
const representative = { readOnly, twoRoots, networkOn, allowHosts };

const writeRules = (profile: string) => rules(profile).filter((r) => /^\(allow [^()]*file-write\*/.test(r));
const networkRules = (profile: string) => rules(profile).filter((r) => /^\(allow network-/.test(r));
const machServices = (profile: string) =>
  readSbpl(profile)
    .filter((f): f is Sexp[] => Array.isArray(f) && f[0] === 'allow' && f[1] === 'mach-lookup')
    .flatMap((f) => stringLiterals(show(f)));

describe('seatbeltProfile: every profile', () => {
  it.each(Object.entries(representative))('%s: is well-formed SBPL that starts closed', (_name, p) => {
    for (const options of [{}, { tempDir: TMP }]) {
      const { profile } = seatbeltProfile(p, options);
      const forms = readSbpl(profile);
      expect(show(forms[0])).toBe('(version 1)');
      expect(show(forms[1])).toBe('(deny default)');
      expect(rules(profile)).not.toContain('(allow default)');
    }
  });

  it.each(Object.entries(representative))('%s: defines exactly the parameters it uses', (_name, p) => {
    const { profile, params } = seatbeltProfile(p, { tempDir: TMP });
    expect(paramRefs(profile)).toEqual(new Set(Object.keys(params)));
    for (const value of Object.values(params)) expect(value.startsWith('/')).toBe(true);
  });

  it.each(Object.entries(representative))('%s: inlines no path, only constants', (_name, p) => {
    const { profile, params } = seatbeltProfile(p, { tempDir: TMP });
    for (const value of Object.values(params)) expect(profile).not.toContain(value);
    // Every string literal is a parameter, mach, sysctl or IOKit name, a constant device path, or the proxy address.
    for (const literal of stringLiterals(profile)) {
      expect(literal).toMatch(
        /^([A-Za-z0-9_.]+|\/dev\/[a-z]+|\/private\/var\/run\/mDNSResponder|\^\/dev\/ttys\[0-9\]\+\$|\*:\*|localhost:\d+)$/,
      );
    }
  });

  it('grants the base mach services and never the ones that reach outside the sandbox', () => {
    for (const p of Object.values(representative)) {
      const services = machServices(seatbeltProfile(p).profile);
      for (const name of BASE_MACH_SERVICES) expect(services).toContain(name);
      for (const name of NEVER_GRANTED_MACH_SERVICES) expect(services).not.toContain(name);
    }
  });

  it('allows process exec/fork, same-sandbox signals, /dev/null writes and ptys', () => {
    const all = rules(seatbeltProfile(readOnly).profile);
    expect(all).toEqual(
      expect.arrayContaining([
        '(allow process-exec)',
        '(allow process-fork)',
        '(allow signal (target same-sandbox))',
        '(allow file-write-data (require-all (literal "/dev/null") (vnode-type CHARACTER-DEVICE)))',
        '(allow pseudo-tty)',
        '(allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))',
      ]),
    );
    expect(all.some((r) => r.startsWith('(allow sysctl-read (sysctl-name "hw.activecpu")'))).toBe(true);
  });
});

describe('seatbeltProfile: files', () => {
  it('read-only: reads everywhere, writes only to devices, the private temp dir and /tmp', () => {
    const { profile, params } = seatbeltProfile(readOnly, { tempDir: TMP });
    expect(rules(profile)).toContain('(allow file-read*)');
    expect(writeRules(profile)).toEqual([
      '(allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))',
      '(allow file-read* file-write* file-ioctl (require-all (regex "^/dev/ttys[0-9]+$") (extension "com.apple.sandbox.pty")))',
      '(allow file-write* (subpath (param "SANDBOX_TMPDIR")))',
      '(allow file-write* (subpath (param "SLASH_TMP")))',
    ]);
    expect(params.SANDBOX_TMPDIR).toBe(TMP);
    expect(params.SLASH_TMP).toBe('/private/tmp');
    expect(Object.keys(params).some((name) => name.startsWith('WRITABLE_ROOT'))).toBe(false); // roots ignored
  });

  it('/tmp follows policy.tmp: writable when private (the default), not when private-read-only', () => {
    for (const tmp of [undefined, 'private'] as const) {
      expect(seatbeltProfile({ ...twoRoots, tmp }).params.SLASH_TMP).toBe('/private/tmp');
    }
    const { profile, params } = seatbeltProfile({ ...twoRoots, tmp: 'private-read-only' });
    expect(params.SLASH_TMP).toBeUndefined();
    expect(profile).not.toContain('SLASH_TMP');
  });

  it('workspace-write: one parameter per root, each read-only subpath excluded by literal and subpath', () => {
    const { profile, params } = seatbeltProfile(twoRoots);
    expect(params).toMatchObject({
      WRITABLE_ROOT_0: APP,
      WRITABLE_ROOT_0_RO_0: `${APP}/.git`,
      WRITABLE_ROOT_0_RO_1: `${APP}/.trellis`,
      WRITABLE_ROOT_1: LIB,
      WRITABLE_ROOT_1_RO_0: `${LIB}/.git`,
    });
    expect(writeRules(profile).filter((r) => r.includes('WRITABLE_ROOT'))).toEqual([
      '(allow file-write* (require-all (subpath (param "WRITABLE_ROOT_0"))' +
        ' (require-not (literal (param "WRITABLE_ROOT_0_RO_0"))) (require-not (subpath (param "WRITABLE_ROOT_0_RO_0")))' +
        ' (require-not (literal (param "WRITABLE_ROOT_0_RO_1"))) (require-not (subpath (param "WRITABLE_ROOT_0_RO_1")))))',
      '(allow file-write* (require-all (subpath (param "WRITABLE_ROOT_1"))' +
        ' (require-not (literal (param "WRITABLE_ROOT_1_RO_0"))) (require-not (subpath (param "WRITABLE_ROOT_1_RO_0")))))',
    ]);
  });

  it('repeats every exclusion as a deny after the last allow (SBPL is last-match-wins)', () => {
    const { profile, params } = seatbeltProfile(twoRoots, { tempDir: TMP });
    const all = rules(profile);
    const lastAllow = all.map((r) => r.startsWith('(allow')).lastIndexOf(true);
    const denies = all.slice(lastAllow + 1);
    for (const name of Object.keys(params).filter((n) => /_RO_\d+$/.test(n))) {
      expect(denies).toContain(`(deny file-write* (literal (param "${name}")) (subpath (param "${name}")))`);
    }
    DENY.forEach((_p, i) => {
      expect(denies).toContain(
        `(deny file-read* file-write* (literal (param "DENY_READ_${i}")) (subpath (param "DENY_READ_${i}")))`,
      );
    });
    expect(all.slice(lastAllow + 1).every((r) => r.startsWith('(deny'))).toBe(true);
  });

  it('deny-read: every entry is a parameter hidden from reads and writes, in every mode', () => {
    for (const p of [readOnly, twoRoots, { ...twoRoots, mode: 'danger-full-access' as const }]) {
      const { params } = seatbeltProfile(p);
      expect(DENY.map((_p, i) => params[`DENY_READ_${i}`])).toEqual(DENY);
    }
  });

  it('a read-only subpath wins over a root inside it', () => {
    const { profile } = seatbeltProfile(
      policy({ writableRoots: ['/r/.git/worktrees/w'], readOnlySubpaths: ['/r/.git'] }),
    );
    expect(writeRules(profile).find((r) => r.includes('WRITABLE_ROOT_0'))).toContain(
      '(require-not (subpath (param "WRITABLE_ROOT_0_RO_0")))',
    );
  });

  it('ancestors of protected paths inside roots may not be renamed or removed', () => {
    const { profile, params } = seatbeltProfile(
      policy({
        writableRoots: ['/w'],
        readOnlySubpaths: ['/w/vendor/dep/.git', '/w/.git'],
        denyRead: ['/w/conf/.env', '/elsewhere/x'],
      }),
    );
    const ancestors = Object.entries(params).filter(([name]) => name.startsWith('PROTECTED_ANCESTOR_'));
    expect(ancestors.map(([, value]) => value)).toEqual(['/w/vendor/dep', '/w/vendor', '/w', '/w/conf']);
    for (const [name] of ancestors)
      expect(rules(profile)).toContain(`(deny file-write-unlink (literal (param "${name}")))`);
  });

  it('danger-full-access: writes everywhere except deny-read paths', () => {
    const { profile, params } = seatbeltProfile({ ...twoRoots, mode: 'danger-full-access', readOnlySubpaths: [] });
    expect(params.WRITABLE_ROOT_0).toBe('/');
    expect(params.WRITABLE_ROOT_1).toBeUndefined();
    expect(rules(profile)).toContain(
      '(deny file-read* file-write* (literal (param "DENY_READ_0")) (subpath (param "DENY_READ_0")))',
    );
  });

  it('normalises paths and drops duplicates', () => {
    const { params } = seatbeltProfile(
      policy({ writableRoots: ['/w/', '/w', '/a/./b/../c//'], denyRead: ['/s/', '/s'], tmp: 'private-read-only' }),
    );
    expect(params).toEqual({ WRITABLE_ROOT_0: '/w', WRITABLE_ROOT_1: '/a/c', DENY_READ_0: '/s' });
  });

  it('refuses relative paths and NUL bytes', () => {
    expect(() => seatbeltProfile(policy({ writableRoots: ['src'] }))).toThrow(SeatbeltPolicyError);
    expect(() => seatbeltProfile(policy({ denyRead: ['~/.ssh'] }))).toThrow(/absolute/);
    expect(() => seatbeltProfile(policy({ readOnlySubpaths: ['/w/.git\0x'] }))).toThrow(/NUL/);
    expect(() => seatbeltProfile(policy({}), { tempDir: 'tmp' })).toThrow(/temp dir/);
  });
});

describe('seatbeltProfile: hostile paths', () => {
  const hostile = [
    '/Users/ada/We"ird (dir)',
    '/Users/ada/quote\\"))(allow default)(deny "x',
    '/Users/ada/ü ñ 日本語 🙂',
    '/Users/ada/semi;colon #"regex"',
    '/Users/ada/new\nline',
    "/Users/ada/it's",
  ];
  const shaped = (paths: string[]) =>
    policy({
      writableRoots: paths,
      readOnlySubpaths: paths.map((p) => `${p}/.git`),
      denyRead: paths.map((p) => `${p}/secret`),
      network: { mode: 'on' },
    });
  const plain = hostile.map((_p, i) => `/Users/ada/plain${i}`);

  it('never change the profile text: it depends only on the policy shape', () => {
    expect(seatbeltProfile(shaped(hostile), { tempDir: '/t/(x)"' }).profile).toBe(
      seatbeltProfile(shaped(plain), { tempDir: '/t/plain' }).profile,
    );
  });

  it('reach sandbox-exec verbatim as parameters', () => {
    const { profile, params } = seatbeltProfile(shaped(hostile));
    readSbpl(profile); // still parses
    hostile.forEach((p, i) => {
      expect(params[`WRITABLE_ROOT_${i}`]).toBe(p);
      expect(params[`DENY_READ_${i}`]).toBe(`${p}/secret`);
    });
    expect(rules(profile)).not.toContain('(allow default)');
  });
});

describe('seatbeltProfile: network', () => {
  it('off: no network rule at all, loopback and DNS included', () => {
    const { profile } = seatbeltProfile(twoRoots);
    expect(networkRules(profile)).toEqual([]);
    expect(machServices(profile)).toEqual([...BASE_MACH_SERVICES]);
  });

  it('off with a temp dir: Unix sockets inside it only', () => {
    expect(networkRules(seatbeltProfile(twoRoots, { tempDir: TMP }).profile)).toEqual([
      '(allow network-bind (local unix-socket (subpath (param "SANDBOX_TMPDIR"))))',
      '(allow network-outbound (remote unix-socket (subpath (param "SANDBOX_TMPDIR"))))',
    ]);
  });

  it('on: IP anywhere, DNS and the TLS/configuration mach services, no other Unix sockets', () => {
    const { profile } = seatbeltProfile(networkOn);
    expect(networkRules(profile)).toEqual([
      '(allow network-outbound (remote ip "*:*"))',
      '(allow network-inbound (local ip "*:*"))',
      '(allow network-bind (local ip "*:*"))',
      '(allow network-outbound (literal "/private/var/run/mDNSResponder"))',
    ]);
    const services = machServices(profile);
    for (const name of [...TLS_MACH_SERVICES, ...DNS_MACH_SERVICES]) expect(services).toContain(name);
    expect(services).toContain('com.apple.SystemConfiguration.configd');
    expect(services).toContain('com.apple.trustd.agent');
  });

  it('allow-hosts: outbound TCP to the loopback proxy port only, TLS trust but no DNS', () => {
    const { profile } = seatbeltProfile(allowHosts);
    expect(networkRules(profile)).toEqual(['(allow network-outbound (remote tcp "localhost:3128"))']);
    const services = machServices(profile);
    for (const name of TLS_MACH_SERVICES) expect(services).toContain(name);
    for (const name of DNS_MACH_SERVICES) expect(services).not.toContain(name);
    expect(profile).not.toContain('mDNSResponder');
  });

  it('allow-hosts without a proxy URL grants nothing (fail closed)', () => {
    const { profile } = seatbeltProfile(policy({ network: { mode: 'allow-hosts', hosts: ['example.com'] } }));
    expect(networkRules(profile)).toEqual([]);
  });

  it('the proxy must be on loopback with a usable port', () => {
    expect(proxyPort('http://localhost:8080')).toBe(8080);
    expect(proxyPort('http://[::1]:9000')).toBe(9000);
    expect(proxyPort('127.0.0.1:3128')).toBe(3128);
    expect(proxyPort('https://127.0.0.1')).toBe(443);
    expect(proxyPort('socks5h://127.0.0.1')).toBe(1080);
    expect(() => proxyPort('http://10.0.0.5:3128')).toThrow(/loopback/);
    expect(() => proxyPort('http://proxy.corp:3128')).toThrow(/loopback/);
    expect(() => proxyPort('ftp://127.0.0.1')).toThrow(/port/);
    expect(() => proxyPort('http://127.0.0.1:99999')).toThrow(SeatbeltPolicyError);
    expect(() =>
      seatbeltProfile(policy({ network: { mode: 'allow-hosts', hosts: [], proxyUrl: 'http://evil.example:80' } })),
    ).toThrow(/loopback/);
  });
});

describe('seatbeltProfile: golden profiles (readable SBPL)', () => {
  it('workspace-write, two roots, .git protected, deny-read, allow-hosts', async () => {
    const { profile, params } = seatbeltProfile({ ...twoRoots, network: allowHosts.network }, { tempDir: TMP });
    await expect(profile).toMatchFileSnapshot('./golden/workspace-write-allow-hosts.sb');
    await expect(`${JSON.stringify(params, null, 2)}\n`).toMatchFileSnapshot(
      './golden/workspace-write-allow-hosts.params.json',
    );
  });

  it('read-only, network off', async () => {
    await expect(seatbeltProfile(readOnly, { tempDir: TMP }).profile).toMatchFileSnapshot('./golden/read-only.sb');
  });
});
