import fs from 'node:fs';
import path from 'node:path';
import { isWithin, PROTECTED_NAMES } from '../build-policy';
import type { SandboxPolicy } from '../sandbox-policy';

/** What is at a path on the host, following symlinks; sockets and devices count as files. */
export type PathKind = 'dir' | 'file' | 'missing';

/** What is at a path on this machine; anything unreadable counts as missing (bwrap could not mount it either). */
export function probeHost(p: string): PathKind {
  try {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    return !stat ? 'missing' : stat.isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

export interface BwrapArgsInput {
  policy: SandboxPolicy;
  /** Where the command starts (a real path). */
  cwd: string;
  argv: string[];
  probe: (p: string) => PathKind;
  /** The descriptor bwrap reads the seccomp program from; omitted, no filter is installed. */
  seccompFd?: number;
  /** bubblewrap ≥ 0.5 understands `--perms`: hidden folders become mode 0000 (reads fail with EACCES, not just look empty). */
  perms?: boolean;
  /** $TMPDIR when it lies under /tmp: created inside the private /tmp so tools that use it still work. */
  tmpdir?: string;
  /** Absolute paths the command must read (SpawnRequest.readable): their top folder in /tmp is shown read-only too. */
  readable?: string[];
  /** Files inside hidden folders shown again read-only, e.g. /etc/resolv.conf's target under /run/systemd. */
  reexpose?: string[];
  /** An empty file of mode 0000 bound over hidden files, so reading one fails with EACCES; default /dev/null (reads empty, writes vanish). */
  deniedFile?: string;
  /** An empty folder of mode 0000 bound over hidden folders (one mount, where a read-only tmpfs takes two). */
  deniedDir?: string;
  /** An empty folder bound read-only where a protected path does not exist yet (one mount, where a read-only tmpfs takes two). */
  emptyDir?: string;
  /** An empty read-only file bound where a protected start-up file or store does not exist yet; default /dev/null. */
  emptyFile?: string;
  /** Symlinks inside hidden folders made again, e.g. NixOS's /run/current-system. */
  links?: Array<{ path: string; target: string }>;
}

/**
 * Kernel knobs under the fresh /proc that bubblewrap leaves writable. bwrap
 * skips /proc/sys because the folder itself is not writable, but its files
 * are to uid 0, and with Trellis running as root the sandbox's uid 0 is the
 * host's: it could set kernel.core_pattern and run code outside. Bound
 * read-only from the host's /proc (the values shown still follow the
 * reader's namespaces).
 */
export const PROC_READ_ONLY = ['/proc/sys', '/proc/sysrq-trigger', '/proc/fs'];

export interface BwrapArgs {
  /** bwrap's arguments (without bwrap itself), ending in `--` and the command. */
  args: string[];
  /**
   * Protected paths that did not exist: bwrap creates an empty read-only folder
   * (`.git`, `.trellis`) or file (start-up files, credential stores) there so
   * the command cannot create them. They appear on the host too while the
   * command runs; the executor removes them afterwards if still empty.
   */
  placeholders: string[];
}

/**
 * The bubblewrap command line for a policy. Order matters, later mounts cover
 * earlier ones: the host read-only, a private /tmp, writable roots, fresh
 * /dev and /proc, then read-only subpaths inside the roots, then the hidden
 * paths over everything.
 */
export function bwrapArgs(input: BwrapArgsInput): BwrapArgs {
  const { policy, probe } = input;
  if (policy.mode === 'danger-full-access') throw new Error('danger-full-access runs without bubblewrap');
  const privateTmp = (policy.tmp ?? 'private').startsWith('private');
  const roots = policy.writableRoots.filter((r) => probe(r) !== 'missing');
  // The private /tmp shows nothing of the host's, except (read-only) the top folder holding the working
  // folder or a root, so a repository's .git above a working folder in /tmp is still found.
  const tmpTops = privateTmp
    ? [
        ...new Set(
          [input.cwd, ...roots, ...(input.readable ?? [])]
            .filter((p) => p !== '/tmp' && isWithin(p, '/tmp'))
            .map((p) => path.join('/tmp', p.split('/')[2])),
        ),
      ]
    : [];
  const shownTops = tmpTops.filter((top) => !roots.includes(top) && probe(top) === 'dir');
  const visible = (p: string) =>
    !(privateTmp && isWithin(p, '/tmp')) || [...roots, ...shownTops].some((r) => isWithin(p, r));
  const within = (p: string, dirs: string[]) => dirs.some((d) => d !== p && isWithin(p, d));

  const args = ['--unshare-user', '--unshare-pid', '--unshare-ipc'];
  if (policy.network.mode !== 'on') args.push('--unshare-net');
  args.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind', '/', '/');
  if (privateTmp) {
    args.push('--tmpfs', '/tmp');
    if (input.tmpdir && isWithin(input.tmpdir, '/tmp') && input.tmpdir !== '/tmp') args.push('--dir', input.tmpdir);
    for (const top of shownTops) args.push('--ro-bind', top, top);
  }
  for (const root of roots) args.push('--bind', root, root);
  args.push('--dev', '/dev', '--proc', '/proc');
  for (const p of PROC_READ_ONLY) if (probe(p) !== 'missing') args.push('--ro-bind', p, p);
  if (policy.tmp === 'private-read-only') args.push('--remount-ro', '/tmp');

  const hidden = policy.denyRead.filter((p) => visible(p) && probe(p) !== 'missing');
  // The fresh /proc and /dev are the sandbox's own; hiding `/` would hide everything.
  const masks = hidden.filter((p) => !within(p, hidden) && p !== '/' && !isWithin(p, '/proc') && !isWithin(p, '/dev'));
  const placeholders: string[] = [];
  // A folder holding a protected path could be renamed away, taking the mount with it, and made again
  // unprotected: binding each such folder onto itself makes it a mount point, which cannot be renamed
  // or removed, and stays writable.
  const guards = [...policy.readOnlySubpaths, ...masks].flatMap((p) => {
    const root = roots.find((r) => r !== p && isWithin(p, r));
    const out: string[] = [];
    if (root) for (let a = path.dirname(p); a !== root && isWithin(a, root); a = path.dirname(a)) out.push(a);
    return out;
  });
  for (const a of [...new Set(guards)].sort((x, y) => x.split('/').length - y.split('/').length)) {
    if (visible(a) && !masks.some((m) => isWithin(a, m)) && probe(a) === 'dir') args.push('--bind', a, a);
  }
  for (const p of policy.readOnlySubpaths) {
    if (!visible(p) || masks.some((m) => isWithin(p, m))) continue;
    const kind = probe(p);
    if (kind !== 'missing') {
      args.push('--ro-bind', p, p);
    } else if (
      within(p, roots) &&
      probe(path.dirname(p)) === 'dir' &&
      !policy.readOnlySubpaths.some((o) => o !== p && isWithin(p, o))
    ) {
      if (!PROTECTED_NAMES.includes(path.basename(p))) args.push('--ro-bind', input.emptyFile ?? '/dev/null', p);
      else if (input.emptyDir) args.push('--ro-bind', input.emptyDir, p);
      else args.push('--tmpfs', p, '--remount-ro', p);
      placeholders.push(p);
    }
  }

  const insideMask = (f: string) => masks.some((m) => m !== f && isWithin(f, m));
  const reexpose = (input.reexpose ?? []).filter((f) => probe(f) === 'file' && insideMask(f));
  const links = (input.links ?? []).filter((l) => insideMask(l.path));
  const maskedDirs: string[] = [];
  for (const p of masks) {
    if (probe(p) === 'dir') {
      // Mode 0000: listing or reading fails with EACCES (the command has no capabilities to override it);
      // 0111 where something inside is shown again, so it can be reached but the folder not listed.
      const shown = [...reexpose, ...links.map((l) => l.path)].some((f) => isWithin(f, p));
      if (input.deniedDir && !shown) {
        args.push('--ro-bind', input.deniedDir, p);
        continue;
      }
      if (input.perms) args.push('--perms', shown ? '0111' : '0000');
      args.push('--tmpfs', p);
      maskedDirs.push(p);
    } else {
      args.push('--ro-bind', input.deniedFile ?? '/dev/null', p);
    }
  }
  for (const f of reexpose) args.push('--ro-bind', f, f);
  for (const l of links) args.push('--symlink', l.target, l.path);
  for (const p of maskedDirs) args.push('--remount-ro', p);

  args.push('--chdir', input.cwd);
  if (input.seccompFd !== undefined) args.push('--seccomp', String(input.seccompFd));
  args.push('--', ...input.argv);
  return { args, placeholders };
}
