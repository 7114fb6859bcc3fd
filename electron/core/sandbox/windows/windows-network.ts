import { policyMarkers } from '../sandbox-markers';
import type { SandboxPolicy } from '../sandbox-policy';
import { normalizeWindowsPath } from './windows-paths';
import { WindowsPlanError } from './windows-plan-error';
import {
  NETWORK_STUBS,
  OFFLINE_FIREWALL_RULE,
  SANDBOX_USER_OFFLINE,
  SANDBOX_USER_ONLINE,
  type FirewallRulePlan,
  type WindowsSandboxMode,
  type WindowsSandboxPlan,
} from './windows-plan-model';

// Network handling and the environment: the offline firewall rule, the sandbox account per network mode,
// proxy and offline variables, the ssh/scp/sftp stubs, and the loopback-only proxy URL.

export function offlineFirewallRule(): FirewallRulePlan {
  return {
    name: OFFLINE_FIREWALL_RULE,
    displayName: 'Trellis sandbox (offline): block outbound',
    direction: 'Outbound',
    action: 'Block',
    protocol: 'Any',
    profile: 'Any',
    account: SANDBOX_USER_OFFLINE,
  };
}

const OFFLINE_ENV: Record<string, string> = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: 'localhost,127.0.0.1,::1',
  PIP_NO_INDEX: '1',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  NPM_CONFIG_OFFLINE: 'true',
  CARGO_NET_OFFLINE: 'true',
  GIT_SSH_COMMAND: 'cmd /c exit 1',
  GIT_ALLOW_PROTOCOLS: 'file',
};

export function networkPlan(policy: SandboxPolicy, mode: WindowsSandboxMode, stubDir: string | undefined) {
  const elevated = mode === 'elevated';
  const set: Record<string, string> = policyMarkers(policy, 'windows-token');
  const remove: string[] = [];
  const prependPath: string[] = [];
  const network = policy.network;
  const proxyUrl =
    network.mode === 'allow-hosts' && network.proxyUrl !== undefined ? loopbackProxyUrl(network.proxyUrl) : null;
  let stubs: WindowsSandboxPlan['network']['stubs'] = null;
  if (network.mode === 'on') {
    // nothing to add
  } else if (proxyUrl !== null) {
    Object.assign(set, { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, ALL_PROXY: proxyUrl });
    remove.push('NO_PROXY');
  } else {
    // off, or allow-hosts without a proxy (fail closed): a dead proxy, offline package managers, failing ssh.
    Object.assign(set, OFFLINE_ENV);
    const dir = stubDir === undefined ? null : normalizeWindowsPath(stubDir, 'stub dir');
    stubs = {
      dir,
      names: NETWORK_STUBS,
      content: '@echo off\r\necho Network access is off in the Trellis sandbox. 1>&2\r\nexit /b 1\r\n',
    };
    if (dir !== null) prependPath.push(dir);
  }
  return {
    account: network.mode === 'on' ? SANDBOX_USER_ONLINE : SANDBOX_USER_OFFLINE,
    enforcement:
      network.mode === 'on' ? ('none' as const) : elevated ? ('firewall' as const) : ('environment-only' as const),
    stubs,
    env: { set, remove, prependPath },
  };
}

/** The proxy URL as the command sees it: loopback only, `localhost` as 127.0.0.1. */
export function loopbackProxyUrl(proxyUrl: string): string {
  let url: URL;
  try {
    url = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
  } catch {
    throw new WindowsPlanError(`allow-hosts: the proxy URL is not a URL: ${JSON.stringify(proxyUrl)}`);
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') {
    throw new WindowsPlanError(`allow-hosts: the proxy must listen on loopback, not ${JSON.stringify(url.hostname)}`);
  }
  if (host === 'localhost') url.hostname = '127.0.0.1';
  return url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href;
}
