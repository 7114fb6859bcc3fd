import { createHash } from 'node:crypto';
import { ExpectedFailure } from '../../errors/expected-failure';
import { policyMarkers } from '../sandbox-markers';
import type { SandboxMode, SandboxPolicy } from '../sandbox-policy';

/**
 * A data description of what the Windows executor does for a SandboxPolicy:
 * the restricted token, the ACEs it relies on, network handling, the
 * environment, and PowerShell/icacls scripts a person can review.
 *
 * UNVERIFIED ON REAL HARDWARE: generated and tested on Linux. Nothing here
 * runs anything; WindowsTokenExecutor (windows-executor.ts) is a stub until a
 * native helper exists. See ../PLATFORMS.md.
 *
 * Model (after Codex's windows-sandbox-rs):
 * - CreateRestrictedToken(DISABLE_MAX_PRIVILEGE | LUA_TOKEN | WRITE_RESTRICTED)
 *   with restricting SIDs [workspace capability SID, logon SID, Everyone].
 *   Write-restricted means every write needs an ACE for one of those SIDs,
 *   while reads are checked against the normal SIDs only.
 * - Allow ACEs (Modify) for the capability SID on writable roots; deny ACEs on
 *   read-only subpaths.
 * - Consequence: in the `unelevated` mode (the current user's own token) a
 *   deny ACE cannot hide a file from reads, and network blocking is only
 *   environment variables, as in Codex. The `elevated` mode runs the command
 *   as a dedicated local account, so deny ACEs for the sandbox group do stop
 *   reads, and a firewall rule keeps the offline account off the network.
 *   Trellis uses `elevated` (TRELLIS_WINDOWS_MODE); `unelevated` is a weaker
 *   mode whose plan says what it does not enforce.
 */

export type WindowsSandboxMode = 'elevated' | 'unelevated';

/** The mode Trellis plans to use: the only one that enforces deny-read and network off. */
export const TRELLIS_WINDOWS_MODE: WindowsSandboxMode = 'elevated';

export const SANDBOX_GROUP = 'TrellisSandboxUsers';
export const SANDBOX_USER_OFFLINE = 'TrellisSandboxOffline';
export const SANDBOX_USER_ONLINE = 'TrellisSandboxOnline';
export const OFFLINE_FIREWALL_RULE = 'Trellis-Sandbox-Offline-Block-Outbound';
export const EVERYONE_SID = 'S-1-1-0';

/** CreateRestrictedToken flags (winnt.h). */
export const TOKEN_FLAGS = { DISABLE_MAX_PRIVILEGE: 0x1, LUA_TOKEN: 0x4, WRITE_RESTRICTED: 0x8 } as const;

/** icacls rights used by the plan. */
export const RIGHTS = {
  modify: 'M',
  readExecute: 'RX',
  full: 'F',
  /** Every right that changes an object: write data/add file, append/add subdir, EAs, attributes, delete, delete child, DACL, owner. */
  write: '(WD,AD,WEA,WA,DE,DC,WDAC,WO)',
} as const;

/** Protected directory names created empty when missing, so their deny ACE exists before the command could create them. */
export const PRECREATE_NAMES = ['.trellis', '.codex', '.agents'];

/** Programs replaced by failing stubs on PATH when the network is off. */
export const NETWORK_STUBS = ['ssh', 'scp', 'sftp'];

export interface WindowsPlanOptions {
  /** Defaults to TRELLIS_WINDOWS_MODE. */
  mode?: WindowsSandboxMode;
  /** The workspace the capability SID belongs to; defaults to the first writable root. */
  workspace?: string;
  /** A private per-run directory the command may write in every mode; becomes TEMP and TMP. */
  tempDir?: string;
  /** elevated: directories the sandbox account may also read (toolchains in the user's profile). */
  readRoots?: string[];
  /** Where the ssh/scp/sftp stubs live; prepended to PATH when the network is off. */
  stubDir?: string;
}

