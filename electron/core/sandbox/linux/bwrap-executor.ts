import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isWithin, realOrResolved } from '../build-policy';
import { isSecretVariable } from '../command-environment';
import { refreshDenyRead } from '../fresh-deny-read';
import { policyMarkers, withMarkers } from '../sandbox-markers';
import type { Executor, ExecRequest, ExecResult, SpawnedProcess, SpawnRequest } from '../executor';
import { explainDenial } from '../explain-denial';
import type { SandboxPolicy } from '../sandbox-policy';
import { spawnProcessGroup } from '../process-group';
import { runProcessGroup } from '../unconfined-executor';
import { bwrapArgs, probeHost } from './bwrap-args';
import { detectBwrap, type BwrapDetection } from './detect-bwrap';
import { bridgeCommand, isBridgeConnectRequest } from './proxy-bridge';
import { commandCgroups } from './cgroup-limits';
import { findBash, launcherArgv } from '../sandbox-launcher';
import { buildSeccompFilter, seccompArchFor } from './seccomp-filter';

export interface BwrapExecutorOptions {
  /** Absolute path of bwrap (from detect()). */
  bwrap: string;
  /** bubblewrap ≥ 0.5 (`--perms`). Default true. */
  perms?: boolean;
  /** The user's home folder, to name hidden paths as `~/…` in denial notes. */
  userHome?: string;
  /**
   * allow-hosts: the Unix socket of the network proxy (network-proxy.ts), on the host. Each command is
   * started behind the proxy bridge (proxy-bridge.ts), which gets its connections to it from here, as
   * descriptors over an IPC channel. Without it, allow-hosts reaches nothing.
   */
  proxySocket?: string;
}

/**
 * Runs each command under bubblewrap, called directly (no launcher): new
 * user, pid, ipc and (unless the network is on) network namespaces, `/`
 * read-only, writable roots bound, protected paths read-only, hidden paths
 * covered, a private /tmp, fresh /proc and /dev, no capabilities, and a
 * seccomp filter generated in TypeScript and passed on fd 3.
 */
export class BwrapExecutor implements Executor {
  readonly description: string;
  private readonly filter: Buffer;
  private readonly reexpose: string[];
  private readonly links: Array<{ path: string; target: string }>;
  private readonly bash: string | null;

  constructor(
    readonly policy: SandboxPolicy,
    private readonly options: BwrapExecutorOptions,
  ) {
    if (policy.mode === 'danger-full-access')
      throw new Error('danger-full-access runs without a sandbox: use UnconfinedExecutor');
    const arch = seccompArchFor();
    if (!arch) throw new Error(`no seccomp system call table for ${process.arch}`);
    const viaProxy = policy.network.mode === 'allow-hosts' && !!options.proxySocket;
    this.filter = buildSeccompFilter({ arch, blockNetwork: policy.network.mode !== 'on', loopbackInet: viaProxy });
    this.reexpose = resolvConfTarget();
    this.links = runSymlinks();
    this.bash = findBash(policy.denyRead, (p) => probeHost(p) === 'file');
    this.description = describePolicy(policy);
  }

  /** Whether bubblewrap works here; cached for the process. Never a silent fallback: a failure carries the reason and the fix. */
  static detect(options: { refresh?: boolean } = {}): Promise<BwrapDetection> {
    return detectBwrap(options);
  }

  /** bwrap's arguments for a request, and the placeholder folders it will create (for tests and `--dry-run` style tooling). */
  plan(
    request: Pick<ExecRequest, 'argv' | 'cwd' | 'env'> & Pick<SpawnRequest, 'readable'>,
    policy: SandboxPolicy = this.policy,
  ) {
    const held = new Set(HELD_PLACEHOLDERS.keys());
    return bwrapArgs({
      policy,
      cwd: realOrResolved(request.cwd),
      argv: request.argv,
      // A placeholder another command holds is this command's placeholder too, so it is not removed under it.
      probe: (p) => (held.has(p) ? 'missing' : probeHost(p)),
      seccompFd: 3,
      perms: this.options.perms ?? true,
      tmpdir: request.env.TMPDIR,
      readable: request.readable,
      reexpose: this.reexpose,
      links: this.links,
      ...maskSources(policy.writableRoots),
    });
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    const launch = this.launch(request, sandboxEnvironment(request.env, this.policy));
    let result: ExecResult;
    try {
      result = await runProcessGroup({ ...request, env: launch.env, argv: launch.argv }, launch.options);
    } finally {
      launch.release();
    }
    const policy = launch.policy;
    // bwrap's own refusal to start the command: answer as a shell would.
    const notFound = /^bwrap: execvp [^\n]*: No such file or directory$/m.test(result.output);
    const notExecutable = /^bwrap: execvp [^\n]*: Permission denied$/m.test(result.output);
    if (result.exitCode === 1 && (notFound || notExecutable)) result = { ...result, exitCode: notFound ? 127 : 126 };
    if (request.stdio === 'inherit') return result;
    const note = explainDenial(result, policy, {
      cwd: realOrResolved(request.cwd),
      userHome: this.options.userHome ?? request.env.HOME,
    });
    if (!note) return result;
    const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
    return { ...result, output: `${output}${note}\n`, sandboxDenial: note };
  }

