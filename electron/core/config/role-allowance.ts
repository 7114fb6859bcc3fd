import { applyOverride, isTable, parseOverride, type Table } from './config-overrides';
import type { TrellisConfig } from './config-types';
import { formatKeyPath } from './toml-keys';

/**
 * What a repository's role file may set without the person's trust: instructions, the model's name and
 * reasoning effort, and changes that make the session stricter than it would be without the role. Every
 * other key (a looser sandbox or approval policy, the network, the environment policy, writable roots, a
 * provider, base URL or key, a profile...) needs the repository to be trusted. An allowlist, so a key
 * added to the config later needs trust until it is judged here.
 */

/** Keys that describe a role rather than configure its session. */
export const DESCRIPTIVE_ROLE_KEYS = new Set(['name', 'description', 'nickname_candidates']);

/** Keys that change what the model is told or which model of the person's provider answers, never what a command may do. */
const ALWAYS_ALLOWED = new Set([
  'developer_instructions',
  'instructions',
  'model',
  'model_reasoning_effort',
  'model_verbosity',
]);

/** What a session would run with, were the role absent: the measure of "stricter". */
export interface RoleBaseline {
  sandbox_mode: TrellisConfig['sandbox_mode'];
  approval_policy: TrellisConfig['approval_policy'];
  network_access: boolean;
  deny_read: string[];
}

export function roleBaseline(config: TrellisConfig): RoleBaseline {
  return {
    sandbox_mode: config.sandbox_mode,
    approval_policy: config.approval_policy,
    network_access: config.sandbox_workspace_write.network_access,
    deny_read: config.sandbox.deny_read,
  };
}

/** The baseline as a role's own overrides leave it: what a repository's role of the same name is measured against. */
export function narrowBaseline(baseline: RoleBaseline, overrides: readonly string[]): RoleBaseline {
  if (!overrides.length) return baseline;
  const doc: Table = {};
  for (const text of overrides) applyOverride(doc, parseOverride(text));
  const sww = isTable(doc.sandbox_workspace_write) ? doc.sandbox_workspace_write : {};
  const sandbox = isTable(doc.sandbox) ? doc.sandbox : {};
  const denyRead = Array.isArray(sandbox.deny_read)
    ? sandbox.deny_read.filter((p): p is string => typeof p === 'string')
    : null;
  return {
    sandbox_mode:
      typeof doc.sandbox_mode === 'string' && doc.sandbox_mode in SANDBOX_RANK
        ? (doc.sandbox_mode as RoleBaseline['sandbox_mode'])
        : baseline.sandbox_mode,
    approval_policy:
      typeof doc.approval_policy === 'string' && doc.approval_policy in APPROVAL_RANK
        ? (doc.approval_policy as RoleBaseline['approval_policy'])
        : baseline.approval_policy,
    network_access: typeof sww.network_access === 'boolean' ? sww.network_access : baseline.network_access,
    deny_read: denyRead ?? baseline.deny_read,
  };
}

/** A key of a repository's file that needs trust, with the value it would set (TOML text) and why. */
export interface ConfigChange {
  file: string;
  key: string;
  value: string;
  reason: string;
}

export interface JudgedRole {
  /** `-c key=value` overrides the session may take. */
  overrides: string[];
  /** Keys beyond the untrusted allowance. */
  changes: ConfigChange[];
}

const SANDBOX_RANK: Record<string, number> = { 'read-only': 0, 'workspace-write': 1, 'danger-full-access': 2 };
// on-request and on-failure ask about different things; neither is stricter than the other.
const APPROVAL_RANK: Record<string, number> = { untrusted: 0, 'on-request': 1, 'on-failure': 1, never: 2 };

/** True when `value` is the baseline or ranks strictly below it. */
function noLooser(rank: Record<string, number>, value: unknown, base: string): boolean {
  return value === base || (typeof value === 'string' && value in rank && rank[value]! < rank[base]!);
}

/** Split a role file's keys into what applies untrusted and what needs trust. Trusted, everything applies. */
export function judgeRole(doc: Table, file: string, baseline: RoleBaseline, trusted: boolean): JudgedRole {
  const overrides: string[] = [];
  const changes: ConfigChange[] = [];
  const take = (keyPath: string[], value: unknown) => overrides.push(`${formatKeyPath(keyPath)}=${tomlValue(value)}`);
  // Tables are listed key by key, so the person reads every value (a base URL, a key name) in full.
  const refuse = (keyPath: string[], value: unknown, reason: string): void => {
    if (isTable(value) && Object.keys(value).length)
      for (const [k, v] of Object.entries(value)) refuse([...keyPath, k], v, reason);
    else changes.push({ file, key: formatKeyPath(keyPath), value: tomlValue(value), reason });
  };
  for (const [key, value] of Object.entries(doc)) {
    if (DESCRIPTIVE_ROLE_KEYS.has(key)) continue;
    if (trusted || (ALWAYS_ALLOWED.has(key) && typeof value === 'string')) {
      take([key], value);
    } else if (key === 'sandbox_mode') {
      if (noLooser(SANDBOX_RANK, value, baseline.sandbox_mode)) take([key], value);
      else refuse([key], value, `looser than ${baseline.sandbox_mode}`);
    } else if (key === 'approval_policy') {
      if (noLooser(APPROVAL_RANK, value, baseline.approval_policy)) take([key], value);
      else refuse([key], value, `asks less than ${baseline.approval_policy}`);
    } else if ((key === 'sandbox_workspace_write' || key === 'sandbox') && isTable(value)) {
      for (const [sub, subValue] of Object.entries(value))
        judgeSandboxKey([key, sub], subValue, baseline, take, refuse);
    } else {
      refuse([key], value, reasonFor(key));
    }
  }
  return { overrides, changes };
}

function judgeSandboxKey(
  keyPath: string[],
  value: unknown,
  baseline: RoleBaseline,
  take: (k: string[], v: unknown) => void,
  refuse: (k: string[], v: unknown, r: string) => void,
): void {
  const key = keyPath.join('.');
  if (key === 'sandbox_workspace_write.network_access' && value === false) take(keyPath, value);
  else if (key === 'sandbox.default_deny_read' && value === true) take(keyPath, value);
  // More hidden paths is stricter; the person's own list is kept, never replaced.
  else if (key === 'sandbox.deny_read' && Array.isArray(value) && value.every((v) => typeof v === 'string'))
    take(keyPath, [...new Set([...baseline.deny_read, ...value])]);
  else
    refuse(
      keyPath,
      value,
      key.includes('network') || key.endsWith('allow_hosts') ? 'opens the network' : 'loosens the sandbox',
    );
}

function reasonFor(key: string): string {
  if (ALWAYS_ALLOWED.has(key)) return 'expected a string';
  if (key === 'model_provider' || key === 'model_providers') return 'chooses where requests and the API key go';
  if (key === 'shell_environment_policy') return "changes which of the person's variables reach commands";
  if (key === 'profile' || key === 'profiles') return "selects or defines one of the person's profiles";
  if (key === 'mcp_servers') return 'starts programs or connects to servers';
  return 'not allowed to a repository that is not trusted';
}

/** A value back as TOML text for a `-c key=value` override (tables become inline tables). */
export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (isTable(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)} = ${tomlValue(v)}`)
      .join(', ')} }`;
  return JSON.stringify(String(value));
}
