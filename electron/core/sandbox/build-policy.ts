import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isGlob } from '../glob/match-glob';
import { expandDenyRead } from './expand-deny-read';
import {
  DEFAULT_DENY_READ_IN_HOME,
  HOST_IPC_PATHS,
  PROTECTED_NAMES,
  STARTUP_FILES_IN_HOME,
  SYSTEM_SECRET_PATHS,
} from './protected-paths';
import {
  DEFAULT_SANDBOX_LIMITS,
  type NetworkPolicy,
  type SandboxLimits,
  type SandboxMode,
  type SandboxPolicy,
} from './sandbox-policy';

export interface BuildPolicyOptions {
  mode: SandboxMode;
  /** The working folder: writable in workspace-write. */
  cwd: string;
  /** The Trellis home ($TRELLIS_HOME or ~/.trellis): hidden from reads. */
  home: string;
  /** The user's home folder (os.homedir()): credential stores under it are hidden. */
  userHome: string;
  /** The account's home from the password database (default os.userInfo().homedir): protected like userHome when it differs. */
  accountHome?: string;
  /** More writable roots (config `writable_roots`, `--writable-root`); relative ones resolve against cwd. Missing ones are skipped. */
  writableRoots?: string[];
  /**
   * More paths hidden from reads (`--deny-read`); `~/` expands to userHome, relative ones resolve against cwd.
   * Globs (`**\/.env`, `~/.config/gh/**`, `*.pem`) are expanded now: see expandDenyRead.
   */
  denyRead?: string[];
  /** Problems worth telling the person (a deny_read glob whose walk stopped early); building goes on. */
  onWarning?: (message: string) => void;
  /** false drops the built-in deny list (credential stores, browser profiles, host IPC sockets). Default true. */
  defaultDenyRead?: boolean;
  /** Network access (config `network_access`, `--network on`). Default off. */
  network?: boolean;
  /** Only these hosts, through Trellis's proxy (`--allow-host`); ignored when `network` is true. */
  allowHosts?: string[];
  proxyUrl?: string;
  /** `exclude_slash_tmp`: the private /tmp is read-only. */
  excludeSlashTmp?: boolean;
  /** `exclude_tmpdir_env_var`: $TMPDIR is not made writable. */
  excludeTmpdirEnvVar?: boolean;
  /** $TMPDIR (default process.env.TMPDIR); writable in workspace-write unless excluded. */
  tmpdir?: string;
  /**
   * Where start-up files live when moved from the home by the environment (default process.env):
   * XDG_CONFIG_HOME, XDG_DATA_HOME, ZDOTDIR, GIT_CONFIG_GLOBAL.
   */
  startupEnv?: Record<string, string | undefined>;
  /** `[sandbox] max_processes`, `max_memory_mb`; unset ones take DEFAULT_SANDBOX_LIMITS, 0 lifts one. */
  limits?: SandboxLimits;
}

export {
  DEFAULT_DENY_READ_IN_HOME,
  HOST_IPC_PATHS,
  PROTECTED_NAMES,
  STARTUP_FILES_IN_HOME,
  SYSTEM_SECRET_PATHS,
} from './protected-paths';

/**
 * The policy for one session or one `trellis sandbox` command. Writable roots
 * are real paths (a symlink cannot point a root elsewhere later); read-only
 * subpaths and deny entries are absolute and may not exist yet.
 */
