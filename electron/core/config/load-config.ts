import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { core } from 'zod';
import { ConfigError } from './config-error';
import { applyOverride, isTable, parseOverride, type ConfigOverride, type Table } from './config-overrides';
import { AGENT_SETTINGS, EXPECTED_INTEGER, IGNORED_CODEX_KEYS } from './config-keys';
import type { RawConfig, RawProfile } from './config-schema';
import type { AgentRoleConfig, LoadedConfig, ModelProviderConfig, TrellisConfig } from './config-types';
import { DEFAULT_SESSION_LIMITS } from '../limits/session-limits';
import { DEFAULT_MODEL_PRICES, type ModelPrice } from './model-prices';
import { BUILTIN_MODEL_PROVIDERS, PROVIDER_DEFAULTS } from './model-providers';
import { findKeyLine, formatKeyPath, scanTomlKeys, type KeyPath } from './toml-keys';
import { mcpServer, stripRemoteEnvVars } from './mcp-server-config';

/** `[crew] max_added_file_kb` when unset: 5 MB (why that figure: crew/large-files.ts). */
export const DEFAULT_MAX_ADDED_FILE_KB = 5 * 1024;

export interface LoadConfigOptions {
  /** Trellis's home ($TRELLIS_HOME or ~/.trellis); config.toml is read from here. */
  home: string;
  /** `--profile`: wins over the file's `profile` key. */
  profile?: string;
  /** `-c key=value` strings, applied in order over the file and the profile. */
  overrides?: string[];
  /** Used to show paths under $HOME as `~/…` in messages. */
  env?: NodeJS.ProcessEnv;
  /** `--ignore-user-config` (Codex's flag for hermetic runs): config.toml is not read; overrides and defaults apply. */
  ignoreUserConfig?: boolean;
}

/** Codex documents `read-only` as the default sandbox policy (codex docs/config.md, "sandbox_mode"); Trellis follows. */
export const DEFAULT_SANDBOX_MODE = 'read-only';

const IGNORED = 'Codex setting not supported by Trellis; ignored';

/**
 * Read `${home}/config.toml` (missing ⇒ defaults), validate it, apply the selected profile and the
 * `-c` overrides, and fill in defaults. Problems throw a ConfigError naming file, line and key (or `-c key`).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const file = path.join(options.home, 'config.toml');
  const shown = displayPath(file, options.env ?? process.env);
  const source = options.ignoreUserConfig ? null : await readSource(file, shown);
  const locations = source === null ? [] : scanTomlKeys(source);
  const inFile = (keyPath: KeyPath): string => {
    const line = findKeyLine(locations, keyPath);
    return `${line ? `${shown}:${line}` : shown}: ${formatKeyPath(keyPath)}`;
  };
  const warnings: string[] = [];

  const doc: Table = source === null ? {} : parseToml(source, shown);
  stripIgnored(doc, (keyPath, text) => warnings.push(`${inFile(keyPath)}: ${text}`));
  await validate(doc, inFile);

  // Overrides one at a time: the document was valid before each, so a new problem is that override's.
  const overrides = (options.overrides ?? []).map(parseOverride);
  for (const override of overrides) {
    applyOverride(doc, override);
    const label = (keyPath: KeyPath) => overrideLabel(override, keyPath);
    stripIgnored(doc, (keyPath, text) => warnings.push(`${label(keyPath)}: ${text}`));
    await validate(doc, label);
  }
  const raw = doc as RawConfig;

  const profileName = options.profile ?? raw.profile;
  const { profile: _selected, profiles = {}, ...base } = raw;
  let merged: RawProfile = base;
  if (profileName !== undefined) {
    const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined;
    if (!profile) {
      const where =
        options.profile !== undefined ? 'profile' : (locateOverride(overrides, ['profile']) ?? inFile(['profile']));
      const known = Object.keys(profiles).sort().join(', ') || '(none defined)';
      const unread = options.ignoreUserConfig
        ? ` (config.toml is not read with --ignore-user-config: define it with -c profiles.${profileName}.KEY=VALUE)`
        : '';
      throw new ConfigError(`${where}: unknown profile ${JSON.stringify(profileName)}; known: ${known}${unread}`);
    }
    merged = deepMerge(base, profile);
    // The command line beats the profile.
    for (const override of overrides)
      if (override.path[0] !== 'profile' && override.path[0] !== 'profiles') applyOverride(merged, override);
  }

  // Where a merged value came from: the last override touching it, else the profile, else the base file.
  // `scope` is the part whose origin matters when it differs from the key named (a missing key's table).
  const origin = (keyPath: KeyPath, scope: KeyPath = keyPath): string => {
    const fromOverride = locateOverride(overrides, scope, profileName, keyPath);
    if (fromOverride) return fromOverride;
    if (profileName !== undefined && getPath(profiles[profileName], scope) !== undefined)
      return inFile(['profiles', profileName, ...keyPath]);
    return inFile(keyPath);
  };
  return { config: withDefaults(merged, profileName, origin), warnings, file: source === null ? null : file };
}

async function readSource(file: string, shown: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigError(`${shown}: cannot read: ${code ?? (err as Error).message}`);
  }
}

function parseToml(source: string, shown: string): Table {
  try {
    return parse(source.replace(/^\ufeff/, ''), { unsafeKeyBehaviour: 'throw' });
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // smol-toml's message carries a code excerpt that may show secrets; keep only the reason.
    const reason = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${shown}:${err.line}:${err.column}: invalid TOML: ${reason}`);
  }
}

/** `~/.trellis/config.toml` rather than the full path, when the file is under $HOME. */
function displayPath(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return home && file.startsWith(home + path.sep) ? `~${path.sep}${file.slice(home.length + 1)}` : file;
}