  /** A stdio MCP server under the same bwrap, seccomp, launcher and limits as a command, for as long as it lives. */
  async spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    const launch = this.launch(request, sandboxEnvironment(request.env, this.policy, request.keepSecrets));
    try {
      const spawned = spawnProcessGroup(
        { ...request, env: launch.env, argv: launch.argv },
        launch.options,
        launch.release,
      );
      const where = { cwd: realOrResolved(request.cwd), userHome: this.options.userHome ?? request.env.HOME };
      return {
        ...spawned,
        explainFailure: (exit, output) => explainDenial({ output, ...exit }, launch.policy, where),
      };
    } catch (error) {
      launch.release(); // refused before it started (an argument Node will not pass): nothing may stay held
      throw error;
    }
  }

  /**
   * What starting a process under this sandbox takes: bwrap's command line (behind the launcher, the bridge for
   * allow-hosts and the cgroups when root), its environment and inputs, and `release` for what it held
   * (placeholders on the host, cgroups), to call once it has ended.
   */
  private launch(
    request: Pick<ExecRequest, 'argv' | 'cwd'> & Pick<SpawnRequest, 'readable'>,
    sandboxEnv: Record<string, string>,
  ) {
    // deny_read globs are looked for again: a matching file made since the session started is hidden too.
    const policy = refreshDenyRead(this.policy);
    let env = sandboxEnv;
    // Only stdin, stdout and stderr reach the command, under the limits.
    const limits = this.policy.limits ?? {};
    let argv = this.bash ? launcherArgv(request.argv, this.bash, limits) : request.argv;
    const proxySocket = this.policy.network.mode === 'allow-hosts' ? this.options.proxySocket : undefined;
    if (proxySocket) {
      ({ argv, env } = bridgeCommand(argv, env));
      // The bridge keeps its IPC channel: the descriptor after the seccomp program's.
      if (this.bash) argv = launcherArgv(argv, this.bash, limits, [BRIDGE_CHANNEL_FD]);
    }
    const { args, placeholders } = this.plan({ ...request, argv, env }, policy);
    hold(placeholders);
    // As the host's root the kernel ignores the process rlimit: a cgroup per command holds it instead.
    const cgroups = process.getuid?.() === 0 ? commandCgroups(limits) : null;
    const onMessage = proxySocket
      ? (message: unknown, child: ChildProcess) => connectBridge(message, child, proxySocket)
      : undefined;
    const command = [this.options.bwrap, ...args];
    return {
      policy,
      env,
      argv: cgroups ? cgroups.wrap(command) : command,
      options: { inputs: [this.filter], onMessage },
      release: () => {
        release(placeholders);
        void cgroups?.remove();
      },
    };
  }
}

/** bwrap reads the seccomp program on fd 3; the bridge's IPC channel comes next. */
const BRIDGE_CHANNEL_FD = 4;

/** Answers the bridge's request for a connection: connects to the proxy here, outside, and hands the socket in. */
function connectBridge(message: unknown, child: ChildProcess, proxySocket: string): void {
  if (!isBridgeConnectRequest(message)) return;
  const reply = (socket?: net.Socket) => {
    try {
      if (child.connected) child.send({ type: 'connection', id: message.id }, socket, () => socket?.destroy());
      else socket?.destroy();
    } catch {
      socket?.destroy();
    }
  };
  const socket = net.connect(proxySocket);
  socket.once('connect', () => reply(socket));
  socket.once('error', () => reply());
}

/**
 * The environment inside: secret-looking variables never pass, whatever the
 * caller built, but those the caller names in `keepSecrets` (an MCP server's
 * definition asked for them); the sandbox markers (sandbox-markers.ts) say the
 * mode, the mechanism and whether the network is off.
 */
export function sandboxEnvironment(
  env: Record<string, string>,
  policy: SandboxPolicy,
  keepSecrets: string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (keepSecrets.includes(name) || !isSecretVariable(name, value)) out[name] = value;
  return withMarkers(out, policyMarkers(policy, 'bwrap'));
}

export function describePolicy(policy: SandboxPolicy): string {
  const tmp = policy.tmp === 'private-read-only' ? 'a read-only private /tmp' : 'a private /tmp';
  const writes = policy.writableRoots.length
    ? `writes only in ${policy.writableRoots.join(', ')} and ${tmp}`
    : `read-only except ${tmp}`;
  const net =
    policy.network.mode === 'on'
      ? 'network on'
      : policy.network.mode === 'off'
        ? 'network off'
        : `network only to ${policy.network.hosts.join(', ')} through the proxy`;
  return `bubblewrap + seccomp (${policy.mode}: ${writes}; ${net})`;
}

