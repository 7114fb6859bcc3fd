import type { HookInfo, HookRunResult } from '../../../electron/contract';

const FORMAT: Record<HookInfo['source']['format'], string> = {
  'codex-json': 'Codex hooks.json',
  'codex-toml': 'Codex config.toml [hooks]',
  'kiro-hook': 'Kiro .kiro.hook',
  'kiro-v1': 'Kiro hooks (v1)',
  'kiro-agent': 'Kiro CLI agent',
};

/** Where the hook was read, in words: "Kiro .kiro.hook (repository)". */
export const sourceLabel = (source: HookInfo['source']) => `${FORMAT[source.format]} (${source.scope})`;

/**
 * The hook's state in one word. Trust first: an untrusted hook never runs, so it never reads as enabled, whatever
 * its file or switch says (other tools show those as enabled; people then wonder why nothing happens).
 */
export function stateLabel(hook: HookInfo): 'not trusted' | 'enabled' | 'disabled' {
  if (!hook.trusted) return 'not trusted';
  return hook.enabled ? 'enabled' : 'disabled';
}

/** What the hook fires on: the event, and what narrows it (matcher, file globs, tool kinds). */
export function whenLabel(hook: HookInfo): string {
  const parts: string[] = [hook.event];
  if (hook.matcher !== undefined && hook.matcher !== '' && hook.matcher !== '*')
    parts.push(`matching /${hook.matcher}/`);
  if (hook.patterns?.length) parts.push(`on ${hook.patterns.join(', ')}`);
  if (hook.toolTypes?.length) parts.push(`tools ${hook.toolTypes.join(', ')}`);
  return parts.join(' · ');
}

export function runLabel(run: HookRunResult): string {
  if (run.status === 'sent') return 'Sent to the agent';
  const exit = run.exitCode === null ? '' : `, exit ${run.exitCode}`;
  return `${run.status} in ${run.durationMs} ms${exit}`;
}
