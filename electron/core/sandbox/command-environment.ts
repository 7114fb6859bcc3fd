/** Names that look like credentials never reach a command, whatever the config says. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** Variables a command commonly needs (Codex's `core` set). */
export const CORE_VARIABLES = ['PATH', 'SHELL', 'TMPDIR', 'TEMP', 'TMP', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LOGNAME', 'USER', 'TERM', 'PATHEXT', 'USERNAME', 'USERPROFILE', 'SYSTEMROOT'];

export interface EnvironmentPolicy {
  inherit: 'all' | 'core' | 'none';
  exclude: string[];
  set: Record<string, string>;
  includeOnly: string[];
}

export const DEFAULT_ENVIRONMENT_POLICY: EnvironmentPolicy = { inherit: 'all', exclude: [], set: {}, includeOnly: [] };

/**
 * The environment a command sees, in Codex's order (inherit, exclude, set,
 * include_only), except that secret-looking names and the provider's key
 * variable are always removed: Trellis never hands its credentials to a command.
 */
export function commandEnvironment(
  source: NodeJS.ProcessEnv,
  policy: EnvironmentPolicy,
  extra: { secretNames?: string[]; add?: Record<string, string> } = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (policy.inherit === 'none') continue;
    if (policy.inherit === 'core' && !CORE_VARIABLES.includes(name)) continue;
    env[name] = value;
  }
  for (const name of Object.keys(env)) if (policy.exclude.some((glob) => globMatch(glob, name))) delete env[name];
  Object.assign(env, policy.set);
  if (policy.includeOnly.length) {
    for (const name of Object.keys(env)) if (!policy.includeOnly.some((glob) => globMatch(glob, name))) delete env[name];
  }
  const secrets = new Set(extra.secretNames ?? []);
  for (const name of Object.keys(env)) if (SECRET_NAME.test(name) || secrets.has(name)) delete env[name];
  return { ...env, ...extra.add };
}

/** Case-insensitive glob on variable names: `*` and `?` only. */
function globMatch(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`, 'i').test(name);
}