export function buildSandboxPolicy(options: BuildPolicyOptions): SandboxPolicy {
  const cwd = realOrResolved(options.cwd);
  const network = networkPolicy(options);
  if (options.mode === 'danger-full-access')
    return { mode: options.mode, writableRoots: ['/'], readOnlySubpaths: [], denyRead: [], network: { mode: 'on' } };

  const expand = (p: string) =>
    p === '~' ? options.userHome : p.startsWith('~/') ? path.join(options.userHome, p.slice(2)) : path.resolve(cwd, p);
  const home = realOrResolved(options.home);

  const roots: string[] = [];
  if (options.mode === 'workspace-write') {
    const tmpdir = options.tmpdir ?? process.env.TMPDIR;
    const candidates = [cwd, ...(options.writableRoots ?? []).map(expand)];
    if (tmpdir && !options.excludeTmpdirEnvVar && !isWithin(realOrResolved(tmpdir), '/tmp')) candidates.push(tmpdir);
    for (const candidate of candidates) {
      const real = realpath(candidate);
      if (real && !roots.includes(real)) roots.push(real);
    }
  }
  // A root inside another adds nothing; sorted so parents are bound before children anyway.
  const writableRoots = roots.filter((r) => !roots.some((o) => o !== r && isWithin(r, o))).sort(byDepth);

  const homes = [
    ...new Set(
      [options.userHome, options.accountHome ?? accountHome()].filter((h): h is string => !!h).map(realOrResolved),
    ),
  ];
  const deny = new Set<string>();
  const defaults = options.defaultDenyRead ?? true;
  if (defaults) {
    for (const h of homes) for (const name of DEFAULT_DENY_READ_IN_HOME) deny.add(path.join(h, name));
    deny.add(home);
    for (const p of [...HOST_IPC_PATHS, ...SYSTEM_SECRET_PATHS, ...hostSshKeys()]) deny.add(p);
  }
  // Globs are looked for under the working folder and the writable roots; plain entries are taken as written.
  const extra = expandDenyRead({
    entries: options.denyRead ?? [],
    cwd,
    roots: [cwd, ...writableRoots],
    userHome: options.userHome,
    onWarning: options.onWarning,
  });
  for (const p of extra) deny.add(p);

  // A folder the user chose to work in (or made writable) wins over the built-in list it sits in.
  const chosen = [cwd, ...writableRoots];
  const denyRead = [...deny]
    // Existing entries by their real path; a missing one as written (a mount there follows symlinks anyway).
    .map((p) => realpath(p) ?? path.resolve(p))
    .filter((p, i, all) => all.indexOf(p) === i)
    .filter((p) => !chosen.some((c) => isWithin(c, p)))
    .sort(byDepth);

  const readOnly = new Set<string>();
  for (const root of writableRoots)
    for (const name of PROTECTED_NAMES) for (const p of protectedPaths(path.join(root, name))) readOnly.add(p);
  // Start-up files and hidden stores inside a writable root stay read-only whether or not they exist: a
  // missing one is protected at its topmost missing folder, so neither it nor its parents can be created.
  const guarded = writableRoots.length
    ? [
        ...homes.flatMap((h) => STARTUP_FILES_IN_HOME.map((name) => path.join(h, name))),
        ...relocatedStartupFiles(options.startupEnv ?? process.env),
        ...denyRead,
      ]
    : [];
  for (const p of guarded) {
    const real = realOrResolved(p);
    const root = writableRoots.find((r) => isWithin(real, r) && real !== r);
    if (root) readOnly.add(topmostMissing(real, root));
  }
  if (writableRoots.some((root) => isWithin(home, root))) readOnly.add(home);
  const readOnlySubpaths = [...readOnly]
    .filter((p) => writableRoots.some((root) => isWithin(p, root) && p !== root))
    .sort(byDepth);

  const limits = {
    maxProcesses: options.limits?.maxProcesses ?? DEFAULT_SANDBOX_LIMITS.maxProcesses,
    maxMemoryMb: options.limits?.maxMemoryMb ?? DEFAULT_SANDBOX_LIMITS.maxMemoryMb,
  };
  const globs = (options.denyRead ?? []).filter(isGlob);
  const denyReadGlobs = globs.length
    ? { denyReadGlobs: { entries: globs, roots: [...new Set([cwd, ...writableRoots])], userHome: options.userHome } }
    : {};
  return {
    mode: options.mode,
    writableRoots,
    readOnlySubpaths,
    denyRead,
    ...denyReadGlobs,
    network,
    tmp: options.excludeSlashTmp ? 'private-read-only' : 'private',
    limits,
  };
}

/**
 * Start-up files the environment moved out of the home: `$XDG_CONFIG_HOME/git`, `…/autostart`, `…/systemd`,
 * `$XDG_DATA_HOME/systemd`, `$ZDOTDIR/.zshrc`…, `$GIT_CONFIG_GLOBAL`. Only absolute settings count (as the tools read them).
 */
