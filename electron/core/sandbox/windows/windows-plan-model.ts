import type { SandboxMode, SandboxPolicy } from '../sandbox-policy';

/**
 * The shape of a Windows sandbox plan and the fixed names it uses: modes,
 * sandbox accounts, group and firewall rule, token flags, icacls rights, and
 * the ACL, firewall and plan types. Data only; no logic.
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
