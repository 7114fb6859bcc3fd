import path from 'node:path';
import { ExpectedFailure } from '../../errors/expected-failure';
import type { SandboxPolicy } from '../sandbox-policy';

/**
 * Generates the Seatbelt (SBPL) profile that `/usr/bin/sandbox-exec` enforces
 * for a SandboxPolicy, in the style of Codex's seatbelt_base_policy.sbpl.
 *
 * UNVERIFIED ON REAL HARDWARE: written and tested on Linux by what it
 * generates. See ../PLATFORMS.md for the checks a Mac must pass.
 *
 * Rules of construction:
 * - Every path reaches the profile as a parameter (`(param "NAME")`, passed as
 *   `-DNAME=value`), never as text, so no path can break or extend the profile.
 *   The only values inlined are constants from this file and a validated port.
 * - SBPL is last-match-wins. Exclusions are written twice: as `require-not`
 *   inside the allow (order-independent) and as denies at the end of the
 *   profile, after every allow.
 * - Reads are allowed everywhere except the policy's deny-read paths (Trellis
 *   goes beyond Codex here). Writes only under writable roots, minus read-only
 *   subpaths, plus a private per-run temp dir, /tmp unless policy.tmp is
 *   `private-read-only`, and a few devices.
 */

export interface SeatbeltProfileOptions {
  /**
   * A private, per-run directory (a real path) the command may write in every
   * mode; the executor points TMPDIR at it and deletes it afterwards. Unix
   * sockets are allowed inside it (local IPC between the command's processes).
   * Separate from /tmp, which follows policy.tmp.
   */
  tempDir?: string;
}

export interface SeatbeltProfile {
  /** The SBPL text, passed as `sandbox-exec -p`. Contains no paths. */
  profile: string;
  /** Parameter name -> absolute path, passed as `-DNAME=value`, in a stable order. */
  params: Record<string, string>;
}

export class SeatbeltPolicyError extends ExpectedFailure {
  constructor(message: string) {
    super('seatbelt-policy', message);
    this.name = 'SeatbeltPolicyError';
  }
}

/** Only this binary is ever used: a `sandbox-exec` found on PATH could be anything. */
export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/** /tmp as Seatbelt sees it (/tmp is a symlink to it). */
export const SLASH_TMP = '/private/tmp';

/**
 * Mach services every command may look up: user and group lookups, logging,
 * preferences, notify(3), per-user temp/cache dir lookup. Nothing that acts
 * on the user's behalf outside the sandbox.
 */
export const BASE_MACH_SERVICES = [
  'com.apple.system.opendirectoryd.libinfo', // getpwuid(), getpwnam()
  'com.apple.system.opendirectoryd.membership', // group membership (id, ls -l)
  'com.apple.system.notification_center', // notify(3): time zone and other change notices
  'com.apple.system.logger', // asl
  'com.apple.logd', // os_log
  'com.apple.diagnosticd',
  'com.apple.cfprefsd.daemon', // CFPreferences reads (writes stay denied: no user-preference-write)
  'com.apple.cfprefsd.agent',
  'com.apple.bsd.dirhelper', // confstr(_CS_DARWIN_USER_TEMP_DIR / _CACHE_DIR)
  'com.apple.PowerManagement.control', // as Codex's base policy
] as const;

/** Certificate trust and proxy configuration: needed for TLS with network on and through the proxy. */
export const TLS_MACH_SERVICES = [
  'com.apple.trustd',
  'com.apple.trustd.agent',
  'com.apple.ocspd',
  'com.apple.SystemConfiguration.configd', // proxy settings, reachability (CFNetwork asks before connecting)
] as const;

/** Name resolution and the network stack: only with network on (DNS is an exfiltration channel). */
export const DNS_MACH_SERVICES = [
  'com.apple.SystemConfiguration.DNSConfiguration',
  'com.apple.dnssd.service',
  'com.apple.networkd',
] as const;

/**
 * Never granted, whatever the policy. Codex's network policy grants
 * com.apple.SecurityServer for TLS; Trellis does not, because with the
 * readable login keychain file it would let a command decrypt keychain items
 * whose ACL trusts /usr/bin/security (tokens stored by tools that shell out to
 * it). TLS trust goes through trustd. The others run things or read data
 * outside the sandbox.
 */
