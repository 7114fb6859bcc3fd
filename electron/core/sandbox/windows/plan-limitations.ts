import type { SandboxPolicy } from '../sandbox-policy';
import {
  OFFLINE_FIREWALL_RULE,
  PRECREATE_NAMES,
  SANDBOX_GROUP,
  SANDBOX_USER_OFFLINE,
  SANDBOX_USER_ONLINE,
  type WindowsSandboxMode,
} from './windows-plan-model';

// The plan's `limitations`: what the chosen mode and policy do not enforce, in words a person can review.

export function limitations(policy: SandboxPolicy, mode: WindowsSandboxMode, hasUnc: boolean): string[] {
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
