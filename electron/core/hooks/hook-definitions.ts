import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrellisConfig } from '../config/config-types';
import { CODEX_HOOKS_JSON, sessionTrust, type ProjectTrust } from '../config/project-trust';
import { shellWord } from '../mcp/mcp-command-line';
import { parseCodexEvents, parseCodexHooksJson } from './formats/codex-hooks';
import type { HookFileContext, ParsedHooks } from './formats/hook-format-common';
import { parseKiroAgentHooks } from './formats/kiro-agent-hooks';
import { parseKiroHookFile } from './formats/kiro-hook-file';
import { isKiroV1, parseKiroV1Hooks } from './formats/kiro-v1-hooks';
import { hookState, isHookTrusted, type HookTrust } from './hook-trust';
import type { HookDefinition } from './hook-types';

export interface LoadHookDefinitionsOptions {
  /** The Trellis home: its `hooks.json` and config.toml's inline `[hooks]` (already loaded into `config`). */
  home: string;
  /** The folder a session works in; its repository's hook files are read. Absent: no repository. */
  cwd?: string;
  /** The person's home folder: a repository that is the home itself (dotfiles in git) is the person's own. */
  userHome: string;
  config: TrellisConfig;
  /** The repository's trust when the caller has it (sessionTrust; null: no repository); read here otherwise. */
  trust?: ProjectTrust | null;
  /** `trellis exec --ignore-user-config`: the home's hooks.json is not read either (config.toml's [hooks] is not loaded). */
  ignoreUserConfig?: boolean;
}

export interface HookDefinitions {
  /** Every hook found, the home's first, then the repository's, each file's in the order written. */
  hooks: HookDefinition[];
  /** One line per file or entry that could not be read, naming it and what is wrong. */
  diagnostics: string[];
  /** For isHookTrusted: the repository's trust and the person's `[hooks.state]`. */
  trust: HookTrust;
  /** The repository's real root, when one was read. */
  repo?: string;
  /** What a session runs: enabled and trusted (isHookTrusted). */
  runnable: HookDefinition[];
  /** Said once when repository hooks are left out for want of trust, with the command that trusts them. */
  untrustedNotice?: string;
}

/** A repository file's parser, by where it sits; null: not a hook file. */
function parserFor(rel: string): ((text: string, ctx: HookFileContext) => ParsedHooks) | null {
  if (rel === CODEX_HOOKS_JSON) return parseCodexHooksJson;
  if (rel.startsWith('.kiro/hooks/') && rel.endsWith('.kiro.hook')) return parseKiroHookFile;
  if (rel.startsWith('.kiro/hooks/') && rel.endsWith('.json')) return parseKiroV1File;
  if (rel.startsWith('.kiro/agents/') && rel.endsWith('.json')) return parseKiroAgentHooks;
  return null;
}

function parseKiroV1File(text: string, ctx: HookFileContext): ParsedHooks {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return parseKiroV1Hooks(text, ctx); // says why it is not JSON
  }
  if (!isKiroV1(value))
    return { hooks: [], diagnostics: [`${ctx.shown}: not a Kiro hooks file (expected "version": "v1"); skipped`] };
  return parseKiroV1Hooks(text, ctx);
}

/**
 * Every hook a session in `cwd` sees, from all four formats: the Trellis home's `hooks.json` and inline `[hooks]`
 * and the person's `~/.kiro/hooks` (their own, trusted by default), then the repository's `.codex/hooks.json`,
 * `.kiro/hooks/*` and `.kiro/agents/*.json`. Repository files are read from the very bytes the repository's trust hash covers
 * (no symlinks, nothing outside the repository), so what was trusted is what runs.
 */
