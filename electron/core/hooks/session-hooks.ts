import os from 'node:os';
import type { TrellisConfig } from '../config/config-types';
import type { ProjectTrust } from '../config/project-trust';
import type { Executor } from '../sandbox/executor';
import { HookEngine } from './hook-engine';
import { loadHookDefinitions } from './hook-definitions';
import { matchingHooksForInput } from './hook-matcher';
import { HookRunCache, runCommandHook } from './hook-runner';

export interface SessionHooksOptions {
  home: string;
  /** The session's folder: its repository's hook files are read, and hooks run there. */
  cwd: string;
  config: TrellisConfig;
  /** The session's sandbox: hooks run under it, as its commands do. */
  executor: Executor;
  /** The session's command environment (the runner drops anything credential-like from it too). */
  env: Record<string, string>;
  /** `trellis exec --trust-all-hooks` (for CI): the repository's hooks run in this session without being trusted. */
  trustAllHooks?: boolean;
  /** The session's trust (sessionTrust: read once for its hooks and MCP servers; null: no repository). */
  trust?: ProjectTrust | null;
  /** `trellis exec --ignore-user-config`: the home's hooks.json is a layer of that config, so it is not read either. */
  ignoreUserConfig?: boolean;
  /** The definitions' diagnostics (a file in none of the formats, a bad entry), one line each. */
  onWarning(warning: string): void;
}

/**
 * The hooks of a session: every definition read, the runnable ones (enabled and trusted) handed to an engine
 * bound to the session's executor. None configured: no engine, and the loop pays nothing. A repository's hooks
 * that are not trusted do not run; the engine says so once in the session's log.
 */
export async function startSessionHooks(options: SessionHooksOptions): Promise<HookEngine | undefined> {
  const definitions = await loadHookDefinitions({
    home: options.home,
    cwd: options.cwd,
    userHome: os.homedir(),
    config: options.config,
    ignoreUserConfig: options.ignoreUserConfig,
    trust: options.trust,
  });
  for (const line of definitions.diagnostics) options.onWarning(line);
  // --trust-all-hooks: every enabled hook runs, and nothing is held back to be said.
  const hooks = options.trustAllHooks ? definitions.hooks.filter((h) => h.enabled) : definitions.runnable;
  if (!hooks.length && !definitions.untrustedNotice) return undefined;
  const { executor, cwd, env } = options;
  const cache = new HookRunCache();
  return new HookEngine({
    hooks,
    runHook: (hook, input, signal) => runCommandHook(hook, input, { executor, cwd, env, signal, cache }),
    selectHooks: matchingHooksForInput,
    untrustedNotice: options.trustAllHooks ? undefined : definitions.untrustedNotice,
    maxStopContinuations: maxStopContinuations(options.config, options.onWarning),
  });
}

/** `[hooks] max_stop_continuations` (a non-negative integer), beside Codex's inline hook events. */
function maxStopContinuations(config: TrellisConfig, onWarning: (w: string) => void): number | undefined {
  const value = config.hooks?.max_stop_continuations;
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  onWarning(`[hooks] max_stop_continuations must be a non-negative integer; using 3`);
  return undefined;
}
