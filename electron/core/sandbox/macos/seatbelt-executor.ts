import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSecretVariable } from '../command-environment';
import { refreshDenyRead } from '../fresh-deny-read';
import { policyMarkers, withMarkers } from '../sandbox-markers';
import type { Executor, ExecRequest, ExecResult, SpawnedProcess, SpawnRequest } from '../executor';
import { explainDenial } from '../explain-denial';
import { PROXY_VARIABLES, withProxyVariables } from '../network-proxy/proxy-environment';
import type { SandboxPolicy } from '../sandbox-policy';
import { SandboxUnavailableError } from '../sandbox-unavailable-error';
import { launcherArgv } from '../sandbox-launcher';
import { spawnProcessGroup } from '../process-group';
import { runProcessGroup } from '../unconfined-executor';
import { proxyPort, SANDBOX_EXEC, seatbeltProfile, type SeatbeltProfileOptions } from './seatbelt-profile';

/**
 * Runs commands under a generated Seatbelt profile through
 * `/usr/bin/sandbox-exec` (never one found on PATH).
 *
 * UNVERIFIED ON REAL HARDWARE: tested on Linux by the argv, profile and
 * environment it produces; the integration test in seatbelt-executor.test.ts
 * only runs on a Mac. See ../PLATFORMS.md.
 */

export interface SeatbeltExecutorOptions {
  /** Parent of the per-run private temp dirs (default: os.tmpdir(), which on macOS is the per-user $TMPDIR). */
  tempParent?: string;
  /** The user's home folder, to name hidden paths as `~/…` in denial notes. */
  userHome?: string;
}

export type SeatbeltDetection = { ok: true } | { ok: false; reason: string; fix: string };

export { PROXY_VARIABLES };

export class SeatbeltExecutor implements Executor {
  readonly description: string;

  constructor(
    private readonly policy: SandboxPolicy,
    private readonly options: SeatbeltExecutorOptions = {},
  ) {
    seatbeltProfile(policy); // a malformed policy fails here, not at the first command
    this.description = `macOS Seatbelt (sandbox-exec): ${policy.mode}, network ${policy.network.mode}`;
  }

  /**
   * Whether Seatbelt works here: macOS, /usr/bin/sandbox-exec present, and
   * the profile Trellis generates (each network variant) accepted by it, so a
   * rule this macOS version does not know fails once, with sandbox-exec's own
   * message, instead of at every command. Cached for the process.
   */
  static detect(options: { refresh?: boolean } = {}): Promise<SeatbeltDetection> {
    if (!detection || options.refresh) detection = detectSeatbelt();
    return detection;
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    const tempDir = await this.tempDir();
    let result: ExecResult;
    try {
      result = await runProcessGroup({ ...request, ...this.plan(request, tempDir) });
    } finally {
      await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (request.stdio === 'inherit') return result;
    const note = explainDenial(result, this.policy, {
      cwd: request.cwd,
      userHome: this.options.userHome ?? request.env.HOME,
    });
    if (!note) return result;
    const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
    return { ...result, output: `${output}${note}\n`, sandboxDenial: note };
  }

  /** A stdio MCP server under the same profile and launcher as a command; its private temp folder goes when it ends. */
  async spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    const tempDir = await this.tempDir();
    const removeTemp = () => rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    try {
      const spawned = spawnProcessGroup({ cwd: request.cwd, ...this.plan(request, tempDir) }, {}, removeTemp);
      const where = { cwd: request.cwd, userHome: this.options.userHome ?? request.env.HOME };
      return {
        ...spawned,
        explainFailure: (exit, output) => explainDenial({ output, ...exit }, this.policy, where),
      };
    } catch (error) {
      await removeTemp();
      throw error;
    }
  }

  /**
   * sandbox-exec's command line and the environment for one process, `run` and `spawn` alike. deny_read globs are
   * looked for again: a matching file made since the session started is hidden too.
   */
  plan(request: Pick<SpawnRequest, 'argv' | 'env' | 'keepSecrets'>, tempDir: string) {
    const policy = realSeatbeltPolicy(refreshDenyRead(this.policy));
    return {
      // Only stdin, stdout and stderr reach the command (the same launcher as on Linux; macOS bash lists /dev/fd).
      argv: seatbeltCommand(policy, launcherArgv(request.argv, '/bin/bash', {}, [], '/dev/fd'), { tempDir }),
      env: seatbeltEnvironment(policy, request.env, { tempDir }, request.keepSecrets),
    };
  }

  /** A private temp folder for one process; refuses (never runs unconfined) where sandbox-exec is missing. */
  private async tempDir(): Promise<string> {
    if (!existsSync(SANDBOX_EXEC)) {
      throw new SandboxUnavailableError(
        `Seatbelt is unavailable: ${SANDBOX_EXEC} does not exist (macOS only); the command was not run`,
        '',
      );
    }
    return realpath(await mkdtemp(path.join(this.options.tempParent ?? os.tmpdir(), 'trellis-sbx-')));
  }
}

let detection: Promise<SeatbeltDetection> | undefined;

