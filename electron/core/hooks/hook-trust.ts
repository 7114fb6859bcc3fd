import { editConfigFile, editTomlTable } from '../config/config-writer';
import { trustConfigFile } from '../config/project-trust';
import type { HookDefinition } from './hook-types';
import { isTable } from './formats/hook-format-common';

/** Codex's `[hooks.state."<file>:<event>:<i>:<j>"]`: the person's own per-hook decisions, in their config.toml. */
export interface HookStateEntry {
  /** The hook's hash when the person trusted it; an edit changes the hash, and the trust lapses. */
  trusted_hash?: string;
  /** `false`: the person turned the hook off (separate from trust). */
  enabled?: boolean;
}

export interface HookTrust {
  /** The repository's configuration is trusted as it is now (project-trust.ts): its hooks as read may run. */
  repositoryTrusted: boolean;
  /** By hook id. */
  state: Record<string, HookStateEntry>;
}

/** `[hooks.state]` from the loaded config; entries of the wrong shape are ignored (they grant nothing). */
export function hookState(hooksTable: Record<string, unknown> | undefined): Record<string, HookStateEntry> {
  const state: Record<string, HookStateEntry> = {};
  const table = hooksTable?.state;
  if (!isTable(table)) return state;
  for (const [id, entry] of Object.entries(table)) {
    if (!isTable(entry)) continue;
    state[id] = {
      ...(typeof entry.trusted_hash === 'string' && { trusted_hash: entry.trusted_hash }),
      ...(typeof entry.enabled === 'boolean' && { enabled: entry.enabled }),
    };
  }
  return state;
}

/**
 * The one rule for whether a hook may run: the person's own (home) hooks always; a repository's when the
 * repository's configuration is trusted as it is now, or when the person trusted this hook with exactly this
 * definition (an edit asks again, for that hook only). Whether it is switched on is `hook.enabled`, apart.
 */
export function isHookTrusted(hook: HookDefinition, trust: HookTrust): boolean {
  if (hook.source.scope === 'user') return true;
  if (trust.repositoryTrusted) return true;
  const recorded = Object.hasOwn(trust.state, hook.id) ? trust.state[hook.id] : undefined;
  return recorded?.trusted_hash === hook.hash;
}

/** Record the person's trust in these hooks as they are now: `trusted_hash` in each one's `[hooks.state]` table. */
export async function recordHookTrust(home: string, hooks: readonly HookDefinition[]): Promise<void> {
  const file = trustConfigFile(home);
  await editConfigFile(file, (source) =>
    hooks.reduce(
      (text, hook) => editTomlTable(text, ['hooks', 'state', hook.id], { trusted_hash: hook.hash }, file),
      source,
    ),
  );
}