export const NEVER_GRANTED_MACH_SERVICES = [
  'com.apple.SecurityServer', // legacy keychain daemon
  'com.apple.securityd.xpc', // data-protection keychain
  'com.apple.coreservices.launchservicesd', // `open`: launches apps outside the sandbox
  'com.apple.coreservices.appleevents', // `osascript`: scripts other apps (Terminal: do script)
  'com.apple.pasteboard.1', // the clipboard
  'com.apple.FSEvents', // file activity across the whole disk, denied paths included
] as const;

const SYSCTL_READ_NAMES = [
  'hw.activecpu',
  'hw.busfrequency_compat',
  'hw.byteorder',
  'hw.cacheconfig',
  'hw.cachelinesize_compat',
  'hw.cpufamily',
  'hw.cpufrequency',
  'hw.cpufrequency_compat',
  'hw.cputype',
  'hw.l1dcachesize_compat',
  'hw.l1icachesize_compat',
  'hw.l2cachesize_compat',
  'hw.l3cachesize_compat',
  'hw.logicalcpu',
  'hw.logicalcpu_max',
  'hw.machine',
  'hw.memsize',
  'hw.model',
  'hw.ncpu',
  'hw.nperflevels',
  'hw.packages',
  'hw.pagesize',
  'hw.pagesize_compat',
  'hw.physicalcpu',
  'hw.physicalcpu_max',
  'hw.tbfrequency_compat',
  'hw.vectorunit',
  'kern.argmax',
  'kern.boottime',
  'kern.hostname',
  'kern.maxfilesperproc',
  'kern.maxproc',
  'kern.osproductversion',
  'kern.osrelease',
  'kern.ostype',
  'kern.osvariant_status',
  'kern.osversion',
  'kern.secure_kernel',
  'kern.usrstack64',
  'kern.version',
  'machdep.cpu.brand_string',
  'sysctl.proc_cputype',
  'vm.loadavg',
];
const SYSCTL_READ_PREFIXES = ['hw.optional.', 'hw.perflevel', 'kern.proc.pgrp.', 'kern.proc.pid.'];

function machLookup(names: readonly string[]): string {
  return `(allow mach-lookup\n${names.map((name) => `  (global-name "${name}")`).join('\n')})`;
}

/** The process, IPC, sysctl, device and pty rules shared by every profile (no paths, no policy). */
const BASE_RULES = `; processes: children inherit this profile
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))
; libuv/Node os.cpus() uses host_processor_info()
(allow mach-host*)
(allow user-preference-read)
; POSIX semaphores (Python multiprocessing)
(allow ipc-posix-sem)

(allow sysctl-read
${SYSCTL_READ_NAMES.map((name) => `  (sysctl-name "${name}")`).join('\n')}
${SYSCTL_READ_PREFIXES.map((prefix) => `  (sysctl-name-prefix "${prefix}")`).join('\n')})
; Java reads the CPU type through a sysctl that counts as a write
(allow sysctl-write (sysctl-name "kern.grade_cputype"))
(allow iokit-open (iokit-registry-entry-class "RootDomainUserClient"))

${machLookup(BASE_MACH_SERVICES)}
; not granted on purpose: ${NEVER_GRANTED_MACH_SERVICES.join(', ')}

; devices
(allow file-write-data (require-all (literal "/dev/null") (vnode-type CHARACTER-DEVICE)))
(allow file-write-data (require-all (literal "/dev/zero") (vnode-type CHARACTER-DEVICE)))
; /dev/fd/N and /dev/stdout, /dev/stderr only reopen descriptors the command already holds
(allow file-write-data (subpath "/dev/fd") (literal "/dev/stdout") (literal "/dev/stderr"))
; the controlling terminal (commands run without one, in their own session)
(allow file-write-data (literal "/dev/tty"))

; ptys the command opens itself (script, expect); ptys from outside are not reachable
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))
(allow file-read* file-write* file-ioctl
  (require-all (regex #"^/dev/ttys[0-9]+$") (extension "com.apple.sandbox.pty")))`;

