import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../sandbox-policy';
import { capabilitySid } from './capability-sid';
import { psQuote } from './powershell-scripts';
import { windowsSandboxPlan } from './restricted-token-plan';
import { loopbackProxyUrl } from './windows-network';
import { isWithinWindows, normalizeWindowsPath } from './windows-paths';
import { WindowsPlanError } from './windows-plan-error';
import {
  EVERYONE_SID,
  OFFLINE_FIREWALL_RULE,
  RIGHTS,
  SANDBOX_USER_OFFLINE,
  SANDBOX_USER_ONLINE,
  type AclEntry,
} from './windows-plan-model';

// Plans are generated on Linux and checked by what they contain: UNVERIFIED on real Windows.

const HOME = 'C:\\Users\\Ada Lovelace';
const APP = `${HOME}\\My Project`;
const LIBS = 'D:\\shared libs\\core';
const TEMP = `${HOME}\\AppData\\Local\\Temp\\trellis-sbx-1a2b`;

const policy = (over: Partial<SandboxPolicy>): SandboxPolicy => ({
  mode: 'workspace-write',
  writableRoots: [APP, LIBS],
  readOnlySubpaths: [`${APP}\\.git`, `${APP}\\.trellis`, `${LIBS}\\.git`],
  denyRead: [`${HOME}\\.ssh`, `${HOME}\\.aws`, `${HOME}\\AppData\\Roaming\\Trellis\\secrets.json`],
  network: { mode: 'off' },
  ...over,
});

const entries = (acl: AclEntry[], reason: AclEntry['reason']) =>
  acl.filter((e) => e.reason === reason).map((e) => `${e.action} ${e.principal.kind} ${e.rights} ${e.path}`);

/** Reads the PowerShell single-quoted literal that starts at `text[start]`. */
function readPsLiteral(text: string, start: number): { value: string; end: number } {
  const quotes = "'\u2018\u2019\u201a\u201b";
  if (!quotes.includes(text[start])) throw new Error(`no literal at ${start}`);
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    if (!quotes.includes(text[i])) {
      value += text[i];
    } else if (i + 1 < text.length && quotes.includes(text[i + 1])) {
      value += text[i];
      i++;
    } else {
      return { value, end: i + 1 };
    }
  }
  throw new Error('unterminated literal');
}

/** Every -Path argument of the Set-/Remove-TrellisAce calls in a script, read back as PowerShell would. */
function scriptPaths(script: string): string[] {
  const out: string[] = [];
  for (const match of script.matchAll(/-TrellisAce -Path /g))
    out.push(readPsLiteral(script, match.index + match[0].length).value);
  return out;
}

describe('normalizeWindowsPath', () => {
  it.each([
    ['c:/Users/Ada Lovelace/My Project/', 'C:\\Users\\Ada Lovelace\\My Project'],
    ['C:\\a\\.\\b\\..\\c\\\\d', 'C:\\a\\c\\d'],
    ['c:\\', 'C:\\'],
    ['C:/', 'C:\\'],
    ['C:\\..\\x', 'C:\\x'],
    ['\\\\?\\C:\\Users\\ada', 'C:\\Users\\ada'],
    ['\\\\fileserver\\share\\team proj\\', '\\\\fileserver\\share\\team proj'],
    ['//fileserver/share', '\\\\fileserver\\share'],
    ['\\\\?\\UNC\\fileserver\\share\\x', '\\\\fileserver\\share\\x'],
    ["C:\\Users\\O'Brien\\日本語 ü", "C:\\Users\\O'Brien\\日本語 ü"],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeWindowsPath(input)).toBe(expected);
  });

  it.each([
    ['relative\\path', /absolute/],
    ['C:relative', /absolute/],
    ['\\rooted\\no-drive', /absolute/],
    ['\\\\server', /absolute/],
    ['\\\\.\\PhysicalDrive0', /device path/],
    ['C:\\a\\file.txt:stream', /not allow/],
    ['C:\\a\\b?c', /not allow/],
    ['C:\\a\\b"c', /not allow/],
    ['C:\\a\\line\nbreak', /not allow/],
    ['C:\\proj\\NUL', /reserved/],
    ['C:\\proj\\com1.txt', /reserved/],
    ['C:\\proj\\.git.', /dot or space/],
    ['C:\\proj\\.git ', /dot or space/],
    ['', /non-empty/],
  ])('refuses %j', (input, error) => {
    expect(() => normalizeWindowsPath(input)).toThrow(error);
  });

  it('compares paths case-insensitively by component', () => {
    expect(isWithinWindows('C:\\Users\\ada\\proj\\.git', 'c:\\users\\ADA\\proj')).toBe(true);
    expect(isWithinWindows('C:\\Users\\ada\\project', 'C:\\Users\\ada\\proj')).toBe(false);
    expect(isWithinWindows('C:\\x', 'C:\\')).toBe(true);
  });
});

