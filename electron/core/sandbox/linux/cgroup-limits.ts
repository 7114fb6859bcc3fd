import fs from 'node:fs';
import path from 'node:path';
import type { SandboxLimits } from '../sandbox-policy';

/**
 * Limits that hold for a command run as the host's root, where the kernel
 * ignores RLIMIT_NPROC (the sandbox's uid 0 is the host's, and root is never
 * limited by it): a cgroup per command, with pids.max (every process and
 * thread, forks included) and a memory ceiling for the whole command. Made
 * under this process's own cgroup when it is writable (root, or a delegated
 * cgroup v2 subtree with the controllers enabled); elsewhere null, and the
 * launcher's rlimits are what holds.
 *
 * The command is moved in by a `sh` that writes its own pid to each
 * cgroup.procs and then becomes bubblewrap, so everything bwrap starts is
 * inside from its first instruction. Inside the sandbox /sys/fs/cgroup is
 * read-only: the command cannot move itself out.
 */
export interface CommandCgroups {
  /** The cgroup folders the command joins. */
  dirs: string[];
  /** `argv` (bwrap and its arguments) preceded by the shell that joins the cgroups. */
  wrap(argv: string[]): string[];
  /** Removes the cgroups once the command has ended (retries while the last processes are reaped). */
  remove(): Promise<void>;
}

const ROOT = '/sys/fs/cgroup';
let counter = 0;

/** This process's cgroup path per controller (v1) or for the unified hierarchy ('' key, v2). */
function ownCgroups(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const line of fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const match = /^\d+:([^:]*):(.*)$/.exec(line);
      if (!match) continue;
      for (const controller of match[1].split(',')) out.set(controller, match[2]);
    }
  } catch {
    // not Linux, or no /proc
  }
  return out;
}

/** Where a controller's files for a new child cgroup would go: v1's per-controller hierarchy, or v2's unified one when it enables the controller. */
function parentFor(controller: 'pids' | 'memory', own: Map<string, string>): string | null {
  const v1 = own.get(controller);
  if (v1 !== undefined && fs.existsSync(path.join(ROOT, controller, 'cgroup.procs')))
    return path.join(ROOT, controller, v1);
  const v2 = own.get('');
  if (v2 === undefined) return null;
  const base = fs.existsSync(path.join(ROOT, 'cgroup.controllers')) ? ROOT : path.join(ROOT, 'unified');
  const parent = path.join(base, v2);
  try {
    return fs.readFileSync(path.join(parent, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes(controller)
      ? parent
      : null;
  } catch {
    return null;
  }
}

/** Cgroups for one command under these limits, or null where none can be made (not root, no writable hierarchy). */
export function commandCgroups(limits: SandboxLimits, sh = '/bin/sh'): CommandCgroups | null {
  const wanted: Array<['pids' | 'memory', Array<[string, string]>]> = [];
  if (limits.maxProcesses) wanted.push(['pids', [['pids.max', String(limits.maxProcesses)]]]);
  if (limits.maxMemoryMb) {
    const bytes = String(limits.maxMemoryMb * 1024 * 1024);
    wanted.push([
      'memory',
      [
        ['memory.max', bytes],
        ['memory.swap.max', '0'],
        ['memory.limit_in_bytes', bytes],
      ],
    ]);
  }
  if (!wanted.length || !fs.existsSync(sh)) return null;
  const own = ownCgroups();
  const name = `trellis-sandbox-${process.pid}-${++counter}`;
  const dirs: string[] = [];
  const removeAll = () => {
    for (const dir of dirs) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // still busy or gone
      }
    }
  };
  for (const [controller, files] of wanted) {
    const parent = parentFor(controller, own);
    if (!parent) continue;
    const dir = path.join(parent, name);
    if (dirs.includes(dir)) {
      // v2: one cgroup carries both controllers
    } else {
      try {
        fs.mkdirSync(dir);
      } catch {
        continue; // not ours to write
      }
      dirs.push(dir);
    }
    let limited = false;
    for (const [file, value] of files) {
      try {
        if (!fs.existsSync(path.join(dir, file))) continue;
        fs.writeFileSync(path.join(dir, file), value);
        if (!file.includes('swap')) limited = true;
      } catch {
        // this knob is not offered here
      }
    }
    if (!limited && controller === 'pids') {
      removeAll();
      return null; // the process limit is the point: without it, say so by returning nothing
    }
  }
  if (!dirs.length) return null;
  return {
    dirs,
    wrap: (argv) => [
      sh,
      '-c',
      'for d; do [ "$d" = -- ] && break; echo $$ > "$d/cgroup.procs" || exit 125; shift; done; shift; exec "$@"',
      'trellis-cgroup',
      ...dirs,
      '--',
      ...argv,
    ],
    remove: async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        removeAll();
        if (dirs.every((d) => !fs.existsSync(d))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