export function seatbeltProfile(policy: SandboxPolicy, options: SeatbeltProfileOptions = {}): SeatbeltProfile {
  const params = new ParamTable();
  const out: string[] = [
    '(version 1)',
    '; Trellis Seatbelt profile, generated by electron/core/sandbox/macos/seatbelt-profile.ts.',
    '; Paths are parameters (-DNAME=value); none is written into this text.',
    '(deny default)',
    '',
    BASE_RULES,
    '',
    '; reads: everywhere, except the deny-read paths denied at the end',
    '(allow file-read*)',
    '',
  ];

  // Writable roots: none in read-only, the policy's in workspace-write, "/" in danger-full-access.
  const roots = dedupe(
    policy.mode === 'read-only'
      ? []
      : policy.mode === 'danger-full-access'
        ? ['/']
        : policy.writableRoots.map((p) => darwinPath(p, 'writable root')),
  );
  const readOnly = dedupe(policy.readOnlySubpaths.map((p) => darwinPath(p, 'read-only subpath')));
  const denyRead = dedupe(policy.denyRead.map((p) => darwinPath(p, 'deny-read path')));
  const tempDir = options.tempDir === undefined ? undefined : darwinPath(options.tempDir, 'temp dir');

  out.push('; writes');
  if (tempDir !== undefined) {
    params.set('SANDBOX_TMPDIR', tempDir);
    out.push(
      '; the private per-run temp dir (TMPDIR), in every mode',
      '(allow file-write* (subpath (param "SANDBOX_TMPDIR")))',
    );
  }
  // Seatbelt cannot give a command its own /tmp: policy.tmp `private` (the default) means the
  // shared /tmp is writable, `private-read-only` that it is not (see SandboxPolicy.tmp).
  const slashTmp =
    policy.mode !== 'danger-full-access' && (policy.tmp ?? 'private') === 'private' ? SLASH_TMP : undefined;
  if (slashTmp !== undefined) {
    params.set('SLASH_TMP', slashTmp);
    out.push(
      '; /tmp (shared with the host: Seatbelt cannot make a private one)',
      '(allow file-write* (subpath (param "SLASH_TMP")))',
    );
  }
  const protectedParams: string[] = [];
  roots.forEach((root, i) => {
    const rootParam = params.set(`WRITABLE_ROOT_${i}`, root);
    // A read-only subpath applies to a root it lies in, and also to a root that lies inside it.
    const excluded = readOnly.filter((p) => isWithin(p, root) || isWithin(root, p));
    if (!excluded.length) {
      out.push(`(allow file-write* (subpath (param "${rootParam}")))`);
      return;
    }
    const parts = [`(subpath (param "${rootParam}"))`];
    excluded.forEach((p, j) => {
      const name = params.set(`WRITABLE_ROOT_${i}_RO_${j}`, p);
      protectedParams.push(name);
      // The literal form also matches a path that does not exist yet, so its first creation is blocked.
      parts.push(`(require-not (literal (param "${name}")))`, `(require-not (subpath (param "${name}")))`);
    });
    out.push(`(allow file-write*\n  (require-all\n    ${parts.join('\n    ')}))`);
  });
  if (!roots.length && tempDir === undefined && slashTmp === undefined) out.push('; none (only the devices above)');
  out.push('');

  out.push(...networkRules(policy, tempDir !== undefined), '');

  // Denies last: SBPL is last-match-wins, so these override every allow above.
  if (denyRead.length || protectedParams.length) out.push('; protections (last, so they override every allow above)');
  denyRead.forEach((p, i) => {
    const name = params.set(`DENY_READ_${i}`, p);
    out.push(`(deny file-read* file-write* (literal (param "${name}")) (subpath (param "${name}")))`);
  });
  for (const name of protectedParams) {
    out.push(`(deny file-write* (literal (param "${name}")) (subpath (param "${name}")))`);
  }
  // Rules match paths, so renaming a directory that holds a protected path would carry
  // the protected content to a path no rule covers. Its ancestors inside writable
  // areas (the areas included) may therefore not be renamed or removed.
  const writableAreas = [
    ...roots,
    ...(tempDir === undefined ? [] : [tempDir]),
    ...(slashTmp === undefined ? [] : [slashTmp]),
  ];
  const ancestors = protectedAncestors([...readOnly, ...denyRead], writableAreas, [...readOnly, ...denyRead]);
  ancestors.forEach((p, k) => {
    const name = params.set(`PROTECTED_ANCESTOR_${k}`, p);
    out.push(`(deny file-write-unlink (literal (param "${name}")))`);
  });

  return {
    profile: `${out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`,
    params: params.toObject(),
  };
}