function overrideLabel(override: ConfigOverride, keyPath: KeyPath): string {
  const key = formatKeyPath(keyPath);
  return key === formatKeyPath(override.path) ? `-c ${override.key}` : `-c ${override.key}: ${key}`;
}

/** The label (naming `shown`) of the last override that set `keyPath` or something inside or around it. */
function locateOverride(
  overrides: ConfigOverride[],
  keyPath: KeyPath,
  profileName?: string,
  shown: KeyPath = keyPath,
): string | undefined {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const override = overrides[i]!;
    const inProfile = profileName !== undefined && override.path[0] === 'profiles' && override.path[1] === profileName;
    const target = inProfile ? override.path.slice(2) : override.path;
    const n = Math.min(target.length, keyPath.length);
    if (target.slice(0, n).every((part, j) => part === keyPath[j]))
      return overrideLabel(override, inProfile ? ['profiles', profileName, ...shown] : shown);
  }
  return undefined;
}

function stripIgnored(doc: Table, warn: (keyPath: KeyPath, text: string) => void): void {
  // `[projects."<path>"]` records the person's trust in repositories (project-trust.ts); it configures no session.
  delete doc.projects;
  stripBody(doc, [], warn);
  if (isTable(doc.profiles)) {
    for (const [name, profile] of Object.entries(doc.profiles))
      if (isTable(profile)) stripBody(profile, ['profiles', name], warn);
  }
}

function stripBody(body: Table, prefix: string[], warn: (keyPath: KeyPath, text: string) => void): void {
  for (const key of Object.keys(body)) {
    if (IGNORED_CODEX_KEYS.top.has(key) || key.startsWith('experimental_')) {
      delete body[key];
      warn([...prefix, key], IGNORED);
    }
  }
  if (isTable(body.approval_policy)) {
    // Codex's `{ granular = {…} }`: Trellis asks instead of auto-rejecting, so the person stays in control.
    body.approval_policy = 'on-request';
    warn([...prefix, 'approval_policy'], 'granular approval is not supported by Trellis; using on-request');
  }
  const nested = [
    ['model_providers', IGNORED_CODEX_KEYS.model_provider],
    ['mcp_servers', IGNORED_CODEX_KEYS.mcp_server],
  ] as const;
  for (const [table, ignored] of nested) {
    const entries = body[table];
    if (!isTable(entries)) continue;
    for (const [id, entry] of Object.entries(entries)) {
      if (!isTable(entry)) continue;
      for (const key of Object.keys(entry)) {
        if (!ignored.has(key)) continue;
        delete entry[key];
        warn([...prefix, table, id, key], IGNORED);
      }
      if (table === 'mcp_servers') stripRemoteEnvVars(entry, [...prefix, table, id], warn);
    }
  }
}

/** The schema (and zod) load only when there is something to check: `trellis sandbox` without a config starts faster. */
async function validate(doc: Table, label: (keyPath: KeyPath) => string): Promise<void> {
  if (!Object.keys(doc).length) return;
  const { RawConfigSchema } = await import('./config-schema');
  const result = RawConfigSchema.safeParse(doc);
  if (result.success) return;
  const problems = result.error.issues.flatMap((issue) =>
    describeIssue(issue, doc).map(([keyPath, text]) => `${label(keyPath)}: ${text}`),
  );
  throw new ConfigError(problems);
}

