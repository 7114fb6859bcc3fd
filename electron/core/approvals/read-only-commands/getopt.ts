/**
 * A judge built from a program's option table, parsed by GNU getopt_long's rules: the programs whose
 * options are plain flags and values (file, tree, sort, uniq, rg, diff, and those where any option reads).
 */
import { globProblem, mayExpandToOption, separateValue, type ReadOnlyJudge } from './word-checks';

interface GetoptSpec {
  /** Every option of this program only reads (checked against its manual): no option needs judging. */
  anyOption?: boolean;
  /** Single-letter options without a value, e.g. 'rnil'. */
  short?: string;
  /** Single-letter options that take a value (attached or the next word). */
  shortValue?: string;
  /** Long options without a value. */
  long?: string[];
  /** Long options that take a value (`--name=V` or `--name V`). */
  longValue?: string[];
  /** Long options whose value is optional and can only be attached (`--color`, `--color=never`). */
  longOptional?: string[];
  /** `-5` means a count (head, tail). */
  numeric?: boolean;
  maxOperands?: number;
}

/** GNU getopt_long's rules: options anywhere (permuted), clusters of short options, `--` ends options. */
export function getopt(spec: GetoptSpec): ReadOnlyJudge {
  const short = new Set(spec.short ?? '');
  const shortValue = new Set(spec.shortValue ?? '');
  const long = new Set(spec.long ?? []);
  const longValue = new Set(spec.longValue ?? []);
  const longOptional = new Set(spec.longOptional ?? []);
  return (args) => {
    let operands = 0;
    let optionsEnded = false;
    for (let i = 0; i < args.length; i++) {
      const word = args[i];
      const text = word.text;
      if (word.glob && !spec.anyOption) {
        if (spec.maxOperands !== undefined)
          return `the file-name pattern ${text} could name more than ${spec.maxOperands} file${spec.maxOperands === 1 ? '' : 's'}`;
        if (!optionsEnded && mayExpandToOption(word)) return globProblem(text);
      }
      if (optionsEnded || spec.anyOption || text === '-' || !text.startsWith('-')) {
        operands++;
        continue;
      }
      if (word.glob) return globProblem(text);
      if (text === '--') {
        optionsEnded = true;
        continue;
      }
      if (text.startsWith('--')) {
        const eq = text.indexOf('=');
        const name = eq < 0 ? text : text.slice(0, eq);
        if (long.has(name) && eq < 0) continue;
        if (longOptional.has(name)) continue;
        if (longValue.has(name)) {
          if (eq < 0) {
            const problem = separateValue(args, ++i, name);
            if (problem) return problem;
          }
          continue;
        }
        return `${name} is not an option known to only read`;
      }
      if (spec.numeric && /^-\d+$/.test(text)) continue;
      for (let k = 1; k < text.length; k++) {
        const letter = text[k];
        if (short.has(letter)) continue;
        if (shortValue.has(letter)) {
          if (k === text.length - 1) {
            const problem = separateValue(args, ++i, `-${letter}`);
            if (problem) return problem;
          }
          break;
        }
        return `-${letter} is not an option known to only read`;
      }
    }
    if (spec.maxOperands !== undefined && operands > spec.maxOperands) {
      return `more than ${spec.maxOperands} file operand${spec.maxOperands === 1 ? '' : 's'} (a further one is written to)`;
    }
    return null;
  };
}
