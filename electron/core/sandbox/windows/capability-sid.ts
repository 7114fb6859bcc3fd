import { createHash } from 'node:crypto';
import type { SandboxMode } from '../sandbox-policy';
import { normalizeWindowsPath, windowsPathKey } from './windows-paths';

// The workspace capability SID the restricted token carries (one per workspace and policy mode).

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
