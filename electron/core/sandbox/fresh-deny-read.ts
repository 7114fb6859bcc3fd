import fs from 'node:fs';
import { isWithin } from './build-policy';
import { expandDenyRead } from './expand-deny-read';
import type { SandboxPolicy } from './sandbox-policy';

/**
 * The policy with its deny_read globs looked for again, for one command: a `.env` made after the session
 * started is hidden from the next command on. Without globs, the policy itself (no cost). What the globs
 * match is added to the hidden paths as when the policy was built: by real path, never a folder holding
 * the working folder or a writable root. Executors call this before each command.
 */
export function refreshDenyRead(policy: SandboxPolicy): SandboxPolicy {
  const globs = policy.denyReadGlobs;
  if (!globs?.entries.length) return policy;
  const known = new Set(policy.denyRead);
  const fresh = expandDenyRead({
    entries: globs.entries,
    cwd: globs.roots[0] ?? '/',
    roots: globs.roots,
    userHome: globs.userHome,
  })
    .map(realpath)
    .filter((p): p is string => !!p && !known.has(p) && !globs.roots.some((root) => isWithin(root, p)));
  if (!fresh.length) return policy;
  const denyRead = [...new Set([...policy.denyRead, ...fresh])].sort(
    (a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0),
  );
  return { ...policy, denyRead };
}

function realpath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null; // gone since it was found: nothing to hide
  }
}