/** /etc/resolv.conf often links into /run/systemd, which is hidden: its target is shown again so DNS works with the network on. */
function resolvConfTarget(): string[] {
  try {
    const target = fs.realpathSync('/etc/resolv.conf');
    return target === '/etc/resolv.conf' ? [] : [target];
  } catch {
    return [];
  }
}

interface MaskSources {
  dir: string;
  emptyFile: string;
  deniedFile: string;
  deniedDir: string;
  emptyDir: string;
}

let masks: MaskSources | null | undefined;

/**
 * What is bound over hidden and not-yet-existing protected paths: an empty
 * file and an empty folder of mode 0000 (reading fails with "Permission
 * denied": the command has no capability to override the mode, and cannot
 * chmod through a read-only bind), and an empty read-only folder for
 * placeholders. Kept in a per-user folder of mode 0700 under the host's
 * temp folder, checked before use. Not used when a writable root could reach
 * them (a command could otherwise swap one for a symlink to what it hides);
 * the arguments then fall back to /dev/null and tmpfs mounts.
 */
function maskSources(roots: string[]): Partial<MaskSources> {
  if (masks === undefined) masks = makeMaskSources();
  if (!masks || roots.some((root) => isWithin(masks!.dir, root) || isWithin(root, masks!.dir))) return {};
  if (!fs.existsSync(masks.emptyDir) || !fs.existsSync(masks.emptyFile)) masks = makeMaskSources(); // removed under us (a temp cleaner): make it again
  return masks ?? {};
}

function makeMaskSources(): MaskSources | null {
  const uid = process.getuid?.() ?? 0;
  const stable = path.join(os.tmpdir(), `trellis-sandbox-${uid}`);
  for (const attempt of [() => mkdirOwned(stable), () => fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-sandbox-'))]) {
    try {
      const dir = attempt();
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) continue; // someone else's, or open to others
      const sources = {
        dir,
        emptyFile: path.join(dir, 'empty-file'),
        deniedFile: path.join(dir, 'denied-file'),
        deniedDir: path.join(dir, 'denied-dir'),
        emptyDir: path.join(dir, 'empty-dir'),
      };
      ensure(sources.deniedFile, 'file', 0o000);
      ensure(sources.deniedDir, 'dir', 0o000);
      ensure(sources.emptyDir, 'dir', 0o555);
      ensure(sources.emptyFile, 'file', 0o444);
      return sources;
    } catch {
      // try the next place
    }
  }
  return null;
}

function mkdirOwned(dir: string): string {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return dir;
}

/** Make `p` an empty file or folder of this mode, replacing anything else there (never following a symlink). */
function ensure(p: string, kind: 'file' | 'dir', mode: number): void {
  const stat = fs.lstatSync(p, { throwIfNoEntry: false });
  const right = stat && (kind === 'dir' ? stat.isDirectory() : stat.isFile() && stat.size === 0);
  if (stat && !right) {
    if (stat.isDirectory()) fs.chmodSync(p, 0o700);
    fs.rmSync(p, { recursive: true, force: true });
  }
  if (!right) {
    if (kind === 'dir') fs.mkdirSync(p, { mode });
    else fs.writeFileSync(p, '', { mode, flag: 'wx' });
  }
  if ((fs.lstatSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
}

/** Symlinks directly in /run that lead out of it (NixOS: current-system, booted-system) but not into /dev: made again inside the hidden /run. */
function runSymlinks(): Array<{ path: string; target: string }> {
  try {
    return (
      fs
        .readdirSync('/run', { withFileTypes: true })
        .filter((entry) => entry.isSymbolicLink())
        .map((entry) => {
          const p = path.join('/run', entry.name);
          return { path: p, target: fs.readlinkSync(p) };
        })
        // Links into /dev (Debian's /run/shm -> /dev/shm) add nothing: the sandbox has its own /dev. Skipping
        // them lets a plain /run be hidden with one mount instead of four.
        .filter(
          (link) =>
            !isWithin(path.resolve('/run', link.target), '/run') &&
            !isWithin(path.resolve('/run', link.target), '/dev'),
        )
    );
  } catch {
    return [];
  }
}

/** Placeholder folders in use by running commands, counted, so concurrent commands share one and the last removes it. */
const HELD_PLACEHOLDERS = new Map<string, number>();

function hold(paths: string[]): void {
  for (const p of paths) HELD_PLACEHOLDERS.set(p, (HELD_PLACEHOLDERS.get(p) ?? 0) + 1);
}

function release(paths: string[]): void {
  for (const p of paths) {
    const count = (HELD_PLACEHOLDERS.get(p) ?? 1) - 1;
    if (count > 0) {
      HELD_PLACEHOLDERS.set(p, count);
      continue;
    }
    HELD_PLACEHOLDERS.delete(p);
    try {
      // Only ever removes an empty folder or an empty file: anything the host put there since stays.
      const stat = fs.lstatSync(p, { throwIfNoEntry: false });
      if (stat?.isDirectory()) fs.rmdirSync(p);
      else if (stat?.isFile() && stat.size === 0) fs.unlinkSync(p);
    } catch {
      // gone already, or no longer empty
    }
  }
}
