/**
 * The word-level checks every per-program rule shares: the judge's type, a value given as the next word,
 * and file-name patterns that could expand to an option.
 */
import type { ShellWord } from '../shell-words';

/** Why `argv` is not known to only read, or null when it is. */
export type ReadOnlyJudge = (args: ShellWord[]) => string | null;

/** A value given as the next word: it must exist, and one that looks like an option is not guessed at. */
export function separateValue(args: ShellWord[], index: number, option: string): string | null {
  const value = args[index];
  if (!value) return `${option} has no value`;
  if (value.glob) return globProblem(value.text);
  if (value.text.startsWith('-')) return `the value of ${option} looks like an option`;
  return null;
}

/** A pattern whose first character is a wildcard can match a file named like an option (`-delete`, `--output=x`). */
export function mayExpandToOption(word: ShellWord): boolean {
  return word.glob && /^[*?[-]/.test(word.text);
}

export function globProblem(text: string): string {
  return `the file-name pattern ${text} could expand to anything, even an option (put it after --)`;
}
