import { matchesGlob } from '../glob/match-glob';

/** Names that look like credentials never reach a command, whatever the config says (`GH_PAT`, `SLACK_WEBHOOK_URL`, `SENTRY_DSN` too). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|WEBHOOK|COOKIE|(^|_)(PAT|DSN)(_|$)/i;

/**
 * Values that are credentials by their shape, wherever they appear in a value and whatever the
 * variable is called: a URL carrying a password (`postgres://u:p@h/db`, `redis://:p@h`), webhook
 * URLs whose path is the secret, private key blocks, JWTs, and the well-known token formats
 * (OpenAI/Anthropic `sk-`, GitHub, GitLab, Slack, AWS, Google, npm, PyPI, Docker Hub, Hugging Face,
 * Stripe, SendGrid), and `Password=`/`AccountKey=` in connection strings.
 */
const SECRET_SHAPES: RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/?#@]+@/i,
  /https:\/\/(hooks\.slack\.com\/(services|workflows|triggers)|(discord|discordapp)\.com\/api\/webhooks|[\w.-]+\.webhook\.office\.com|outlook\.office\.com\/webhook)\/\S+/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/,
  /\bsk-(ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/,
  /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,})/,
  /\bxox[abposre]-[\w-]{10,}/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bAIza[\w-]{35}/,
  /\b(npm_[A-Za-z0-9]{36}|pypi-AgE[\w-]{50,}|dckr_pat_[\w-]{20,}|hf_[A-Za-z0-9]{30,})/,
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{20,}/,
  /\bSG\.[\w-]{20,}\.[\w-]{20,}/,
  /(^|;)\s*(Password|Pwd|AccountKey|SharedAccessKey)\s*=\s*[^;\s]+/i,
];

/** Whether a value has a credential's shape (see SECRET_SHAPES). */
export function looksLikeCredential(value: string): boolean {
  return SECRET_SHAPES.some((shape) => shape.test(value));
}

/** `text` with every credential-shaped part (see SECRET_SHAPES) replaced by `***`: for what a process printed. */
export function maskCredentialShapes(text: string): string {
  return SECRET_SHAPES.reduce(
    (masked, shape) => masked.replace(new RegExp(shape.source, `${shape.flags}g`), '***'),
    text,
  );
}

/** Whether a variable must never reach a command: its name looks like a credential's, or its value has a credential's shape. */
export function isSecretVariable(name: string, value = ''): boolean {
  return SECRET_NAME.test(name) || looksLikeCredential(value);
}

/** Variables a command commonly needs (Codex's `core` set). */
export const CORE_VARIABLES = [
  'PATH',
  'SHELL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'LOGNAME',
  'USER',
  'TERM',
  'PATHEXT',
  'USERNAME',
  'USERPROFILE',
  'SYSTEMROOT',
];

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
  for (const name of Object.keys(env)) if (policy.exclude.some((glob) => nameMatches(glob, name))) delete env[name];
  Object.assign(env, policy.set);
  if (policy.includeOnly.length) {
    for (const name of Object.keys(env))
      if (!policy.includeOnly.some((glob) => nameMatches(glob, name))) delete env[name];
  }
  const secrets = new Set(extra.secretNames ?? []);
  for (const [name, value] of Object.entries(env))
    if (isSecretVariable(name, value) || secrets.has(name)) delete env[name];
  return { ...env, ...extra.add };
}

/** Variable names match case-insensitively, as in Codex (`*`, `?` and `[...]`), through the one glob matcher. */
function nameMatches(glob: string, name: string): boolean {
  return matchesGlob(name, glob, { caseInsensitive: true });
}
