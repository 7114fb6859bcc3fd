import { baseName, isUncPath } from './windows-paths';
import { PRECREATE_NAMES, RIGHTS, SANDBOX_GROUP, type AclEntry, type AclPrincipal } from './windows-plan-model';

// The plan's ACL: allow ACEs on writable roots, the temp dir and read roots; deny ACEs on read-only subpaths and deny-read paths.

export interface AclInputs {
  elevated: boolean;
  capSid: string;
  roots: string[];
  tempDir: string | null;
  readRoots: string[];
  readOnly: string[];
  denyRead: string[];
}

export function aclEntries({ elevated, capSid, roots, tempDir, readRoots, readOnly, denyRead }: AclInputs): AclEntry[] {
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
  return acl;
}