describe('capabilitySid', () => {
  it('is a well-formed S-1-5-21 SID, stable across runs and releases', () => {
    const sid = capabilitySid(APP, 'workspace-write');
    expect(sid).toMatch(/^S-1-5-21-\d{1,10}-\d{1,10}-\d{1,10}-\d{1,10}$/);
    for (const part of sid.split('-').slice(4)) expect(Number(part)).toBeLessThanOrEqual(0xffffffff);
    // Changing the derivation orphans every ACE already applied: this value must not change.
    expect(sid).toMatchInlineSnapshot(`"S-1-5-21-1761244033-3393248082-15485622-3794664717"`);
  });

  it('is the same for every spelling of one workspace', () => {
    const sid = capabilitySid(APP, 'workspace-write');
    for (const spelling of [
      'c:/users/ada lovelace/my project',
      'C:\\USERS\\ADA LOVELACE\\MY PROJECT\\',
      '\\\\?\\C:\\Users\\Ada Lovelace\\My Project',
      'C:\\Users\\Ada Lovelace\\x\\..\\My Project',
    ]) {
      expect(capabilitySid(spelling, 'workspace-write')).toBe(sid);
    }
  });

  it('differs per workspace (drive letters and UNC paths included) and per policy mode', () => {
    const workspaces = [
      APP,
      `${APP}2`,
      'D:\\My Project',
      '\\\\fileserver\\share\\My Project',
      '\\\\fileserver\\other\\My Project',
      ...Array.from({ length: 200 }, (_v, i) => `C:\\src\\repo-${i}`),
    ];
    const sids = workspaces.map((w) => capabilitySid(w, 'workspace-write'));
    expect(new Set(sids).size).toBe(workspaces.length);
    expect(capabilitySid(APP, 'read-only')).not.toBe(capabilitySid(APP, 'workspace-write'));
    expect(capabilitySid(null, 'read-only')).toMatch(/^S-1-5-21-/);
  });
});

