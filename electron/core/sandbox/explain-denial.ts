import path from 'node:path';
import { isWithin } from './build-policy';
import type { SandboxPolicy } from './sandbox-policy';

export interface DenialInput {
  output: string;
  exitCode: number | null;
  signal?: string | null;
}

export interface ExplainOptions {
  /** The command's working folder: paths under it are shown relative. */
  cwd?: string;
  /** The user's home folder: deny entries are also recognised in their `~/…` form. */
  userHome?: string;
}

const WRITE_REFUSED = /Read-only file system|\bEROFS\b/;
/** A write refused with EPERM or EACCES (Seatbelt's answer on macOS), said by a tool that names what it was writing. */
const WRITE_VERB =
  /cannot (create|touch|remove|make directory|open|overwrite|move)|can't create|unable to (create|write|open)|could not (create|write|open|lock)|\b(EACCES|EPERM)\b[^\n]*, (open|mkdir|unlink|rename|rmdir|copyfile)\b/i;
const WRITE_ERRNO = /Operation not permitted|Permission denied|\bEPERM\b|\bEACCES\b/;
const ACCESS_REFUSED =
  /Permission denied|\bEACCES\b|Operation not permitted|\bEPERM\b|No such file or directory|\bENOENT\b|cannot open directory/;
const NETWORK_REFUSED = new RegExp(
  [
    'Network is unreachable',
    'ENETUNREACH',
    'Temporary failure in name resolution',
    'Could not resolve host',
    "Couldn't resolve host",
    'EAI_AGAIN',
    'getaddrinfo ENOTFOUND',
    'Name or service not known',
    'No address associated with hostname',
    'Failed to establish a new connection',
    'Address family not supported',
    'connect EPERM',
    'socket EPERM',
  ].join('|'),
);
/** "Operation not permitted" said about a socket: Python (the traceback names socket.py), curl, nc, ssh and the like. */
const SOCKET_EPERM =
  /(socket|connect|bind\(|network|resolve|ssh:|nc:|curl|urlopen|getaddrinfo)[\s\S]{0,400}?(Operation not permitted|\bEPERM\b|\[Errno 1\])|(Operation not permitted|\[Errno 1\])[^\n]{0,80}(socket|connect)/i;
const PTRACE_REFUSED =
  /ptrace[^\n]{0,120}(Operation not permitted|EPERM)|(Operation not permitted|EPERM)[^\n]{0,120}ptrace/i;
/** 128 + SIGSYS: the filter kills 32-bit and x32 system calls. */
const SIGSYS_EXIT = 159;

/**
 * A plain-words note when a failed command looks like the sandbox refused it
 * (a write outside the roots, a hidden path, a connection with the network
 * off), or null. Read by the model and the person alike, so it says what is
 * blocked rather than guessing why the command wanted it.
 */
export function explainDenial(result: DenialInput, policy: SandboxPolicy, options: ExplainOptions = {}): string | null {
  if (policy.mode === 'danger-full-access') return null;
  if (result.exitCode === 0 && !result.signal) return null;
  const out = result.output;
  const show = (p: string) => displayPath(p, options);
  const reasons: string[] = [];

  // EROFS is the sandbox's answer on Linux; elsewhere, a refused write names a path outside the roots or a protected one.
  const refused = refusedWritePaths(out, options.cwd);
  const outside = refused.filter(
    (p) => !policy.writableRoots.some((r) => isWithin(p, r)) && !policy.denyRead.some((d) => isWithin(p, d)),
  );
  const protectedHit = refused.some((p) => policy.readOnlySubpaths.some((r) => isWithin(p, r)));
  if (WRITE_REFUSED.test(out) || outside.length || protectedHit) {
    const hit = policy.readOnlySubpaths.filter((p) => mentions(out, p, options) || mentionsName(out, p));
    if (hit.length) reasons.push(`${hit.map(show).join(', ')} ${hit.length === 1 ? 'stays' : 'stay'} read-only`);
    const tmp = policy.tmp === 'private-read-only' ? '' : ' and the private /tmp';
    if (policy.mode === 'read-only' || !policy.writableRoots.length)
      reasons.push(
        `the file system is read-only${tmp ? ' (only the private /tmp, which is discarded afterwards, is writable)' : ''}`,
      );
    else if (!hit.length) reasons.push(`writes outside ${policy.writableRoots.map(show).join(', ')}${tmp} are blocked`);
  }

  if (ACCESS_REFUSED.test(out)) {
    const hidden = policy.denyRead.filter((p) => mentions(out, p, options));
    if (hidden.length) reasons.push(`reading ${hidden.map(show).join(', ')} is blocked`);
  }

  if (policy.network.mode !== 'on' && (NETWORK_REFUSED.test(out) || SOCKET_EPERM.test(out))) {
    reasons.push(
      policy.network.mode === 'off'
        ? 'network access is off'
        : `the network is limited to ${policy.network.hosts.join(', ')} through Trellis's proxy`,
    );
  }

  if (PTRACE_REFUSED.test(out)) reasons.push('debugging or tracing processes (ptrace) is blocked');
  if (result.signal === 'SIGSYS' || result.exitCode === SIGSYS_EXIT || /Bad system call/.test(out)) {
    reasons.push('32-bit (i386, arm32) and x32 programs are stopped at their first system call');
  }

  if (!reasons.length) return null;
  return `The sandbox (${policy.mode}) refused this: ${reasons.join('; ')}.`;
}

/** Absolute paths (relative ones resolved against cwd) on lines where a tool says a write failed with EPERM or EACCES. */
function refusedWritePaths(out: string, cwd: string | undefined): string[] {
  const paths: string[] = [];
  for (const line of out.split('\n')) {
    if (!WRITE_VERB.test(line) || !WRITE_ERRNO.test(line)) continue;
    const quoted = [...line.matchAll(/['"‘’`]([^'"‘’`\n]+)['"‘’`]/g)].map((m) => m[1]);
    // Unquoted, a path is a word with a slash in it: `.git/config:`, `/etc/x`.
    const bare = line
      .split(/\s+/)
      .map((w) => w.replace(/[:,;]+$/, ''))
      .filter((w) => w.includes('/') && !/['"‘’`]/.test(w));
    for (const p of [...quoted, ...bare]) {
      if (p.startsWith('/')) paths.push(path.normalize(p));
      else if (cwd && /^[\w.-][^\s]*$/.test(p)) paths.push(path.resolve(cwd, p));
    }
  }
  return paths;
}

/** Whether the output names this path, absolutely, relative to cwd, or as `~/…`. */
function mentions(out: string, p: string, options: ExplainOptions): boolean {
  if (out.includes(p)) return true;
  if (
    options.userHome &&
    (p === options.userHome || p.startsWith(options.userHome + '/')) &&
    out.includes('~' + p.slice(options.userHome.length))
  )
    return true;
  if (
    options.cwd &&
    p.startsWith(options.cwd + '/') &&
    new RegExp(`(^|[\\s'"\`(/])(\\./)?${escape(p.slice(options.cwd.length + 1))}($|[\\s'"\`):/])`, 'm').test(out)
  )
    return true;
  return false;
}

/** `.git/config`, `'.git'`: the protected name as a path component. */
function mentionsName(out: string, p: string): boolean {
  if (!path.basename(p).startsWith('.')) return false;
  return new RegExp(`(^|[\\s'"\`/])${escape(path.basename(p))}($|[\\s'"\`:/])`, 'm').test(out);
}

function displayPath(p: string, options: ExplainOptions): string {
  if (options.cwd && p.startsWith(options.cwd + '/')) return p.slice(options.cwd.length + 1);
  if (options.userHome && p.startsWith(options.userHome + '/')) return '~' + p.slice(options.userHome.length);
  return p;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
