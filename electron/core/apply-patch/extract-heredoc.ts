/**
 * Recognises a patch sent through the shell tool, as Codex does (codex-compat.md §1.3): the whole
 * script is `apply_patch <<'EOF' … EOF` (or `applypatch`, `<<EOF`, `<<"EOF"`, any delimiter word),
 * optionally after `cd DIR &&`. Anything more (another command, a pipe, `;`, a second `cd`) is not
 * a patch but a command, and runs as one.
 */

export interface HeredocPatch {
  /** The heredoc's body: the patch text, for parsePatch / applyPatch. */
  patch: string;
  /** The folder of a leading `cd DIR &&`, as written (relative to the command's cwd); null without one. */
  workdir: string | null;
}

const SHELLS = new Set(['bash', 'sh', 'zsh']);
// cd takes one word: bare, or quoted without expansions (Codex's bash grammar accepts just these).
const CD_ARG = String.raw`'([^']*)'|"([^"$\x60\\]*)"|([^\s'"\x60$\\;&|<>()#]+)`;
const OPENER = new RegExp(
  String.raw`^\s*(?:cd[ \t]+(?:${CD_ARG})[ \t]*&&[ \t]*)?(?:apply_patch|applypatch)[ \t]*<<[ \t]*(?:'(\w+)'|"(\w+)"|(\w+))[ \t]*\n`,
);

/** The patch in a shell command (a script, or an argv such as ['bash', '-lc', script]), or null when it is not one. */
export function extractHeredocPatch(command: string | readonly string[]): HeredocPatch | null {
  if (typeof command !== 'string') {
    if (command.length === 3 && SHELLS.has(baseName(command[0])) && (command[1] === '-lc' || command[1] === '-c')) {
      return extractHeredocPatch(command[2]);
    }
    return null;
  }
  const opener = OPENER.exec(command);
  if (!opener) return null;
  const [, single, double, bare, quotedDelimiter, doubleDelimiter, bareDelimiter] = opener;
  const delimiter = quotedDelimiter ?? doubleDelimiter ?? bareDelimiter;
  const rest = command.slice(opener[0].length).split('\n');
  const end = rest.indexOf(delimiter);
  // The delimiter line must close the heredoc and nothing may follow it (`EOF && echo done` is a command).
  if (end === -1 || rest.slice(end + 1).some((line) => line.trim() !== '')) return null;
  return { patch: rest.slice(0, end).join('\n').replace(/\n+$/, ''), workdir: single ?? double ?? bare ?? null };
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}