describe('windowsSandboxPlan: elevated (the mode Trellis uses)', () => {
  const plan = windowsSandboxPlan(policy({}), {
    tempDir: TEMP,
    readRoots: [`${HOME}\\.cargo`],
    stubDir: 'C:\\Trellis\\denybin',
  });

  it('describes a write-restricted, LUA, max-privilege-dropped token with the workspace capability SID', () => {
    expect(plan.mode).toBe('elevated');
    expect(plan.verifiedOnRealHardware).toBe(false);
    expect(plan.token.flags).toEqual(['DISABLE_MAX_PRIVILEGE', 'LUA_TOKEN', 'WRITE_RESTRICTED']);
    expect(plan.token.flagsValue).toBe(0x0d);
    expect(plan.token.restrictingSids.map((s) => s.sid)).toEqual([
      capabilitySid(APP, 'workspace-write'),
      null,
      EVERYONE_SID,
    ]);
    expect(plan.capabilitySid).toBe(capabilitySid(APP, 'workspace-write'));
    expect(plan.runAs.account).toBe(SANDBOX_USER_OFFLINE);
    expect(plan.containment.jobObjectLimits).toContain('JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE');
    expect(plan.containment.jobObjectLimits).toContain('JOB_OBJECT_UILIMIT_HANDLES');
  });

  it('grants Modify on writable roots and the temp dir to both the sandbox group and the capability SID', () => {
    expect(entries(plan.acl, 'writable-root')).toEqual([
      `allow sandbox-group M ${APP}`,
      `allow capability M ${APP}`,
      `allow sandbox-group M ${LIBS}`,
      `allow capability M ${LIBS}`,
    ]);
    expect(entries(plan.acl, 'temp-dir')).toEqual([`allow sandbox-group M ${TEMP}`, `allow capability M ${TEMP}`]);
    expect(entries(plan.acl, 'read-root')).toEqual([`allow sandbox-group RX ${HOME}\\.cargo`]);
  });

  it('denies writes on read-only subpaths, creating only tool directories that are missing', () => {
    const ro = plan.acl.filter((e) => e.reason === 'read-only-subpath');
    expect(ro.every((e) => e.action === 'deny' && e.rights === RIGHTS.write)).toBe(true);
    expect(ro.map((e) => `${e.principal.kind} ${e.path} ${e.createIfMissing}`)).toEqual([
      `capability ${APP}\\.git false`,
      `sandbox-group ${APP}\\.git false`,
      `capability ${APP}\\.trellis true`,
      `sandbox-group ${APP}\\.trellis true`,
      `capability ${LIBS}\\.git false`,
      `sandbox-group ${LIBS}\\.git false`,
    ]);
  });

  it('denies everything on deny-read paths to the sandbox group, which does stop reads', () => {
    expect(entries(plan.acl, 'deny-read')).toEqual([
      `deny sandbox-group F ${HOME}\\.ssh`,
      `deny sandbox-group F ${HOME}\\.aws`,
      `deny sandbox-group F ${HOME}\\AppData\\Roaming\\Trellis\\secrets.json`,
    ]);
    expect(plan.guarantees).toEqual({
      writes: 'confined-by-acl',
      denyRead: 'enforced',
      network: 'enforced-by-firewall',
    });
  });

  it('network off: the offline account behind a firewall rule, plus the offline environment and stubs', () => {
    expect(plan.network.enforcement).toBe('firewall');
    expect(plan.network.firewallRule).toMatchObject({
      name: OFFLINE_FIREWALL_RULE,
      direction: 'Outbound',
      action: 'Block',
      account: SANDBOX_USER_OFFLINE,
    });
    expect(plan.env.set).toMatchObject({
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NPM_CONFIG_OFFLINE: 'true',
      TRELLIS_SANDBOX: 'workspace-write',
      TRELLIS_SANDBOX_MECHANISM: 'windows-token',
      TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
    });
    expect(plan.env.prependPath).toEqual(['C:\\Trellis\\denybin']);
    expect(plan.network.stubs?.names).toEqual(['ssh', 'scp', 'sftp']);
    expect(plan.limitations.join('\n')).toMatch(/loopback/);
  });

  it('the setup script creates the accounts, the group and the firewall rule, and needs an administrator', () => {
    expect(plan.scripts.setup).toContain('#Requires -RunAsAdministrator');
    expect(plan.scripts.setup).toContain("New-LocalGroup -Name 'TrellisSandboxUsers'");
    expect(plan.scripts.setup).toContain(
      `New-NetFirewallRule -Name '${OFFLINE_FIREWALL_RULE}' -DisplayName 'Trellis sandbox (offline): block outbound' -Direction Outbound -Action Block -Protocol Any -Profile Any -LocalUser "O:LSD:(A;;CC;;;$offlineSid)"`,
    );
    // New-Item -Force on an existing registry key would wipe its values: only when missing.
    expect(plan.scripts.setup).toContain(
      'if (-not (Test-Path -LiteralPath $hidden)) { New-Item -Path $hidden -Force | Out-Null }',
    );
  });

  it('the apply script has one icacls call per entry, every path quoted so PowerShell reads it back unchanged', () => {
    expect(scriptPaths(plan.scripts.apply)).toEqual(plan.acl.map((e) => e.path));
    expect(plan.scripts.apply).toContain(
      `Set-TrellisAce -Path 'C:\\Users\\Ada Lovelace\\My Project' -Verb '/grant:r' -Sid '${plan.capabilitySid}' -Rights 'M'`,
    );
    expect(plan.scripts.apply).toContain(
      "Set-TrellisAce -Path 'C:\\Users\\Ada Lovelace\\.ssh' -Verb '/deny' -Sid $SandboxGroupSid -Rights 'F'",
    );
    expect(plan.scripts.apply).toContain(
      "Set-TrellisAce -Path 'C:\\Users\\Ada Lovelace\\My Project\\.trellis' -Verb '/deny' -Sid $SandboxGroupSid -Rights '(WD,AD,WEA,WA,DE,DC,WDAC,WO)' -CreateDirectory",
    );
  });

  it('the revoke script removes each applied (path, principal) once', () => {
    const paths = scriptPaths(plan.scripts.revoke);
    expect(paths).toHaveLength(new Set(plan.acl.map((e) => `${e.path}|${e.principal.kind}`)).size);
    expect(plan.scripts.revoke).toContain(
      `Remove-TrellisAce -Path 'D:\\shared libs\\core' -Sid '${plan.capabilitySid}'`,
    );
  });

  it('golden apply and setup scripts (readable PowerShell)', async () => {
    await expect(plan.scripts.apply).toMatchFileSnapshot('./golden/workspace-write-elevated.apply.ps1');
    await expect(plan.scripts.setup).toMatchFileSnapshot('./golden/elevated.setup.ps1');
  });
});