export type AclPrincipal = { kind: 'capability'; sid: string } | { kind: 'sandbox-group'; name: typeof SANDBOX_GROUP };

export interface AclEntry {
  /** Normalised Windows path (drive letter upper-case, backslashes, no trailing separator). */
  path: string;
  principal: AclPrincipal;
  action: 'allow' | 'deny';
  /** icacls rights; directories also get (OI)(CI) so the entry is inherited. */
  rights: string;
  reason: 'writable-root' | 'temp-dir' | 'read-root' | 'read-only-subpath' | 'deny-read';
  /** Created as an empty directory first when it does not exist. */
  createIfMissing: boolean;
  /** False where the ACE could not take effect (UNC paths: the file server checks the network logon, not this token). */
  applied: boolean;
  note?: string;
}

export interface FirewallRulePlan {
  name: string;
  displayName: string;
  direction: 'Outbound';
  action: 'Block';
  protocol: 'Any';
  profile: 'Any';
  /** The account whose traffic is blocked; its SID goes into LocalUserAuthorizedList as O:LSD:(A;;CC;;;SID). */
  account: string;
}

export interface WindowsSandboxPlan {
  verifiedOnRealHardware: false;
  mode: WindowsSandboxMode;
  policyMode: Exclude<SandboxMode, 'danger-full-access'>;
  workspace: string | null;
  capabilitySid: string;
  runAs: { account: string; launch: string };
  token: {
    api: 'CreateRestrictedToken';
    flags: (keyof typeof TOKEN_FLAGS)[];
    flagsValue: number;
    /** sid null: read from the base token at run time. */
    restrictingSids: { sid: string | null; name: string }[];
    enablePrivileges: string[];
  };
  containment: { jobObjectLimits: string[]; desktop: string };
  acl: AclEntry[];
  network: {
    mode: SandboxPolicy['network']['mode'];
    enforcement: 'firewall' | 'environment-only' | 'none';
    firewallRule: FirewallRulePlan | null;
    stubs: { dir: string | null; names: string[]; content: string } | null;
  };
  /** Applied on top of the command's environment. Windows names are case-insensitive: drop other spellings first. */
  env: { set: Record<string, string>; remove: string[]; prependPath: string[] };
  guarantees: {
    writes: 'confined-by-acl';
    denyRead: 'enforced' | 'not-enforced';
    network: 'unrestricted' | 'enforced-by-firewall' | 'environment-only';
  };
  limitations: string[];
  /** PowerShell for review: one-time setup (administrator), apply the ACEs, revoke them. */
  scripts: { setup: string; apply: string; revoke: string };
}

export class WindowsPlanError extends ExpectedFailure {
  constructor(message: string) {
    super('windows-plan', message);
    this.name = 'WindowsPlanError';
  }
}