function networkRules(policy: SandboxPolicy, hasTempDir: boolean): string[] {
  const unixInTemp = hasTempDir
    ? [
        '; Unix-domain sockets inside the private temp dir only (no ssh-agent, gpg-agent or docker.sock)',
        '(allow system-socket (socket-domain AF_UNIX))',
        '(allow network-bind (local unix-socket (subpath (param "SANDBOX_TMPDIR"))))',
        '(allow network-outbound (remote unix-socket (subpath (param "SANDBOX_TMPDIR"))))',
      ]
    : [];
  const network = policy.network;
  switch (network.mode) {
    case 'off':
      return [
        '; network: off. No socket rule is granted: connect, bind and DNS fail, loopback included.',
        ...unixInTemp,
      ];
    case 'on':
      return [
        '; network: on. IP anywhere; DNS through mDNSResponder; Unix sockets only as below.',
        '(allow network-outbound (remote ip "*:*"))',
        '(allow network-inbound (local ip "*:*"))',
        '(allow network-bind (local ip "*:*"))',
        '(allow network-outbound (literal "/private/var/run/mDNSResponder"))',
        '(allow system-socket)',
        '(allow sysctl-read (sysctl-name-prefix "net.routetable."))',
        machLookup([...TLS_MACH_SERVICES, ...DNS_MACH_SERVICES]),
        ...unixInTemp,
      ];
    case 'allow-hosts': {
      if (network.proxyUrl === undefined) {
        return ['; network: allow-hosts, but no proxy URL was given: nothing is granted (fail closed).', ...unixInTemp];
      }
      const port = proxyPort(network.proxyUrl);
      return [
        '; network: allow-hosts. Only the Trellis proxy on loopback; no DNS (the proxy resolves names).',
        `(allow network-outbound (remote tcp "localhost:${port}"))`,
        machLookup(TLS_MACH_SERVICES),
        ...unixInTemp,
      ];
    }
  }
}

/**
 * The loopback port of the Trellis proxy. A proxy anywhere but loopback would
 * need a network rule Seatbelt cannot scope to one host, so it is refused.
 */
export function proxyPort(proxyUrl: string): number {
  let url: URL;
  try {
    url = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
  } catch {
    throw new SeatbeltPolicyError(`allow-hosts: the proxy URL is not a URL: ${JSON.stringify(proxyUrl)}`);
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') {
    throw new SeatbeltPolicyError(
      `allow-hosts: the proxy must listen on loopback, not ${JSON.stringify(url.hostname)}`,
    );
  }
  const defaults: Record<string, number> = {
    'http:': 80,
    'https:': 443,
    'socks5:': 1080,
    'socks5h:': 1080,
    'socks:': 1080,
  };
  const port = url.port ? Number(url.port) : defaults[url.protocol];
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SeatbeltPolicyError(`allow-hosts: no usable port in the proxy URL ${JSON.stringify(proxyUrl)}`);
  }
  return port;
}

/**
 * Validates and normalises a path for use as a parameter: absolute, no NUL,
 * `.`/`..` and repeated slashes folded, no trailing slash. Seatbelt matches
 * real paths (macOS reports /tmp as /private/tmp), so callers resolve
 * symlinks first; see realSeatbeltPolicy in seatbelt-executor.ts.
 */
export function darwinPath(p: string, what: string): string {
  if (typeof p !== 'string' || !p.startsWith('/')) {
    throw new SeatbeltPolicyError(`${what} must be an absolute path: ${JSON.stringify(p)}`);
  }
  if (p.includes('\0')) throw new SeatbeltPolicyError(`${what} contains a NUL byte: ${JSON.stringify(p)}`);
  const normalized = path.posix.normalize(p);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

export function isWithin(child: string, parent: string): boolean {
  return child === parent || parent === '/' || child.startsWith(`${parent}/`);
}

/** Directories from each writable root down to the parent of each protected path inside it. */
function protectedAncestors(protectedPaths: string[], roots: string[], alreadyDenied: string[]): string[] {
  const found: string[] = [];
  for (const p of protectedPaths) {
    for (const root of roots) {
      if (p === root || !isWithin(p, root)) continue;
      for (let dir = path.posix.dirname(p); ; dir = path.posix.dirname(dir)) {
        if (!found.includes(dir) && !alreadyDenied.includes(dir)) found.push(dir);
        if (dir === root || dir === '/') break;
      }
    }
  }
  return found;
}

function dedupe(paths: string[]): string[] {
  return [...new Set(paths)];
}

/** Parameter names in insertion order; names are generated here, so they never need escaping. */
class ParamTable {
  private readonly values = new Map<string, string>();

  set(name: string, value: string): string {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`bad Seatbelt parameter name ${name}`);
    this.values.set(name, value);
    return name;
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
