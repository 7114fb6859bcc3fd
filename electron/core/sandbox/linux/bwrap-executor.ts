import fs from 'node:fs';
import path from 'node:path';
import { isWithin, realOrResolved } from '../build-policy';
import { isSecretVariable } from '../command-environment';
import type { Executor, ExecRequest, ExecResult } from '../executor';
import { explainDenial } from '../explain-denial';
import type { SandboxPolicy } from '../sandbox-policy';
import { runProcessGroup } from '../unconfined-executor';
import { bwrapArgs, probeHost } from './bwrap-args';
import { detectBwrap, type BwrapDetection } from './detect-bwrap';
import { buildSeccompFilter, seccompArchFor } from './seccomp-filter';

export interface BwrapExecutorOptions {
  /** Absolute path of bwrap (from detect()). */
  bwrap: string;
  /** bubblewrap ≥ 0.5 (`--perms`). Default true. */
  perms?: boolean;
  /** The user's home folder, to name hidden paths as `~/…` in denial notes. */
  userHome?: string;
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

  constructor(
    readonly policy: SandboxPolicy,
    private readonly options: BwrapExecutorOptions,
  ) {
    if (policy.mode === 'danger-full-access') throw new Error('danger-full-access runs without a sandbox: use UnconfinedExecutor');
    const arch = seccompArchFor();
    if (!arch) throw new Error(`no seccomp system call table for ${process.arch}`);
    this.filter = buildSeccompFilter({ arch, blockNetwork: policy.network.mode !== 'on' });
    this.reexpose = resolvConfTarget();
    this.links = runSymlinks();
    this.description = describePolicy(policy);
  }

  /** Whether bubblewrap works here; cached for the process. Never a silent fallback: a failure carries the reason and the fix. */
  static detect(options: { refresh?: boolean } = {}): Promise<BwrapDetection> {
    return detectBwrap(options);
  }

  /** bwrap's arguments for a request, and the placeholder folders it will create (for tests and `--dry-run` style tooling). */
  plan(request: Pick<ExecRequest, 'argv' | 'cwd' | 'env'>) {
    const held = new Set(HELD_PLACEHOLDERS.keys());
    return bwrapArgs({
      policy: this.policy,
      cwd: realOrResolved(request.cwd),
      argv: request.argv,
      // A placeholder another command holds is this command's placeholder too, so it is not removed under it.
      probe: (p) => (held.has(p) ? 'missing' : probeHost(p)),
      seccompFd: 3,
      perms: this.options.perms ?? true,
      tmpdir: request.env.TMPDIR,
      reexpose: this.reexpose,
      links: this.links,
    });
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    const env = sandboxEnvironment(request.env, this.policy);
    const { args, placeholders } = this.plan({ ...request, env });
    hold(placeholders);
    let result: ExecResult;
    try {
      result = await runProcessGroup({ ...request, env, argv: [this.options.bwrap, ...args] }, { inputs: [this.filter] });
    } finally {
      release(placeholders);
    }
    // bwrap's own refusal to start the command: answer as a shell would.
    const notFound = /^bwrap: execvp [^\n]*: No such file or directory$/m.test(result.output);
    const notExecutable = /^bwrap: execvp [^\n]*: Permission denied$/m.test(result.output);
    if (result.exitCode === 1 && (notFound || notExecutable)) result = { ...result, exitCode: notFound ? 127 : 126 };
    if (request.stdio === 'inherit') return result;
    const note = explainDenial(result, this.policy, { cwd: realOrResolved(request.cwd), userHome: this.options.userHome ?? request.env.HOME });
    if (!note) return result;
    const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
    return { ...result, output: `${output}${note}\n`, sandboxDenial: note };
  }
}

/**
 * The environment inside: secret-looking variables never pass, whatever the
 * caller built; with the network off, tools can tell (as under Codex).
 */
export function sandboxEnvironment(env: Record<string, string>, policy: SandboxPolicy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (!isSecretVariable(name, value)) out[name] = value;
  if (policy.network.mode !== 'on') {
    out.TRELLIS_SANDBOX_NETWORK_DISABLED = '1';
    out.CODEX_SANDBOX_NETWORK_DISABLED = '1';
  }
  return out;
}

export function describePolicy(policy: SandboxPolicy): string {
  const tmp = policy.tmp === 'private-read-only' ? 'a read-only private /tmp' : 'a private /tmp';
  const writes = policy.writableRoots.length ? `writes only in ${policy.writableRoots.join(', ')} and ${tmp}` : `read-only except ${tmp}`;
  const net =
    policy.network.mode === 'on' ? 'network on' : policy.network.mode === 'off' ? 'network off' : `network only to ${policy.network.hosts.join(', ')} through the proxy`;
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

/** Symlinks directly in /run that lead out of it (NixOS: current-system, booted-system): made again inside the hidden /run. */
function runSymlinks(): Array<{ path: string; target: string }> {
  try {
    return fs
      .readdirSync('/run', { withFileTypes: true })
      .filter((entry) => entry.isSymbolicLink())
      .map((entry) => {
        const p = path.join('/run', entry.name);
        return { path: p, target: fs.readlinkSync(p) };
      })
      .filter((link) => !isWithin(path.resolve('/run', link.target), '/run'));
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
      fs.rmdirSync(p); // only ever removes an empty folder: anything the host put there since stays
    } catch {
      // gone already, or no longer empty
    }
  }
}