export async function loadHookDefinitions(options: LoadHookDefinitionsOptions): Promise<HookDefinitions> {
  const hooks: HookDefinition[] = [];
  const diagnostics: string[] = [];
  const add = (read: ParsedHooks) => {
    hooks.push(...read.hooks);
    diagnostics.push(...read.diagnostics);
  };

  const homeJson = path.join(options.home, 'hooks.json');
  const text = options.ignoreUserConfig ? null : await readOptional(homeJson, diagnostics);
  if (text !== null) add(parseCodexHooksJson(text, { file: homeJson, shown: homeJson, scope: 'user' }));
  const inline = options.config.hooks;
  if (inline) {
    const file = path.join(options.home, 'config.toml');
    add(parseCodexEvents(inline, { file, shown: `${file} [hooks]`, scope: 'user' }, 'codex-toml'));
  }

  // The person's own Kiro IDE hooks (~/.kiro/hooks), trusted as the home's hooks.json is. Their Kiro CLI agent files
  // (~/.kiro/agents) are not read yet: an agent file's hooks belong to the agent Kiro runs (--agent, else
  // chat.defaultAgent, else the built-in default), and Trellis selects no Kiro agent.
  if (!options.ignoreUserConfig) add(await userKiroHooks(options.userHome, diagnostics));

  let repositoryTrusted = true;
  let repo: string | undefined;
  const project =
    options.trust !== undefined
      ? options.trust
      : options.cwd === undefined
        ? null
        : await sessionTrust(options.home, options.cwd, options.userHome);
  if (project !== null) {
    repo = project.repo;
    repositoryTrusted = project.state === 'trusted';
    add(repositoryHooks(project));
  }

  const state = hookState(options.config.hooks);
  // The person's switch wins over the file's `enabled` both ways (a repository hook it ships switched off, turned on).
  for (const hook of hooks) {
    const enabled = Object.hasOwn(state, hook.id) ? state[hook.id]!.enabled : undefined;
    if (enabled !== undefined) hook.enabled = enabled;
  }
  const trust: HookTrust = { repositoryTrusted, state };
  const untrusted = hooks.filter((h) => h.enabled && !isHookTrusted(h, trust));
  const untrustedNotice = untrusted.length
    ? `not running ${untrusted.length} hook${untrusted.length === 1 ? '' : 's'} of this repository (${untrusted.map((h) => h.name).join(', ')}): not trusted; to review them: trellis hooks list${repo ? ` ${shellWord(repo)}` : ''}, then trellis hooks trust`
    : undefined;
  return {
    hooks,
    diagnostics,
    trust,
    ...(repo !== undefined && { repo }),
    runnable: hooks.filter((h) => h.enabled && isHookTrusted(h, trust)),
    ...(untrustedNotice !== undefined && { untrustedNotice }),
  };
}

/** The hooks of the repository's files as the trust reader read them (the bytes its hash covers), and its refusals. */
export function repositoryHooks(trust: ProjectTrust): ParsedHooks {
  const read: ParsedHooks = { hooks: [], diagnostics: trust.problems.filter(isHookPlace) };
  for (const file of trust.files) {
    const parse = parserFor(file.file);
    if (!parse) continue;
    const one = parse(file.text, { file: path.join(trust.repo, file.file), shown: file.file, scope: 'repository' });
    // In a crew worktree a hook is known by its place in the repository it came from, so what the person decided
    // there (trusted_hash, still compared with this hook's own hash; enabled) holds for it here too.
    if (trust.origin) {
      const originId = (hook: HookDefinition) =>
        hook.id.replace(path.join(trust.repo, file.file), path.join(trust.origin!, file.file));
      for (const hook of one.hooks) hook.id = originId(hook);
    }
    read.hooks.push(...one.hooks);
    read.diagnostics.push(...one.diagnostics);
  }
  return read;
}

/** The hook files of `~/.kiro/hooks` (legacy `.kiro.hook` and v1 `.json`), in name order. */
async function userKiroHooks(userHome: string, diagnostics: string[]): Promise<ParsedHooks> {
  const dir = path.join(userHome, '.kiro', 'hooks');
  const read: ParsedHooks = { hooks: [], diagnostics: [] };
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const parse = parserFor(`.kiro/hooks/${name}`);
    const file = path.join(dir, name);
    const text = parse && (await readOptional(file, diagnostics));
    if (!parse || text === null) continue;
    const one = parse(text, { file, shown: `~/.kiro/hooks/${name}`, scope: 'user' });
    read.hooks.push(...one.hooks);
    read.diagnostics.push(...one.diagnostics);
  }
  return read;
}

/** A refused hook file or folder (`.kiro/hooks: a symlink; …`), among the trust reader's problems. */
function isHookPlace(problem: string): boolean {
  return /^(\.kiro\/(hooks|agents)|\.codex)\b/.test(problem);
}

async function readOptional(file: string, diagnostics: string[]): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') diagnostics.push(`${file}: cannot read (${code ?? 'error'}); skipped`);
    return null;
  }
}