describe('windowsSandboxPlan: unelevated (weaker, says so)', () => {
  const plan = windowsSandboxPlan(policy({}), { mode: 'unelevated' });

  it('restricts the current user token and grants only the capability SID', () => {
    expect(plan.runAs.account).toBe('the current user');
    expect(plan.acl.some((e) => e.principal.kind === 'sandbox-group')).toBe(false);
    expect(entries(plan.acl, 'writable-root')).toEqual([`allow capability M ${APP}`, `allow capability M ${LIBS}`]);
    expect(plan.scripts.setup).toMatch(/no setup/);
    expect(plan.scripts.apply).not.toContain('$SandboxGroupSid');
  });

  it('does not claim to enforce deny-read or network off', () => {
    expect(plan.guarantees).toEqual({
      writes: 'confined-by-acl',
      denyRead: 'not-enforced',
      network: 'environment-only',
    });
    expect(plan.network).toMatchObject({ enforcement: 'environment-only', firewallRule: null });
    const denyRead = plan.acl.filter((e) => e.reason === 'deny-read');
    expect(denyRead.every((e) => e.rights === RIGHTS.write && /stops writes only/.test(e.note ?? ''))).toBe(true);
    const text = plan.limitations.join('\n');
    expect(text).toMatch(/Deny-read is NOT enforced/);
    expect(text).toMatch(/Network is NOT enforced/);
  });

  it('golden apply script', async () => {
    await expect(plan.scripts.apply).toMatchFileSnapshot('./golden/workspace-write-unelevated.apply.ps1');
  });
});

