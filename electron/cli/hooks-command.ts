import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config/load-config';
import { trellisHome } from '../core/config/trellis-home';
import { loadHookDefinitions, type HookDefinitions } from '../core/hooks/hook-definitions';
import { isHookTrusted, recordHookTrust } from '../core/hooks/hook-trust';
import type { HookDefinition } from '../core/hooks/hook-types';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { commandLines } from './command-lines';

const { out, err, run } = commandLines('hooks');

export interface HooksCommandOptions {
  json?: boolean;
  /** `trust --all`: every repository hook not trusted yet. */
  all?: boolean;
  /** For tests: the environment naming the Trellis home and the person's home. */
  env?: NodeJS.ProcessEnv;
}

/** One hook as `trellis hooks list` shows it. */
export interface HookReport {
  name: string;
  id: string;
  format: HookDefinition['source']['format'];
  scope: HookDefinition['source']['scope'];
  file: string;
  position: string;
  event: HookDefinition['event'];
  matcher?: string;
  patterns?: string[];
  action: string;
  trusted: boolean;
  enabled: boolean;
}

/**
 * `trellis hooks list [DIR] [--json]`: every hook a session in DIR would see (the Trellis home's and the
 * repository's, all four formats), whether it is trusted and switched on, and one line per file that could not be
 * read. Exit 0, 2 on a config error.
 */
export async function hooksListCommand(dir: string | undefined, options: HooksCommandOptions): Promise<number> {
  return run(async () => {
    const found = await readHooks(dir, options);
    const reports = found.hooks.map((hook) => report(hook, found));
    if (options.json) {
      out(JSON.stringify({ hooks: reports, diagnostics: found.diagnostics }, null, 2));
      return 0;
    }
    for (const line of found.diagnostics) err(line);
    if (!reports.length) out('No hooks found.');
    for (const r of reports) {
      const on = `${r.trusted ? 'trusted' : 'NOT TRUSTED'}, ${r.enabled ? 'enabled' : 'disabled'}`;
      const match = r.matcher ? ` /${r.matcher}/` : r.patterns ? ` ${r.patterns.join(' ')}` : '';
      out(`${r.name}  ${r.event}${match}  (${on})`);
      out(`  ${r.format} ${r.scope}: ${r.file}${r.position ? ` ${r.position}` : ''}`);
      out(`  ${r.action}`);
    }
    return 0;
  });
}

/**
 * `trellis hooks trust [DIR] [--all | NAME...]`: trust repository hooks one by one, as they are now, in the
 * person's own config.toml (`[hooks.state."<id>"] trusted_hash`); an edit of a hook asks again for that hook only.
 * A NAME is a hook's name or id as `list` shows it. Exit 0, 2 when a name matches no repository hook.
 */
export async function hooksTrustCommand(args: string[], options: HooksCommandOptions): Promise<number> {
  return run(async () => {
    const { dir, names } = await splitDir(args);
    if (!options.all && !names.length)
      throw new ExpectedFailure('usage', 'name the hooks to trust (as `trellis hooks list` shows them), or give --all');
    if (options.all && names.length) throw new ExpectedFailure('usage', 'give either --all or names, not both');
    const found = await readHooks(dir, options);
    const repository = found.hooks.filter((h) => h.source.scope === 'repository');
    const chosen = options.all ? repository : repository.filter((h) => names.includes(h.name) || names.includes(h.id));
    for (const name of names)
      if (!repository.some((h) => h.name === name || h.id === name))
        throw new ExpectedFailure('not-found', `no repository hook named "${name}"; see trellis hooks list`);
    const toTrust = chosen.filter((h) => !isHookTrusted(h, found.trust));
    for (const hook of chosen.filter((h) => isHookTrusted(h, found.trust))) out(`already trusted: ${hook.name}`);
    await recordHookTrust(trellisHome(options.env ?? process.env), toTrust);
    for (const hook of toTrust) out(`trusted: ${hook.name} (${hook.source.file}); an edit of it asks again`);
    if (!chosen.length) out('No repository hooks to trust.');
    return 0;
  });
}

/** `hooks trust` takes an optional DIR before the names: the first word when it is a folder. */
async function splitDir(args: string[]): Promise<{ dir?: string; names: string[] }> {
  const [first, ...rest] = args;
  if (
    first !== undefined &&
    (await fs.stat(first).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return { dir: first, names: rest };
  return { names: args };
}

async function readHooks(dir: string | undefined, options: HooksCommandOptions): Promise<HookDefinitions> {
  const env = options.env ?? process.env;
  const home = trellisHome(env);
  const cwd = path.resolve(dir ?? process.cwd());
  if (
    !(await fs.stat(cwd).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new ExpectedFailure('usage', `${cwd}: no such folder`);
  const { config, warnings } = await loadConfig({ home, env });
  for (const warning of warnings) err(warning);
  return loadHookDefinitions({ home, cwd, userHome: env.HOME || os.homedir(), config });
}

function report(hook: HookDefinition, found: HookDefinitions): HookReport {
  const { action } = hook;
  return {
    name: hook.name,
    id: hook.id,
    format: hook.source.format,
    scope: hook.source.scope,
    file: hook.source.file,
    position: hook.source.position,
    event: hook.event,
    ...(hook.matcher !== undefined && { matcher: hook.matcher }),
    ...(hook.patterns && { patterns: hook.patterns }),
    action: action.kind === 'command' ? `runs: ${action.command}` : `asks the agent: ${firstLine(action.prompt)}`,
    trusted: isHookTrusted(hook, found.trust),
    enabled: hook.enabled,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!;
  return line.length > 100 || text.includes('\n') ? `${line.slice(0, 100)}…` : line;
}