export function windowsSandboxPlan(policy: SandboxPolicy, options: WindowsPlanOptions = {}): WindowsSandboxPlan {
  if (policy.mode === 'danger-full-access') {
    throw new WindowsPlanError('danger-full-access is not sandboxed on Windows: use the unconfined executor');
  }
  const mode = options.mode ?? TRELLIS_WINDOWS_MODE;
  const elevated = mode === 'elevated';
  const roots = uniquePaths(policy.mode === 'workspace-write' ? policy.writableRoots : [], 'writable root');
  const readOnly = uniquePaths(policy.readOnlySubpaths, 'read-only subpath');
  const denyRead = uniquePaths(policy.denyRead, 'deny-read path');
  const tempDir = options.tempDir === undefined ? null : normalizeWindowsPath(options.tempDir, 'temp dir');
  // A read root that is also writable keeps Modify (icacls /grant:r would replace it with RX).
  const writableKeys = new Set([...roots, ...(tempDir ? [tempDir] : [])].map(windowsPathKey));
  const readRoots = elevated
    ? uniquePaths(options.readRoots ?? [], 'read root').filter((p) => !writableKeys.has(windowsPathKey(p)))
    : [];
  const workspaceInput = options.workspace ?? policy.writableRoots[0];
  const workspace = workspaceInput === undefined ? null : normalizeWindowsPath(workspaceInput, 'workspace');
  const capSid = capabilitySid(workspace, policy.mode);

  const cap: AclPrincipal = { kind: 'capability', sid: capSid };
  const group: AclPrincipal = { kind: 'sandbox-group', name: SANDBOX_GROUP };
  const acl: AclEntry[] = [];
  const add = (entry: Omit<AclEntry, 'applied' | 'createIfMissing'> & { createIfMissing?: boolean }) => {
    const unc = isUncPath(entry.path);
    acl.push({
      ...entry,
      createIfMissing: entry.createIfMissing ?? false,
      applied: !unc,
      ...(unc ? { note: 'UNC path: not applied (the file server checks the network logon, not this token)' } : {}),
    });
  };
  for (const [paths, reason] of [
    [roots, 'writable-root'],
    [tempDir ? [tempDir] : [], 'temp-dir'],
  ] as const) {
    for (const p of paths) {
      // elevated: the account needs the right itself (first access check) and the capability SID
      // needs it too (the restricted check); unelevated: the user already has it.
      if (elevated) add({ path: p, principal: group, action: 'allow', rights: RIGHTS.modify, reason });
      add({ path: p, principal: cap, action: 'allow', rights: RIGHTS.modify, reason });
    }
  }
  for (const p of readRoots)
    add({ path: p, principal: group, action: 'allow', rights: RIGHTS.readExecute, reason: 'read-root' });
  for (const p of readOnly) {
    const createIfMissing = PRECREATE_NAMES.includes(baseName(p).toLowerCase());
    add({
      path: p,
      principal: cap,
      action: 'deny',
      rights: RIGHTS.write,
      reason: 'read-only-subpath',
      createIfMissing,
    });
    if (elevated)
      add({
        path: p,
        principal: group,
        action: 'deny',
        rights: RIGHTS.write,
        reason: 'read-only-subpath',
        createIfMissing,
      });
  }
  for (const p of denyRead) {
    if (elevated) {
      add({ path: p, principal: group, action: 'deny', rights: RIGHTS.full, reason: 'deny-read' });
    } else {
      add({
        path: p,
        principal: cap,
        action: 'deny',
        rights: RIGHTS.write,
        reason: 'deny-read',
        note: 'unelevated: stops writes only; a write-restricted token cannot be denied reads by ACL',
      });
    }
  }

  const network = networkPlan(policy, mode, options.stubDir);
  const plan: Omit<WindowsSandboxPlan, 'scripts'> = {
    verifiedOnRealHardware: false,
    mode,
    policyMode: policy.mode,
    workspace,
    capabilitySid: capSid,
    runAs: elevated
      ? {
          account: network.account,
          launch:
            'CreateProcessWithLogonW starts the Trellis sandbox helper as the account; the helper restricts its own token and starts the command with CreateProcessAsUserW',
        }
      : {
          account: 'the current user',
          launch:
            'CreateProcessAsUserW with a restricted copy of the current token (no SeAssignPrimaryTokenPrivilege needed)',
        },
    token: {
      api: 'CreateRestrictedToken',
      flags: ['DISABLE_MAX_PRIVILEGE', 'LUA_TOKEN', 'WRITE_RESTRICTED'],
      flagsValue: TOKEN_FLAGS.DISABLE_MAX_PRIVILEGE | TOKEN_FLAGS.LUA_TOKEN | TOKEN_FLAGS.WRITE_RESTRICTED,
      restrictingSids: [
        { sid: capSid, name: `Trellis capability (${policy.mode}, ${workspace ?? 'no workspace'})` },
        { sid: null, name: 'logon SID of the base token (its desktop, window station and pipes)' },
        { sid: EVERYONE_SID, name: 'Everyone' },
      ],
      enablePrivileges: ['SeChangeNotifyPrivilege'],
    },
    containment: {
      jobObjectLimits: [
        'JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE',
        'JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION',
        'JOB_OBJECT_UILIMIT_HANDLES',
        'JOB_OBJECT_UILIMIT_READCLIPBOARD',
        'JOB_OBJECT_UILIMIT_WRITECLIPBOARD',
        'JOB_OBJECT_UILIMIT_GLOBALATOMS',
        'JOB_OBJECT_UILIMIT_SYSTEMPARAMETERS',
        'JOB_OBJECT_UILIMIT_DISPLAYSETTINGS',
        'JOB_OBJECT_UILIMIT_DESKTOP',
        'JOB_OBJECT_UILIMIT_EXITWINDOWS',
      ],
      desktop:
        "a private desktop (CreateDesktopW), so the command cannot send input or window messages to the user's windows (a terminal would run what it types)",
    },
    acl,
    network: {
      mode: policy.network.mode,
      enforcement: network.enforcement,
      firewallRule: elevated && policy.network.mode !== 'on' ? offlineFirewallRule() : null,
      stubs: network.stubs,
    },
    env: network.env,
    guarantees: {
      writes: 'confined-by-acl',
      denyRead: elevated ? 'enforced' : 'not-enforced',
      network:
        policy.network.mode === 'on'
          ? 'unrestricted'
          : network.enforcement === 'firewall'
            ? 'enforced-by-firewall'
            : 'environment-only',
    },
    limitations: limitations(policy, mode, [...roots, ...readOnly, ...denyRead, ...readRoots].some(isUncPath)),
  };
  return { ...plan, scripts: { setup: setupScript(mode), apply: applyScript(plan), revoke: revokeScript(plan) } };
}