describe('windowsSandboxPlan: policies', () => {
  it('read-only: its own capability SID, no grant but the temp dir, and a warning', () => {
    const plan = windowsSandboxPlan(policy({ mode: 'read-only' }), { tempDir: TEMP });
    expect(plan.capabilitySid).toBe(capabilitySid(APP, 'read-only'));
    expect(plan.capabilitySid).not.toBe(capabilitySid(APP, 'workspace-write'));
    expect(plan.acl.filter((e) => e.action === 'allow').map((e) => e.path)).toEqual([TEMP, TEMP]);
    expect(plan.limitations.join('\n')).toMatch(/read-only sandbox is not trusted/);
  });

  it('network on: the online account, no firewall rule, no proxy variables', () => {
    const plan = windowsSandboxPlan(policy({ network: { mode: 'on' } }));
    expect(plan.runAs.account).toBe(SANDBOX_USER_ONLINE);
    expect(plan.network).toMatchObject({ enforcement: 'none', firewallRule: null, stubs: null });
    expect(plan.env.set).toEqual({ TRELLIS_SANDBOX: 'workspace-write', TRELLIS_SANDBOX_MECHANISM: 'windows-token' });
    expect(plan.guarantees.network).toBe('unrestricted');
  });

  it('allow-hosts: the offline account and proxy variables at the loopback proxy; NO_PROXY removed', () => {
    const plan = windowsSandboxPlan(
      policy({ network: { mode: 'allow-hosts', hosts: ['github.com'], proxyUrl: 'http://localhost:3128' } }),
    );
    expect(plan.runAs.account).toBe(SANDBOX_USER_OFFLINE);
    expect(plan.env.set).toEqual({
      TRELLIS_SANDBOX: 'workspace-write',
      TRELLIS_SANDBOX_MECHANISM: 'windows-token',
      TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
      HTTP_PROXY: 'http://127.0.0.1:3128',
      HTTPS_PROXY: 'http://127.0.0.1:3128',
      ALL_PROXY: 'http://127.0.0.1:3128',
    });
    expect(plan.env.remove).toEqual(['NO_PROXY']);
    expect(plan.network.firewallRule?.account).toBe(SANDBOX_USER_OFFLINE);
  });

  it('allow-hosts without a proxy falls back to off; a proxy off loopback is refused', () => {
    const plan = windowsSandboxPlan(policy({ network: { mode: 'allow-hosts', hosts: [] } }));
    expect(plan.env.set.HTTP_PROXY).toBe('http://127.0.0.1:9');
    expect(() =>
      windowsSandboxPlan(policy({ network: { mode: 'allow-hosts', hosts: [], proxyUrl: 'http://10.1.2.3:3128' } })),
    ).toThrow(/loopback/);
    expect(loopbackProxyUrl('[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('danger-full-access is not planned: it is not sandboxed on Windows', () => {
    expect(() => windowsSandboxPlan(policy({ mode: 'danger-full-access' }))).toThrow(WindowsPlanError);
  });

  it('refuses relative or malformed policy paths', () => {
    expect(() => windowsSandboxPlan(policy({ writableRoots: ['src'] }))).toThrow(/writable root must be an absolute/);
    expect(() => windowsSandboxPlan(policy({ denyRead: ['C:\\x\\.ssh.'] }))).toThrow(/deny-read path/);
  });

  it('drops duplicate spellings of one path', () => {
    const plan = windowsSandboxPlan(
      policy({ writableRoots: [APP, APP.toUpperCase(), `${APP.replace(/\\/g, '/')}/`] }),
      {
        mode: 'unelevated',
      },
    );
    expect(entries(plan.acl, 'writable-root')).toEqual([`allow capability M ${APP}`]);
  });
});

describe('windowsSandboxPlan: UNC paths', () => {
  const share = '\\\\fileserver\\team share\\proj';
  const plan = windowsSandboxPlan(
    policy({ writableRoots: [share], readOnlySubpaths: [`${share}\\.git`], denyRead: ['//fileserver/secrets/keys'] }),
  );

  it('are planned but not applied, with the reason in the script and the limitations', () => {
    const unc = plan.acl.filter((e) => e.path.startsWith('\\\\'));
    expect(unc.length).toBe(plan.acl.length);
    expect(unc.every((e) => !e.applied && /UNC path/.test(e.note ?? ''))).toBe(true);
    for (const line of plan.scripts.apply.split('\n').filter((l) => l.includes('Set-TrellisAce -Path'))) {
      expect(line.startsWith('# not applied, UNC path')).toBe(true);
    }
    expect(plan.limitations.join('\n')).toMatch(/UNC paths: the file server checks the network logon/);
    expect(scriptPaths(plan.scripts.revoke)).toEqual([]);
  });

  it('derive the capability SID from the share path', () => {
    expect(plan.workspace).toBe(share);
    expect(plan.capabilitySid).toBe(capabilitySid('//fileserver/team share/proj/', 'workspace-write'));
  });
});

describe('PowerShell quoting', () => {
  const hostile = [
    "C:\\Users\\O'Brien\\proj",
    'C:\\Users\\ada\\\u2018curly\u2019 \u201aquotes\u201b',
    'C:\\Users\\ada\\$(Remove-Item -Recurse ~)',
    'C:\\Users\\ada\\`backtick` $env{USERPROFILE} ; & calc',
    'C:\\Users\\ada\\日本語 🙂 (x) [y] {z} %PATH%',
  ];

  it('psQuote makes a literal PowerShell reads back unchanged', () => {
    for (const value of hostile)
      expect(readPsLiteral(psQuote(value), 0)).toEqual({ value, end: psQuote(value).length });
  });

  it('paths in generated scripts stay single literals', () => {
    const plan = windowsSandboxPlan(
      policy({
        writableRoots: hostile,
        readOnlySubpaths: hostile.map((p) => `${p}\\.git`),
        denyRead: hostile.map((p) => `${p}\\.env`),
      }),
    );
    expect(scriptPaths(plan.scripts.apply)).toEqual(plan.acl.map((e) => e.path));
    expect(new Set(scriptPaths(plan.scripts.revoke))).toEqual(new Set(plan.acl.map((e) => e.path)));
    // Outside the quoted paths, each call line is exactly the expected shape.
    for (const line of plan.scripts.apply.split('\n').filter((l) => l.startsWith('Set-TrellisAce'))) {
      const { end } = readPsLiteral(line, '-TrellisAce -Path '.length + 'Set'.length);
      expect(line.slice(end)).toMatch(
        /^ -Verb '\/(grant:r|deny)' -Sid ('S-1-5-21-[\d-]+'|\$SandboxGroupSid) -Rights '[A-Z(),]+'( -CreateDirectory)?$/,
      );
    }
  });
});