async function detectSeatbelt(): Promise<SeatbeltDetection> {
  if (process.platform !== 'darwin')
    return { ok: false, reason: 'Seatbelt (sandbox-exec) exists only on macOS', fix: '' };
  if (!existsSync(SANDBOX_EXEC)) {
    return {
      ok: false,
      reason: `${SANDBOX_EXEC} is missing`,
      fix: 'restore the system sandbox-exec, which ships with macOS',
    };
  }
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'trellis-sbx-probe-')));
  try {
    const networks: SandboxPolicy['network'][] = [
      { mode: 'off' },
      { mode: 'on' },
      { mode: 'allow-hosts', hosts: [], proxyUrl: 'http://127.0.0.1:9' },
    ];
    for (const network of networks) {
      const probe: SandboxPolicy = {
        mode: 'workspace-write',
        writableRoots: [dir],
        readOnlySubpaths: [path.join(dir, '.git')],
        denyRead: [path.join(dir, 'secret')],
        network,
      };
      const result = await runProcessGroup({
        argv: seatbeltCommand(probe, ['/usr/bin/true'], { tempDir: dir }),
        cwd: dir,
        env: { PATH: '/usr/bin:/bin' },
        timeoutMs: 10_000,
      });
      if (result.exitCode !== 0) {
        return {
          ok: false,
          reason: `sandbox-exec refused Trellis's profile for network ${network.mode} (exit ${result.exitCode}): ${result.output.trim()}`,
          fix: 'report it with your macOS version (the generated profile has not been verified on it); until then use danger-full-access',
        };
      }
    }
    return { ok: true };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The full argv: `/usr/bin/sandbox-exec -p PROFILE -DNAME=value… -- CMD…`. Pure. */
export function seatbeltCommand(policy: SandboxPolicy, argv: string[], options: SeatbeltProfileOptions = {}): string[] {
  if (!argv.length) throw new Error('seatbeltCommand: empty argv');
  const { profile, params } = seatbeltProfile(policy, options);
  const defines = Object.entries(params).map(([name, value]) => `-D${name}=${value}`);
  return [SANDBOX_EXEC, '-p', profile, ...defines, '--', ...argv];
}

/**
 * The command's environment. Pure. Secret-looking variables never pass
 * (whatever the caller built, as on Linux, but those named in `keepSecrets`); the sandbox markers
 * (sandbox-markers.ts: TRELLIS_SANDBOX is the mode, TRELLIS_SANDBOX_MECHANISM
 * and Codex's CODEX_SANDBOX are `seatbelt`); TMPDIR at the private temp dir;
 * for allow-hosts, the proxy variables.
 */
export function seatbeltEnvironment(
  policy: SandboxPolicy,
  env: Record<string, string>,
  options: SeatbeltProfileOptions = {},
  keepSecrets: string[] = [],
): Record<string, string> {
  let out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (keepSecrets.includes(name) || !isSecretVariable(name, value)) out[name] = value;
  out = withMarkers(out, policyMarkers(policy, 'seatbelt'));
  if (options.tempDir !== undefined) out.TMPDIR = options.tempDir;
  const network = policy.network;
  if (network.mode === 'allow-hosts' && network.proxyUrl !== undefined) {
    out = withProxyVariables(out, proxyEnvironmentUrl(network.proxyUrl));
  }
  return out;
}

/**
 * The proxy URL as the command should see it: `localhost` becomes 127.0.0.1,
 * because the profile grants no name resolution (the proxy resolves names).
 */
export function proxyEnvironmentUrl(proxyUrl: string): string {
  proxyPort(proxyUrl); // validates: loopback host, usable port
  const url = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
  if (url.hostname.toLowerCase() === 'localhost') url.hostname = '127.0.0.1';
  return url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href;
}

/**
 * Seatbelt matches the real path of what is opened (on macOS /tmp is
 * /private/tmp), so paths are resolved before they become parameters: writable
 * roots to their real path; read-only and deny-read paths to both the path
 * given and its real path, so neither spelling gets through. A path that does
 * not exist yet resolves through its nearest existing ancestor.
 */
export function realSeatbeltPolicy(
  policy: SandboxPolicy,
  resolve: (p: string) => string = realpathSync.native,
): SandboxPolicy {
  const real = (p: string) => resolveThroughAncestor(p, resolve);
  const both = (paths: string[]) => [...new Set(paths.flatMap((p) => [p, real(p)]))];
  return {
    ...policy,
    writableRoots: [...new Set(policy.writableRoots.map(real))],
    readOnlySubpaths: both(policy.readOnlySubpaths),
    denyRead: both(policy.denyRead),
  };
}

function resolveThroughAncestor(p: string, resolve: (p: string) => string): string {
  if (!path.posix.isAbsolute(p)) return p; // left for seatbeltProfile to reject
  const missing: string[] = [];
  for (let head = path.posix.normalize(p); ; head = path.posix.dirname(head)) {
    try {
      return path.posix.join(resolve(head), ...missing);
    } catch {
      if (head === '/') return p;
      missing.unshift(path.posix.basename(head));
    }
  }
}
