import type { ProjectTrust } from './project-trust';
import type { ConfigChange } from './role-allowance';

const SHOWN_VALUE_MAX = 300;

/** A value as shown to the person (control characters already escaped by TOML quoting); a very long one says how much is left out. */
export function shownValue(value: string): string {
  return value.length > SHOWN_VALUE_MAX
    ? `${value.slice(0, SHOWN_VALUE_MAX)}… (${value.length - SHOWN_VALUE_MAX} more characters)`
    : value;
}

/** One line per key: `.trellis/agents/default.toml: sandbox_mode = "danger-full-access" (looser than workspace-write)`. */
export function changeLine(change: ConfigChange): string {
  return `${change.file}: ${change.key} = ${shownValue(change.value)} (${change.reason})`;
}

/**
 * What a headless run prints when a repository's configuration was cut down: each ignored key on a line
 * naming its file, then one line saying why and how to trust. Nothing when nothing was ignored.
 */
export function untrustedNotice(trust: ProjectTrust, ignored: readonly ConfigChange[]): string[] {
  const lines = trust.problems.map((p) => `${p}`);
  if (!ignored.length) return lines;
  const why = trust.state === 'changed' ? 'changed since you trusted it' : 'is not trusted';
  return [
    ...lines,
    ...ignored.map((c) => `ignored ${changeLine(c)}`),
    `this repository's configuration ${why}, so the keys above were ignored; to review and trust it: trellis trust ${quoteArg(trust.repo)}`,
  ];
}

function quoteArg(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