/**
 * The capability SID for a workspace: `S-1-5-21-a-b-c-d`, where a..d are the
 * first 16 bytes of SHA-256("trellis-capability-sid-v1\0" + policy mode + "\0"
 * + upper-cased normalised workspace path) read as four little-endian uint32.
 *
 * - Deterministic: the same workspace gets the same SID on every run and
 *   machine, so ACEs applied once keep working and no file has to hold the SID
 *   (what was applied still has to be recorded, to revoke it later).
 * - Distinct per workspace and per policy mode: a read-only sandbox never
 *   carries the SID that workspace-write granted Modify to.
 * - Case- and spelling-insensitive (C:/x/ and c:\X are one workspace), as NTFS is.
 * - Being predictable is harmless: restricting SIDs only ever narrow a token,
 *   and CreateRestrictedToken on an already restricted token intersects the
 *   restricting SIDs, so a sandboxed command cannot add another workspace's SID.
 * - The S-1-5-21 form (a domain-relative SID, as Codex uses) draws its 96
 *   "domain" bits from the hash; a clash with a real account is negligible.
 */
export function capabilitySid(workspace: string | null, policyMode: SandboxMode): string {
  const key = workspace === null ? '' : windowsPathKey(normalizeWindowsPath(workspace, 'workspace'));
  const digest = createHash('sha256').update(`trellis-capability-sid-v1\0${policyMode}\0${key}`, 'utf8').digest();
  const parts = [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset));
  return `S-1-5-21-${parts.join('-')}`;
}

