import type { SandboxPolicy } from '../sandbox-policy';
import { aclEntries } from './acl-entries';
import { capabilitySid } from './capability-sid';
import { limitations } from './plan-limitations';
import { applyScript, revokeScript, setupScript } from './powershell-scripts';
import { networkPlan, offlineFirewallRule } from './windows-network';
import { isUncPath, normalizeWindowsPath, uniquePaths, windowsPathKey } from './windows-paths';
import { WindowsPlanError } from './windows-plan-error';
import {
  EVERYONE_SID,
  TOKEN_FLAGS,
  TRELLIS_WINDOWS_MODE,
  type WindowsPlanOptions,
  type WindowsSandboxPlan,
} from './windows-plan-model';

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
 *
 * This file assembles the plan; its parts live in windows-plan-model.ts (types
 * and names), windows-paths.ts, capability-sid.ts, acl-entries.ts,
 * windows-network.ts, plan-limitations.ts and powershell-scripts.ts.
 */

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

  const acl = aclEntries({ elevated, capSid, roots, tempDir, readRoots, readOnly, denyRead });

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