/** One readable line per problem. Values are never echoed, except the word given for a closed set of choices. */
function describeIssue(issue: core.$ZodIssue, doc: Table): [KeyPath, string][] {
  const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const value = getPath(doc, keyPath);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => [[...keyPath, key], 'unknown key']);
    case 'invalid_value': {
      const got =
        typeof value === 'string'
          ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
          : describeValue(value);
      return [[keyPath, `expected one of ${issue.values.join(', ')}, got ${got}`]];
    }
    case 'invalid_type': {
      if (value === undefined) return [[keyPath, 'is required']];
      const expected = issue.message === EXPECTED_INTEGER ? 'an integer' : (EXPECTED[issue.expected] ?? issue.expected);
      return [[keyPath, `expected ${expected}, got ${describeValue(value)}`]];
    }
    case 'too_small':
      if (issue.origin === 'string') return [[keyPath, 'must not be empty']];
      return [[keyPath, `expected at least ${issue.minimum}${issue.origin === 'array' ? ' item(s)' : ''}`]];
    case 'too_big':
      return [[keyPath, `expected at most ${issue.maximum}${issue.origin === 'array' ? ' item(s)' : ''}`]];
    case 'invalid_union':
      return [
        [
          keyPath,
          `expected ${issue.errors.length ? 'one of the accepted forms' : 'a valid value'}, got ${describeValue(value)}`,
        ],
      ];
    default:
      return [[keyPath, issue.message]];
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'a table',
  record: 'a table',
};

function describeValue(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  if (typeof value === 'boolean') return 'a boolean';
  if (value instanceof Date) return 'a date-time';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return typeof value;
}