const RESERVED_NAME = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$/i;
const BAD_CHARS = /[<>:"|?*\u0000-\u001f]/;

/**
 * Validates and normalises an absolute Windows path: `X:\…` or `\\server\share\…`
 * (also given with forward slashes or the `\\?\` / `\\?\UNC\` prefixes).
 * Upper-cases the drive letter, folds `.`/`..`, drops the trailing separator.
 * Refuses relative and drive-relative paths, device paths, characters Windows
 * does not allow, reserved device names and components ending in a dot or a
 * space (Win32 would silently strip them, so `.git.` would name `.git`).
 */
export function normalizeWindowsPath(p: string, what = 'path'): string {
  if (typeof p !== 'string' || !p) throw new WindowsPlanError(`${what} must be a non-empty path`);
  let s = p.replace(/\//g, '\\');
  if (/^\\\\\?\\UNC\\/i.test(s)) s = `\\\\${s.slice(8)}`;
  else if (s.startsWith('\\\\?\\')) s = s.slice(4);
  else if (s.startsWith('\\\\.\\')) throw new WindowsPlanError(`${what} is a device path: ${JSON.stringify(p)}`);
  let prefix: string;
  let rest: string;
  const drive = /^([A-Za-z]):\\(.*)$/s.exec(s);
  const unc = /^\\\\([^\\]+)\\([^\\]+)(?:\\(.*))?$/s.exec(s);
  if (drive) {
    prefix = `${drive[1].toUpperCase()}:\\`;
    rest = drive[2];
  } else if (unc) {
    for (const name of [unc[1], unc[2]]) {
      if (BAD_CHARS.test(name) || name === '.' || name === '..') {
        throw new WindowsPlanError(`${what} has a bad server or share name: ${JSON.stringify(p)}`);
      }
    }
    prefix = `\\\\${unc[1]}\\${unc[2]}\\`;
    rest = unc[3] ?? '';
  } else {
    throw new WindowsPlanError(
      `${what} must be an absolute Windows path (X:\\… or \\\\server\\share\\…): ${JSON.stringify(p)}`,
    );
  }
  const parts: string[] = [];
  for (const part of rest.split('\\')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      parts.pop();
      continue;
    }
    if (BAD_CHARS.test(part))
      throw new WindowsPlanError(`${what} has a character Windows does not allow: ${JSON.stringify(p)}`);
    if (RESERVED_NAME.test(part))
      throw new WindowsPlanError(`${what} uses a reserved device name: ${JSON.stringify(p)}`);
    if (/[. ]$/.test(part))
      throw new WindowsPlanError(`${what} has a component ending in a dot or space: ${JSON.stringify(p)}`);
    parts.push(part);
  }
  if (parts.length) return prefix + parts.join('\\');
  return drive ? prefix : prefix.slice(0, -1); // X:\ keeps its separator, \\server\share does not
}

/** The comparison key of a normalised path: upper-cased where that keeps each character one character. */
export function windowsPathKey(normalized: string): string {
  return Array.from(normalized, (c) => {
    const upper = c.toUpperCase();
    return upper.length === c.length ? upper : c;
  }).join('');
}

export function isUncPath(normalized: string): boolean {
  return normalized.startsWith('\\\\');
}

/** True when `child` is `parent` or lies inside it (case-insensitive). */
export function isWithinWindows(child: string, parent: string): boolean {
  const c = windowsPathKey(child);
  const p = windowsPathKey(parent);
  return c === p || c.startsWith(p.endsWith('\\') ? p : `${p}\\`);
}

/** A PowerShell single-quoted literal: nothing inside is expanded; every kind of single quote is doubled. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

function uniquePaths(paths: string[], what: string): string[] {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const normalized = normalizeWindowsPath(p, what);
    const key = windowsPathKey(normalized);
    if (!seen.has(key)) seen.set(key, normalized);
  }
  return [...seen.values()];
}

function baseName(normalized: string): string {
  return normalized.slice(normalized.lastIndexOf('\\') + 1);
}

function offlineFirewallRule(): FirewallRulePlan {
  return {
    name: OFFLINE_FIREWALL_RULE,
    displayName: 'Trellis sandbox (offline): block outbound',
    direction: 'Outbound',
    action: 'Block',
    protocol: 'Any',
    profile: 'Any',
    account: SANDBOX_USER_OFFLINE,
  };
}

const OFFLINE_ENV: Record<string, string> = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: 'localhost,127.0.0.1,::1',
  PIP_NO_INDEX: '1',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  NPM_CONFIG_OFFLINE: 'true',
  CARGO_NET_OFFLINE: 'true',
  GIT_SSH_COMMAND: 'cmd /c exit 1',
  GIT_ALLOW_PROTOCOLS: 'file',
};

function networkPlan(policy: SandboxPolicy, mode: WindowsSandboxMode, stubDir: string | undefined) {
  const elevated = mode === 'elevated';
  const set: Record<string, string> = policyMarkers(policy, 'windows-token');
  const remove: string[] = [];
  const prependPath: string[] = [];
  const network = policy.network;
  const proxyUrl =
    network.mode === 'allow-hosts' && network.proxyUrl !== undefined ? loopbackProxyUrl(network.proxyUrl) : null;
  let stubs: WindowsSandboxPlan['network']['stubs'] = null;
  if (network.mode === 'on') {
    // nothing to add
  } else if (proxyUrl !== null) {
    Object.assign(set, { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, ALL_PROXY: proxyUrl });
    remove.push('NO_PROXY');
  } else {
    // off, or allow-hosts without a proxy (fail closed): a dead proxy, offline package managers, failing ssh.
    Object.assign(set, OFFLINE_ENV);
    const dir = stubDir === undefined ? null : normalizeWindowsPath(stubDir, 'stub dir');
    stubs = {
      dir,
      names: NETWORK_STUBS,
      content: '@echo off\r\necho Network access is off in the Trellis sandbox. 1>&2\r\nexit /b 1\r\n',
    };
    if (dir !== null) prependPath.push(dir);
  }
  return {
    account: network.mode === 'on' ? SANDBOX_USER_ONLINE : SANDBOX_USER_OFFLINE,
    enforcement:
      network.mode === 'on' ? ('none' as const) : elevated ? ('firewall' as const) : ('environment-only' as const),
    stubs,
    env: { set, remove, prependPath },
  };
}

/** The proxy URL as the command sees it: loopback only, `localhost` as 127.0.0.1. */
export function loopbackProxyUrl(proxyUrl: string): string {
  let url: URL;
  try {
    url = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
  } catch {
    throw new WindowsPlanError(`allow-hosts: the proxy URL is not a URL: ${JSON.stringify(proxyUrl)}`);
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') {
    throw new WindowsPlanError(`allow-hosts: the proxy must listen on loopback, not ${JSON.stringify(url.hostname)}`);
  }
  if (host === 'localhost') url.hostname = '127.0.0.1';
  return url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href;
}

function limitations(policy: SandboxPolicy, mode: WindowsSandboxMode, hasUnc: boolean): string[] {
  const out = [
    'Unverified on real hardware: this plan was generated and tested on Linux only.',
    'Writes: the token may write only where an ACE grants the capability SID, the logon SID or Everyone. Places where Everyone already has write access stay writable (as in Codex); a world-writable scan that adds deny ACEs is not planned yet.',
    'ACEs stay after the command ends (a descendant may outlive it). The runtime must record what it applied and revoke grants a later policy drops (scripts.revoke).',
    `ACLs belong to objects, not names: a protected path that does not exist cannot carry a deny ACE. ${PRECREATE_NAMES.join(', ')} are created empty first; a missing .git is not, so a sandboxed command could create one (first creation of .git is not blocked on Windows).`,
    'An inheritable ACE is propagated through the whole tree when applied (slow on large trees such as node_modules); subtrees with inheritance disabled do not receive it.',
    'Paths must be final paths (GetFinalPathNameByHandle): junctions, symbolic links and 8.3 short names are not resolved here, and the capability SID follows the spelling given.',
  ];
  if (hasUnc) {
    out.push(
      'UNC paths: the file server checks the network logon, not this token, so ACEs on shares are not applied and the restricted token does not confine writes to them.',
    );
  }
  if (policy.mode === 'read-only')
    out.push('A read-only sandbox is not trusted on Windows (as in Codex): risky commands should still ask.');
  if (mode === 'elevated') {
    out.push(
      `Needs a one-time administrator setup (scripts.setup): the ${SANDBOX_USER_OFFLINE} and ${SANDBOX_USER_ONLINE} accounts, the ${SANDBOX_GROUP} group and the ${OFFLINE_FIREWALL_RULE} firewall rule.`,
      "Reads: the sandbox account reads what Users, Everyone and Authenticated Users may read plus what the plan grants. That is narrower than the policy: the user's profile is unreadable unless granted (readRoots), and deny-read paths are denied to the sandbox group.",
    );
    if (policy.network.mode !== 'on') {
      out.push(
        'Windows Firewall is expected not to filter loopback: with network off, services on 127.0.0.1 stay reachable (the Trellis proxy relies on this for allow-hosts). To verify on hardware.',
      );
    }
    if (policy.network.mode === 'allow-hosts') {
      out.push(
        'allow-hosts: the firewall blocks everything but loopback; whether a host is allowed is decided by the Trellis proxy.',
      );
    }
  } else {
    out.push(
      'Deny-read is NOT enforced: a write-restricted token consults its restricting SIDs only for writes, so no ACE for the capability SID can stop a read, and a deny for the user would lock out the user too.',
    );
    if (policy.network.mode !== 'on') {
      out.push(
        'Network is NOT enforced: only environment variables (a dead proxy, offline package managers, ssh/scp stubs). A program that ignores them reaches the network, and network shares stay writable.',
      );
    }
  }
  return out;
}

const HEADER =
  '(generated by electron/core/sandbox/windows/restricted-token-plan.ts; UNVERIFIED on real hardware; review before running)';

function setupScript(mode: WindowsSandboxMode): string {
  if (mode === 'unelevated')
    return `# Trellis Windows sandbox, unelevated mode: no setup, nothing needs an administrator.\n# ${HEADER}\n`;
  const group = psQuote(SANDBOX_GROUP);
  const rule = psQuote(OFFLINE_FIREWALL_RULE);
  return `# Trellis Windows sandbox: one-time setup for the elevated mode
# ${HEADER}
# Creates two local accounts and a group, hides the accounts from the sign-in screen, and adds
# a firewall rule that blocks all outbound traffic of the offline account.
#Requires -RunAsAdministrator
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function New-TrellisPassword {
  $bytes = New-Object byte[] 32
  [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
  ConvertTo-SecureString ([Convert]::ToBase64String($bytes)) -AsPlainText -Force
}

if (-not (Get-LocalGroup -Name ${group} -ErrorAction SilentlyContinue)) {
  New-LocalGroup -Name ${group} -Description 'Trellis sandbox accounts' | Out-Null
}
$hidden = 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList'
if (-not (Test-Path -LiteralPath $hidden)) { New-Item -Path $hidden -Force | Out-Null }
foreach ($name in @(${psQuote(SANDBOX_USER_OFFLINE)}, ${psQuote(SANDBOX_USER_ONLINE)})) {
  if (-not (Get-LocalUser -Name $name -ErrorAction SilentlyContinue)) {
    # The native helper keeps this password (DPAPI, current user) to start the account; this review script discards it.
    New-LocalUser -Name $name -Password (New-TrellisPassword) -PasswordNeverExpires -UserMayNotChangePassword -AccountNeverExpires -Description 'Trellis sandbox account' | Out-Null
  }
  if (-not (Get-LocalGroupMember -Group ${group} -Member $name -ErrorAction SilentlyContinue)) {
    Add-LocalGroupMember -Group ${group} -Member $name
  }
  New-ItemProperty -LiteralPath $hidden -Name $name -Value 0 -PropertyType DWord -Force | Out-Null
}

$offlineSid = (Get-LocalUser -Name ${psQuote(SANDBOX_USER_OFFLINE)}).SID.Value
Remove-NetFirewallRule -Name ${rule} -ErrorAction SilentlyContinue
New-NetFirewallRule -Name ${rule} -DisplayName ${psQuote(offlineFirewallRule().displayName)} -Direction Outbound -Action Block -Protocol Any -Profile Any -LocalUser "O:LSD:(A;;CC;;;$offlineSid)" | Out-Null
`;
}

const SET_ACE = `function Set-TrellisAce {
  param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Verb, [Parameter(Mandatory)][string]$Sid,
        [Parameter(Mandatory)][string]$Rights, [switch]$CreateDirectory)
  if (-not (Test-Path -LiteralPath $Path)) {
    if (-not $CreateDirectory) { Write-Warning "not found, skipped: $Path"; return }
    [void][System.IO.Directory]::CreateDirectory($Path)
  }
  $inherit = if (Test-Path -LiteralPath $Path -PathType Container) { '(OI)(CI)' } else { '' }
  & $Icacls $Path $Verb "*\${Sid}:$inherit$Rights" | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "icacls $Verb failed for $Path" }
}`;

const REMOVE_ACE = `function Remove-TrellisAce {
  param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Sid)
  if (-not (Test-Path -LiteralPath $Path)) { return }
  & $Icacls $Path /remove "*\${Sid}" | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "icacls /remove failed for $Path" }
}`;

function scriptPrelude(plan: Omit<WindowsSandboxPlan, 'scripts'>, what: string, helper: string): string[] {
  const lines = [
    `# Trellis Windows sandbox: ${what}`,
    `# ${HEADER}`,
    `# policy: ${plan.policyMode}; mode: ${plan.mode}; capability SID: ${plan.capabilitySid}`,
    'Set-StrictMode -Version Latest',
    "$ErrorActionPreference = 'Stop'",
    "$Icacls = Join-Path $env:SystemRoot 'System32\\icacls.exe'",
  ];
  if (plan.mode === 'elevated')
    lines.push(`$SandboxGroupSid = (Get-LocalGroup -Name ${psQuote(SANDBOX_GROUP)}).SID.Value`);
  lines.push(helper, '');
  return lines;
}

function sidArgument(principal: AclPrincipal): string {
  return principal.kind === 'capability' ? psQuote(principal.sid) : '$SandboxGroupSid';
}

function applyScript(plan: Omit<WindowsSandboxPlan, 'scripts'>): string {
  const lines = scriptPrelude(plan, 'apply the ACEs for one policy', SET_ACE);
  for (const entry of plan.acl) {
    const verb = entry.action === 'allow' ? '/grant:r' : '/deny';
    const call =
      `Set-TrellisAce -Path ${psQuote(entry.path)} -Verb '${verb}' -Sid ${sidArgument(entry.principal)} -Rights ${psQuote(entry.rights)}` +
      (entry.createIfMissing ? ' -CreateDirectory' : '');
    lines.push(`# ${entry.reason}: ${entry.action} ${entry.principal.kind}`);
    lines.push(entry.applied ? call : `# not applied, ${entry.note}: ${call}`);
  }
  return `${lines.join('\n')}\n`;
}

function revokeScript(plan: Omit<WindowsSandboxPlan, 'scripts'>): string {
  const lines = scriptPrelude(
    plan,
    'remove the ACEs this policy applied (directories created empty are left)',
    REMOVE_ACE,
  );
  const seen = new Set<string>();
  for (const entry of plan.acl) {
    if (!entry.applied) continue;
    const key = `${windowsPathKey(entry.path)}\0${sidArgument(entry.principal)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`Remove-TrellisAce -Path ${psQuote(entry.path)} -Sid ${sidArgument(entry.principal)}`);
  }
  return `${lines.join('\n')}\n`;
}
