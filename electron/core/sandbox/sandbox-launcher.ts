/**
 * The first program inside the sandbox, between bubblewrap and the command:
 * it closes every descriptor but stdin, stdout and stderr (whatever Trellis or
 * its own launcher leaked, and bwrap's seccomp pipe), applies the resource
 * limits, then becomes the command (`exec`, same pid, same environment).
 *
 * bash, because closing descriptors numbered 10 and up by name needs it (a
 * POSIX sh only knows 0–9). `ulimit` with neither -H nor -S sets both limits,
 * so the command cannot raise them again: `-u` is RLIMIT_NPROC (counted in
 * the sandbox's user namespace; the kernel does not apply it to the host's
 * uid 0, where a cgroup does the job: cgroup-limits.ts), `-d` RLIMIT_DATA
 * (heap and private writable mappings: unlike RLIMIT_AS it spares the large
 * address-space reservations of V8, Go and the JVM).
 */
import type { SandboxLimits } from './sandbox-policy';

export type { SandboxLimits };

/** The shell loop closing every descriptor above 2 but `keep` (whole numbers only: they are written into the script), listed in `fdDir`. */
function closeDescriptors(keep: number[], fdDir: string): string {
  const spared = keep
    .filter((fd) => Number.isInteger(fd) && fd > 2)
    .map((fd) => ` && [ "$fd" != ${fd} ]`)
    .join('');
  return `for fd in ${fdDir}/*; do fd=\${fd##*/}; [ "$fd" -gt 2 ]${spared} && eval "exec $fd>&-"; done`;
}

/**
 * The argv that runs `argv` behind the launcher, with `bash` as found on the host; `keep` names descriptors that
 * stay open (the proxy bridge's channel). `fdDir` lists the shell's open descriptors: /proc/self/fd on Linux,
 * /dev/fd on macOS (where the launcher runs under Seatbelt, unverified, without limits).
 */
export function launcherArgv(
  argv: string[],
  bash: string,
  limits: SandboxLimits = {},
  keep: number[] = [],
  fdDir = '/proc/self/fd',
): string[] {
  const steps = [closeDescriptors(keep, fdDir)];
  if (limits.maxProcesses) steps.push(`ulimit -u ${Math.floor(limits.maxProcesses)} 2>/dev/null`);
  if (limits.maxMemoryMb) steps.push(`ulimit -d ${Math.floor(limits.maxMemoryMb) * 1024} 2>/dev/null`);
  steps.push('exec "$@"');
  // --norc: bash reads ~/.bashrc even non-interactively when its stdin is a socket (it takes it for rshd), and a
  // long-lived process's piped stdin is one (Node's pipes are socket pairs).
  return [bash, '--norc', '--noprofile', '-c', steps.join('; '), 'trellis-sandbox', ...argv];
}

/** bash on this machine, where the sandbox can run it; null where there is none (the command then starts without the launcher). */
export function findBash(hidden: string[], exists: (p: string) => boolean): string | null {
  for (const candidate of ['/bin/bash', '/usr/bin/bash']) {
    if (exists(candidate) && !hidden.some((h) => candidate === h || candidate.startsWith(`${h}/`))) return candidate;
  }
  return null;
}