function relocatedStartupFiles(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const dir = (name: string) => (env[name] && path.isAbsolute(env[name]!) ? env[name]! : null);
  const moved: Array<[string | null, string]> = [
    [dir('XDG_CONFIG_HOME'), '.config/'],
    [dir('XDG_DATA_HOME'), '.local/share/'],
  ];
  for (const [base, prefix] of moved) {
    if (base)
      for (const name of STARTUP_FILES_IN_HOME)
        if (name.startsWith(prefix)) out.push(path.join(base, name.slice(prefix.length)));
  }
  const zdotdir = dir('ZDOTDIR');
  if (zdotdir)
    for (const name of ['.zshrc', '.zshenv', '.zprofile', '.zlogin', '.zlogout']) out.push(path.join(zdotdir, name));
  const gitConfig = dir('GIT_CONFIG_GLOBAL');
  if (gitConfig) out.push(gitConfig);
  return out;
}

/** The account's home from the password database, or null where there is none. */
function accountHome(): string | null {
  try {
    return os.userInfo().homedir || null;
  } catch {
    return null;
  }
}

/** The machine's SSH host keys (/etc/ssh/ssh_host_*_key): their names vary by key type. */
function hostSshKeys(): string[] {
  try {
    return fs
      .readdirSync('/etc/ssh')
      .filter((name) => /^ssh_host_.*_key$/.test(name))
      .map((name) => path.join('/etc/ssh', name));
  } catch {
    return [];
  }
}

/** `p` if it exists, else its topmost missing ancestor below `root`: protecting that blocks creating `p` by any route. */
function topmostMissing(p: string, root: string): string {
  if (fs.lstatSync(p, { throwIfNoEntry: false })) return p;
  let top = p;
  for (
    let parent = path.dirname(p);
    parent !== root && isWithin(parent, root) && !fs.lstatSync(parent, { throwIfNoEntry: false });
    parent = path.dirname(parent)
  )
    top = parent;
  return top;
}

function networkPolicy(options: BuildPolicyOptions): NetworkPolicy {
  if (options.mode === 'danger-full-access' || options.network) return { mode: 'on' };
  const hosts = [...new Set(options.allowHosts ?? [])];
  if (hosts.length) return { mode: 'allow-hosts', hosts, ...(options.proxyUrl ? { proxyUrl: options.proxyUrl } : {}) };
  return { mode: 'off' };
}

/**
 * `.git` and what it points to: a gitdir pointer file (worktrees, submodules)
 * protects its target and the common directory too. A symlinked `.git` is
 * protected at its target (a mount cannot cover the link itself).
 */
function protectedPaths(entry: string): string[] {
  const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
  if (!stat) return [entry]; // missing: its creation is blocked
  if (stat.isSymbolicLink()) return [realOrResolved(entry)];
  if (!stat.isFile() || path.basename(entry) !== '.git') return [entry];
  const out = [entry];
  try {
    const match = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(entry, 'utf8'));
    if (match) {
      const gitdir = realOrResolved(path.resolve(path.dirname(entry), match[1].trim()));
      out.push(gitdir);
      const common = fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim();
      if (common) out.push(realOrResolved(path.resolve(gitdir, common)));
    }
  } catch {
    // no commondir (a submodule) or unreadable: what was found is protected
  }
  return out;
}

function realpath(p: string): string | null {
  if (!fs.existsSync(p)) return null; // cheaper than a thrown ENOENT, and most deny entries do not exist
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

/** The real path where it exists; else the real path of its nearest existing parent, plus the rest. */
export function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  const real = realpath(abs);
  if (real) return real;
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(realOrResolved(parent), path.basename(abs));
}

/** Absolute paths with an empty, `.` or `..` component, or a trailing slash (`/` itself included). */
const NOT_PLAIN = /\/\.{0,2}(?:\/|$)/;

/** Whether `p` is `dir` or inside it. */
export function isWithin(p: string, dir: string): boolean {
  // Plain absolute paths, nearly every call (thousands per policy), compare as strings: path.relative
  // resolves both against the working folder each time, which was most of building a policy.
  if (path.sep === '/' && p.startsWith('/') && dir.startsWith('/') && !NOT_PLAIN.test(p) && !NOT_PLAIN.test(dir)) {
    return p === dir || (p.startsWith(dir) && p[dir.length] === '/');
  }
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel));
}

function byDepth(a: string, b: string): number {
  // Code-unit order, not localeCompare: that would start ICU's collator, ~10 ms at every CLI start.
  return a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0);
}
