/**
 * Which programs, with which options, only read: an allowlist per program. An option not listed here
 * makes the command "not known safe", so the approval policy asks a person; a new option in a new
 * version of a program is therefore asked about, never waved through. Options that take a value are
 * listed as such, so the value is never mistaken for an option and an option never for a value.
 */
import type { ShellWord } from '../shell-words';
import { READ_ONLY_PROGRAMS } from './programs';
import { globProblem } from './word-checks';

export { READ_ONLY_PROGRAMS } from './programs';
export type { ReadOnlyJudge } from './word-checks';

/** Why one program's words are not known to only read, or null when they are. */
export function readOnlyProblem(argv: ShellWord[]): string | null {
  const [program, ...args] = argv;
  if (program.glob) return globProblem(program.text);
  const judge = Object.hasOwn(READ_ONLY_PROGRAMS, program.text) ? READ_ONLY_PROGRAMS[program.text] : undefined;
  if (!judge) return `${program.text} is not a program known to only read`;
  return judge(args);
}