function getPath(root: unknown, keyPath: KeyPath): unknown {
  let node = root;
  for (const part of keyPath) {
    if (typeof part === 'number') node = Array.isArray(node) ? node[part] : undefined;
    else node = isTable(node) && Object.hasOwn(node, part) ? node[part] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Tables merge key by key; anything else (arrays included) is replaced. */
function deepMerge<T extends Table>(base: T, over: Table): T {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isTable(out[key]) && isTable(value) ? deepMerge(out[key], value) : structuredClone(value);
  }
  return out as T;
}

function withDefaults(
  raw: RawProfile,
  profile: string | undefined,
  origin: (keyPath: KeyPath, scope?: KeyPath) => string,
): TrellisConfig {
  const model_providers: Record<string, ModelProviderConfig> = structuredClone({ ...BUILTIN_MODEL_PROVIDERS });
  for (const [id, table] of Object.entries(raw.model_providers ?? {})) {
    const builtin = Object.hasOwn(model_providers, id) ? model_providers[id] : undefined;
    if (!builtin && table.base_url === undefined) {
      throw new ConfigError(
        `${origin(['model_providers', id, 'base_url'], ['model_providers', id])}: required for a provider that is not built in`,
      );
    }
    model_providers[id] = {
      ...(builtin ?? {
        name: id,
        base_url: '',
        wire_api: 'responses',
        ...PROVIDER_DEFAULTS,
        http_headers: {},
        env_http_headers: {},
        query_params: {},
      }),
      ...table,
    } as ModelProviderConfig;
  }
  const model_provider = raw.model_provider ?? 'openai';
  if (!Object.hasOwn(model_providers, model_provider)) {
    const known = Object.keys(model_providers).sort().join(', ');
    throw new ConfigError(`${origin(['model_provider'])}: unknown model provider ${model_provider}; known: ${known}`);
  }

  const model_prices: Record<string, ModelPrice> = structuredClone({ ...DEFAULT_MODEL_PRICES });
  for (const [model, table] of Object.entries(raw.model_prices ?? {})) {
    const price = { ...model_prices[model], ...table };
    if (price.input_per_mtok === undefined || price.output_per_mtok === undefined) {
      throw new ConfigError(
        `${origin(['model_prices', model])}: input_per_mtok and output_per_mtok are required for a model without a built-in price`,
      );
    }
    model_prices[model] = price as ModelPrice;
  }

  const { max_threads = 4, max_depth = 1, job_max_runtime_seconds, ...roleTables } = raw.agents ?? {};
  const roles: Record<string, AgentRoleConfig> = {};
  for (const [name, role] of Object.entries(roleTables))
    if (!(AGENT_SETTINGS as readonly string[]).includes(name)) roles[name] = role;

  const sww = raw.sandbox_workspace_write ?? {};
  const sep = raw.shell_environment_policy ?? {};
  return {
    ...(raw.model !== undefined ? { model: raw.model } : {}),
    model_provider,
    ...(profile !== undefined ? { profile } : {}),
    approval_policy: raw.approval_policy ?? 'on-request',
    sandbox_mode: raw.sandbox_mode ?? DEFAULT_SANDBOX_MODE,
    sandbox_workspace_write: {
      writable_roots: sww.writable_roots ?? [],
      network_access: sww.network_access ?? false,
      exclude_tmpdir_env_var: sww.exclude_tmpdir_env_var ?? false,
      exclude_slash_tmp: sww.exclude_slash_tmp ?? false,
    },
    crew: {
      pre_task: raw.crew?.pre_task ?? [],
      post_task: raw.crew?.post_task ?? [],
      max_added_file_kb: raw.crew?.max_added_file_kb ?? DEFAULT_MAX_ADDED_FILE_KB,
    },
    sandbox: {
      deny_read: raw.sandbox?.deny_read ?? [],
      default_deny_read: raw.sandbox?.default_deny_read ?? true,
      allow_hosts: raw.sandbox?.allow_hosts ?? [],
      max_processes: raw.sandbox?.max_processes,
      max_memory_mb: raw.sandbox?.max_memory_mb,
    },
    shell_environment_policy: {
      inherit: sep.inherit ?? 'all',
      // ▲ Trellis: default excludes (*KEY*, *SECRET*, *TOKEN*) apply unless turned off; Codex defaults this to true.
      ignore_default_excludes: sep.ignore_default_excludes ?? false,
      exclude: sep.exclude ?? [],
      set: sep.set ?? {},
      include_only: sep.include_only ?? [],
      experimental_use_profile: sep.experimental_use_profile ?? false,
    },
    project_doc_max_bytes: raw.project_doc_max_bytes ?? 32 * 1024,
    model_max_response_bytes: raw.model_max_response_bytes ?? DEFAULT_SESSION_LIMITS.maxResponseBytes,
    session_log_max_delta_bytes: raw.session_log_max_delta_bytes ?? DEFAULT_SESSION_LIMITS.maxLoggedDeltaBytes,
    session_log_max_exec_output_bytes:
      raw.session_log_max_exec_output_bytes ?? DEFAULT_SESSION_LIMITS.maxLoggedExecOutputBytes,
    project_doc_fallback_filenames: raw.project_doc_fallback_filenames ?? [],
    project_root_markers: raw.project_root_markers ?? ['.git'],
    model_providers,
    mcp_servers: Object.fromEntries(
      Object.entries(raw.mcp_servers ?? {}).map(([name, server]) => [name, mcpServer(server)]),
    ),
    ...(raw.hooks !== undefined ? { hooks: raw.hooks } : {}),
    ...(raw.mcp_oauth_callback_port !== undefined ? { mcp_oauth_callback_port: raw.mcp_oauth_callback_port } : {}),
    ...(raw.mcp_oauth_credentials_store !== undefined
      ? { mcp_oauth_credentials_store: raw.mcp_oauth_credentials_store }
      : {}),
    agents: {
      max_threads,
      max_depth,
      ...(job_max_runtime_seconds !== undefined ? { job_max_runtime_seconds } : {}),
      roles,
    },
    ...(raw.model_reasoning_effort !== undefined ? { model_reasoning_effort: raw.model_reasoning_effort } : {}),
    ...(raw.model_verbosity !== undefined ? { model_verbosity: raw.model_verbosity } : {}),
    ...(raw.developer_instructions !== undefined ? { developer_instructions: raw.developer_instructions } : {}),
    ...(raw.model_context_window !== undefined ? { model_context_window: raw.model_context_window } : {}),
    ...(raw.model_auto_compact_token_limit !== undefined
      ? { model_auto_compact_token_limit: raw.model_auto_compact_token_limit }
      : {}),
    ...(raw.compact_prompt !== undefined ? { compact_prompt: raw.compact_prompt } : {}),
    ...(raw.instructions !== undefined ? { instructions: raw.instructions } : {}),
    model_prices,
    budgets: { ...raw.budgets },
  };
}
