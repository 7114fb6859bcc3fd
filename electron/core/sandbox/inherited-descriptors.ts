import fs from 'node:fs';

/** O_CLOEXEC as /proc/<pid>/fdinfo shows it in `flags:` (octal). */
const O_CLOEXEC = 0o2000000;

/**
 * The descriptors this process holds that a child would inherit: numbers 3
 * and up without close-on-exec. Node and libuv open everything with
 * close-on-exec, so these came from whoever started Trellis (a launcher or a
 * test harness passing an open file, say fd 200 on a hidden key). Linux only
 * (/proc/self/fdinfo); elsewhere an empty list.
 */
export function inheritableDescriptors(): number[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc/self/fdinfo');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const name of names) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd < 3) continue;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (flags && (parseInt(flags[1], 8) & O_CLOEXEC) === 0) out.push(fd);
    } catch {
      // closed meanwhile (the descriptor readdir itself used)
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Closes the descriptors Trellis inherited without close-on-exec, so none of
 * them reaches a command it runs (sandboxed or not). Called first thing by
 * the entry points. Node's IPC channel to a parent (NODE_CHANNEL_FD) is kept.
 * `filesOnly` (the Electron main process, where Chromium's own pipes and
 * sockets may lack the flag) closes only those open on a file or folder.
 * Returns what was closed.
 */
export function closeInheritedDescriptors(
  env: NodeJS.ProcessEnv = process.env,
  options: { filesOnly?: boolean } = {},
): number[] {
  const keep = new Set([Number(env.NODE_CHANNEL_FD)]);
  const closed: number[] = [];
  for (const fd of inheritableDescriptors()) {
    if (keep.has(fd) || (options.filesOnly && !openOnPath(fd))) continue;
    try {
      fs.closeSync(fd);
      closed.push(fd);
    } catch {
      // already closed
    }
  }
  return closed;
}

/** Whether a descriptor is open on a file or folder (its /proc link is a path, not `pipe:[…]` or `socket:[…]`). */
function openOnPath(fd: number): boolean {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('/');
  } catch {
    return false;
  }
}
