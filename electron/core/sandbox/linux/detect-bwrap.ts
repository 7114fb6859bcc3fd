import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bwrapArgs, probeHost } from './bwrap-args';
import { buildSeccompFilter, seccompArchFor } from './seccomp-filter';

export type BwrapDetection =
  | {
      ok: true;
      /** Absolute path of the bwrap binary used. */
      bwrap: string;
      /** bubblewrap ≥ 0.5: `--perms` is understood. */
      perms: boolean;
    }
  | { ok: false; reason: string; fix: string };

/**
 * System locations first: a `bwrap` found through PATH could sit in a folder
 * a sandboxed command was allowed to write, and would then run unconfined
 * the next time. PATH is searched after them, absolute entries only.
 */
const SYSTEM_LOCATIONS = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];

export const INSTALL_FIX =
  'install it: sudo apt-get install bubblewrap (Debian, Ubuntu), sudo dnf install bubblewrap (Fedora, RHEL), sudo pacman -S bubblewrap (Arch), sudo zypper install bubblewrap (openSUSE)';

const APPARMOR_PROFILE =
  'abi <abi/4.0>, include <tunables/global> profile bwrap /usr/bin/bwrap flags=(unconfined) { userns, }';

let cached: Promise<BwrapDetection> | undefined;

/**
 * Whether bubblewrap is installed and can build the sandbox Trellis uses:
 * one real run of `true` with every namespace, mount and the seccomp filter,
 * once per process (about 10 ms). Failures say exactly what is missing.
 */
export function detectBwrap(options: { refresh?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<BwrapDetection> {
  if (!cached || options.refresh) cached = detect(options.env ?? process.env);
  return cached;
}

async function detect(env: NodeJS.ProcessEnv): Promise<BwrapDetection> {
  if (process.platform !== 'linux')
    return { ok: false, reason: `bubblewrap sandboxes only on Linux, not on ${process.platform}`, fix: '' };
  const arch = seccompArchFor();
  if (!arch) {
    return {
      ok: false,
      reason: `Trellis's seccomp filter has no system call table for ${process.arch} (x86_64 and aarch64 only)`,
      fix: 'run Trellis on x86_64 or aarch64 Linux',
    };
  }
  const bwrap = findBwrap(env.PATH ?? '');
  if (!bwrap)
    return {
      ok: false,
      reason: 'bubblewrap is not installed (no bwrap in /usr/bin, /usr/local/bin or on PATH)',
      fix: INSTALL_FIX,
    };

  // One real run with everything Trellis uses, a hidden folder included (so `--perms` is tried too);
  // bubblewrap before 0.5 does not know --perms, and gets a second try without it.
  const filter = buildSeccompFilter({ arch, blockNetwork: true });
  const attempt = (perms: boolean) => {
    const policy = {
      mode: 'read-only' as const,
      writableRoots: [],
      readOnlySubpaths: [],
      denyRead: ['/sys/kernel'],
      network: { mode: 'off' as const },
    };
    const { args } = bwrapArgs({ policy, cwd: '/', argv: ['true'], probe: probeHost, seccompFd: 3, perms });
    return run(bwrap, args, { PATH: env.PATH ?? '/usr/bin:/bin' }, filter);
  };
  let perms = true;
  let probe = await attempt(perms);
  if (probe.code !== 0 && /--perms/.test(probe.stderr)) probe = await attempt((perms = false));
  if (probe.code === 0) return { ok: true, bwrap, perms };
  return { ok: false, ...classifyBwrapFailure(probe.stderr, hostFacts()) };
}

export interface HostFacts {
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10+). */
  apparmorRestrictUserns?: string;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian before 11, some hardened kernels). */
  unprivilegedUsernsClone?: string;
  /** /proc/sys/user/max_user_namespaces. */
  maxUserNamespaces?: string;
  /** /.dockerenv or /run/.containerenv exists. */
  container: boolean;
}

function hostFacts(): HostFacts {
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  return {
    apparmorRestrictUserns: read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    unprivilegedUsernsClone: read('/proc/sys/kernel/unprivileged_userns_clone'),
    maxUserNamespaces: read('/proc/sys/user/max_user_namespaces'),
    container: fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv'),
  };
}

/** Why a bubblewrap probe failed, and the fix, from what bwrap said and what the kernel reports. */
export function classifyBwrapFailure(stderr: string, facts: HostFacts): { reason: string; fix: string } {
  const said = stderr.trim().split('\n').filter(Boolean).at(-1) ?? '(no message)';
  if (/seccomp/i.test(stderr)) {
    return {
      reason: `the kernel refused bubblewrap's seccomp filter (bwrap said: ${said})`,
      fix: 'use a kernel built with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER',
    };
  }
  const namespaces =
    /namespace|uid map|gid map|Operation not permitted|Permission denied|No space left on device|Invalid argument/i.test(
      stderr,
    );
  if (namespaces && facts.apparmorRestrictUserns === '1') {
    return {
      reason:
        'user namespaces are disabled: AppArmor restricts them for unprivileged programs (kernel.apparmor_restrict_unprivileged_userns = 1, the default since Ubuntu 23.10), so bubblewrap cannot build a sandbox',
      fix: `let bwrap create them with an AppArmor profile: put \`${APPARMOR_PROFILE}\` in /etc/apparmor.d/bwrap and run \`sudo apparmor_parser -r /etc/apparmor.d/bwrap\`; or lift the restriction for every program with \`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\` (add it to /etc/sysctl.d/ to keep it after a reboot)`,
    };
  }
  if (namespaces && facts.unprivilegedUsernsClone === '0') {
    return {
      reason:
        'user namespaces are disabled (kernel.unprivileged_userns_clone = 0), so bubblewrap cannot build a sandbox',
      fix: '`sudo sysctl -w kernel.unprivileged_userns_clone=1` (add it to /etc/sysctl.d/ to keep it after a reboot)',
    };
  }
  if (namespaces && facts.maxUserNamespaces === '0') {
    return {
      reason: 'user namespaces are disabled (user.max_user_namespaces = 0), so bubblewrap cannot build a sandbox',
      fix: '`sudo sysctl -w user.max_user_namespaces=15000` (add it to /etc/sysctl.d/ to keep it after a reboot)',
    };
  }
  if (namespaces && facts.container) {
    return {
      reason: `this container does not allow user namespaces, so bubblewrap cannot build a sandbox (bwrap said: ${said})`,
      fix: 'start the container with `--security-opt seccomp=unconfined --security-opt apparmor=unconfined` (Docker, Podman), or allow unshare and clone with CLONE_NEWUSER in its seccomp profile; where the container itself is the sandbox, set sandbox_mode = "danger-full-access"',
    };
  }
  return {
    reason: `bubblewrap cannot build a sandbox here (bwrap said: ${said})`,
    fix: 'check that unprivileged user namespaces are enabled: `unshare --user --map-root-user true` must succeed for your user',
  };
}

function findBwrap(pathEnv: string): string | null {
  const onPath = pathEnv
    .split(':')
    .filter((dir) => path.isAbsolute(dir))
    .map((dir) => path.join(dir, 'bwrap'));
  for (const candidate of [...SYSTEM_LOCATIONS, ...onPath]) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: Buffer,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(input ? (['pipe'] as const) : [])],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    if (input) {
      const fd3 = child.stdio[3] as NodeJS.WritableStream;
      fd3.on('error', () => {});
      fd3.end(input);
    }
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: stderr + err.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
