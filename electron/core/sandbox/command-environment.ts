/** Names that look like credentials never reach a command, whatever the config says. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** Values in a well-known credential format, whatever the variable is called (OpenAI, Anthropic, GitHub, GitLab, Slack, AWS, Google, npm). */
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|xox[abposr]-[\w-]{10,}|AKIA[0-9A-Z]{16}|AIza[\w-]{35}|npm_[A-Za-z0-9]{36})$/;

/** Whether a variable must never reach a command: its name looks like a credential's, or its value has a credential's format. */
export function isSecretVariable(name: string, value = ''): boolean {
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value.trim());
}

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
  for (const [name, value] of Object.entries(env)) if (isSecretVariable(name, value) || secrets.has(name)) delete env[name];
  return { ...env, ...extra.add };
}

/** Case-insensitive glob on variable names: `*` and `?` only. */
function globMatch(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`, 'i').test(name);
}
