import { isWithin } from './build-policy';
import type { Executor } from './executor';
import { BwrapExecutor } from './linux/bwrap-executor';
import type { SandboxPolicy } from './sandbox-policy';
import { SandboxUnavailableError } from './sandbox-unavailable-error';
import { UnconfinedExecutor } from './unconfined-executor';

export { SandboxUnavailableError };

export interface CreateExecutorOptions {
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** The user's home folder, to name hidden paths as `~/…` in denial notes. */
  userHome?: string;
}

/** Builds the executor that enforces a policy on one platform, or throws SandboxUnavailableError (reason + fix). */
export type PlatformExecutorFactory = (policy: SandboxPolicy, options: CreateExecutorOptions) => Promise<Executor>;

async function linuxExecutor(policy: SandboxPolicy, options: CreateExecutorOptions): Promise<Executor> {
  const found = await BwrapExecutor.detect();
  if (!found.ok) throw new SandboxUnavailableError(found.reason, found.fix);
  const settings = { bwrap: found.bwrap, perms: found.perms, userHome: options.userHome };
  if (policy.network.mode !== 'allow-hosts') return new BwrapExecutor(policy, settings);
  // The bridge inside the sandbox runs on this process's Node, which must be visible there.
  const node = process.execPath;
  if (isWithin(node, '/tmp') || policy.denyRead.some((p) => isWithin(node, p))) {
    throw new SandboxUnavailableError(
      `allow-hosts needs ${node} inside the sandbox to reach the proxy, and the sandbox hides it`,
      'run Trellis with a Node installed outside /tmp and the hidden paths',
    );
  }
  const { startNetworkProxy, ProxiedExecutor } = await networkProxy();
  const proxy = await startNetworkProxy({ allowHosts: policy.network.hosts, listen: 'unix' });
  return new ProxiedExecutor(new BwrapExecutor(policy, { ...settings, proxySocket: proxy.socketPath }), proxy);
}

/** The proxy (node:http, node:dns) loads only for allow-hosts: every other sandboxed start skips it. */
async function networkProxy() {
  const [{ startNetworkProxy }, { ProxiedExecutor }] = await Promise.all([
    import('./network-proxy/network-proxy'),
    import('./network-proxy/proxied-executor'),
  ]);
  return { startNetworkProxy, ProxiedExecutor };
}

/** UNVERIFIED ON REAL HARDWARE (see PLATFORMS.md): Seatbelt, after a check that sandbox-exec accepts the profile. */
async function macosExecutor(policy: SandboxPolicy, options: CreateExecutorOptions): Promise<Executor> {
  const { SeatbeltExecutor } = await import('./macos/seatbelt-executor');
  const found = await SeatbeltExecutor.detect();
  if (!found.ok) throw new SandboxUnavailableError(found.reason, found.fix);
  if (policy.network.mode !== 'allow-hosts') return new SeatbeltExecutor(policy, { userHome: options.userHome });
  // Seatbelt can allow one loopback port and nothing else: the proxy listens there.
  const { startNetworkProxy, ProxiedExecutor } = await networkProxy();
  const proxy = await startNetworkProxy({ allowHosts: policy.network.hosts, listen: { port: 0 } });
  const proxied: SandboxPolicy = {
    ...policy,
    network: { ...policy.network, proxyUrl: `http://127.0.0.1:${proxy.port}` },
  };
  return new ProxiedExecutor(new SeatbeltExecutor(proxied, { userHome: options.userHome }), proxy);
}

/** One factory per platform. Windows (restricted token) plugs in here as `win32` when its executor runs commands. */
export const PLATFORM_EXECUTORS: Partial<Record<NodeJS.Platform, PlatformExecutorFactory>> = {
  linux: linuxExecutor,
  darwin: macosExecutor,
};

/**
 * The executor for a policy: danger-full-access runs unconfined on every
 * platform; any other mode gets the platform's kernel sandbox, or a
 * SandboxUnavailableError saying why not and how to fix it. Never an
 * unconfined fallback.
 */
export async function createExecutor(policy: SandboxPolicy, options: CreateExecutorOptions = {}): Promise<Executor> {
  if (policy.mode === 'danger-full-access') return new UnconfinedExecutor();
  const platform = options.platform ?? process.platform;
  const factory = PLATFORM_EXECUTORS[platform];
  if (!factory) {
    throw new SandboxUnavailableError(
      `the ${policy.mode} sandbox is not yet implemented on ${platform}`,
      'use sandbox_mode = "danger-full-access" (commands run unconfined) until it is, or run Trellis on Linux',
    );
  }
  return factory(policy, options);
}
