/**
 * Which programs, with which options, only read: an allowlist per program. An option not listed here
 * makes the command "not known safe", so the approval policy asks a person; a new option in a new
 * version of a program is therefore asked about, never waved through. Options that take a value are
 * listed as such, so the value is never mistaken for an option and an option never for a value.
 */
import type { ShellWord } from './shell-words';

/** Why `argv` is not known to only read, or null when it is. */
export type ReadOnlyJudge = (args: ShellWord[]) => string | null;

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
function getopt(spec: GetoptSpec): ReadOnlyJudge {
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

/** A value given as the next word: it must exist, and one that looks like an option is not guessed at. */
function separateValue(args: ShellWord[], index: number, option: string): string | null {
  const value = args[index];
  if (!value) return `${option} has no value`;
  if (value.glob) return globProblem(value.text);
  if (value.text.startsWith('-')) return `the value of ${option} looks like an option`;
  return null;
}

/** A pattern whose first character is a wildcard can match a file named like an option (`-delete`, `--output=x`). */
function mayExpandToOption(word: ShellWord): boolean {
  return word.glob && /^[*?[-]/.test(word.text);
}

function globProblem(text: string): string {
  return `the file-name pattern ${text} could expand to anything, even an option (put it after --)`;
}

const GIT_LOG_OPTIONS: GitOptions = {
  flags: [
    '-p',
    '-u',
    '--patch',
    '-s',
    '--no-patch',
    '--stat',
    '--shortstat',
    '--numstat',
    '--name-only',
    '--name-status',
    '--summary',
    '--raw',
    '--oneline',
    '--graph',
    '--decorate',
    '--no-decorate',
    '--all',
    '--branches',
    '--tags',
    '--remotes',
    '--reverse',
    '--first-parent',
    '--merges',
    '--no-merges',
    '--abbrev-commit',
    '--no-abbrev-commit',
    '--relative-date',
    '--follow',
    '-i',
    '--regexp-ignore-case',
    '-E',
    '--extended-regexp',
    '-F',
    '--fixed-strings',
    '--cached',
    '--staged',
    '-w',
    '--ignore-all-space',
    '-b',
    '--ignore-space-change',
    '--ignore-blank-lines',
    '--no-color',
    '--no-renames',
    '-M',
    '-C',
    '--find-renames',
    '--minimal',
    '--patience',
    '--histogram',
    '-z',
    '--full-index',
    '--exit-code',
    '--quiet',
    '--no-ext-diff',
    '--no-textconv',
    '--topo-order',
    '--date-order',
    '--author-date-order',
    '--left-right',
    '--cherry-pick',
    '--boundary',
    '--check',
    '-R',
    '--no-index',
    '--no-prefix',
    '--full-history',
    '--simplify-merges',
    '--source',
    '--mailmap',
    '--no-mailmap',
    '--compact-summary',
    '--dirstat',
    '--cumulative',
  ],
  valued: [
    '--max-count',
    '--skip',
    '--since',
    '--until',
    '--after',
    '--before',
    '--author',
    '--committer',
    '--grep',
    '--format',
    '--pretty',
    '--date',
    '--diff-filter',
    '--unified',
    '--stat',
    '--word-diff',
    '--color',
    '--color-words',
    '--abbrev',
    '--decorate',
    '--relative',
    '--find-renames',
    '--inter-hunk-context',
    '--stat-width',
    '--dirstat',
    '--encoding',
  ],
  separate: ['-n', '--max-count', '--author', '--committer', '--grep', '--since', '--until', '-S', '-G'],
  attached: ['-U', '-M', '-C', '-n', '-S', '-G'],
  numeric: true,
};

interface GitOptions {
  /** Whole words, matched exactly (git's own option parser; clusters are not guessed at). */
  flags: string[];
  /** `--name=VALUE` forms. */
  valued?: string[];
  /** Options whose value may be the next word. */
  separate?: string[];
  /** Short options with the value attached: `-U5`, `-n10`, `-Sfoo`. */
  attached?: string[];
  /** `-5`: a count. */
  numeric?: boolean;
  /** Operands (revisions, paths) are accepted only with one of these present (`git branch --list PATTERN`). */
  operandsNeed?: string[];
}

const GIT_SUBCOMMANDS: Record<string, GitOptions> = {
  log: GIT_LOG_OPTIONS,
  show: GIT_LOG_OPTIONS,
  diff: GIT_LOG_OPTIONS,
  status: {
    flags: [
      '-s',
      '--short',
      '-b',
      '--branch',
      '--porcelain',
      '--long',
      '-u',
      '-uno',
      '-unormal',
      '-uall',
      '--ignored',
      '-z',
      '--show-stash',
      '-v',
      '--verbose',
      '--ahead-behind',
      '--no-ahead-behind',
      '--no-renames',
    ],
    valued: ['--porcelain', '--untracked-files', '--ignored', '--column'],
  },
  branch: {
    flags: [
      '-a',
      '--all',
      '-r',
      '--remotes',
      '-l',
      '--list',
      '-v',
      '-vv',
      '--verbose',
      '--show-current',
      '--no-color',
      '--color',
      '--no-column',
      '-i',
      '--ignore-case',
      '--merged',
      '--no-merged',
      '--contains',
      '--no-contains',
    ],
    valued: [
      '--sort',
      '--format',
      '--color',
      '--merged',
      '--no-merged',
      '--contains',
      '--no-contains',
      '--points-at',
      '--abbrev',
    ],
    operandsNeed: ['-l', '--list'],
  },
  'rev-parse': {
    flags: [
      '--show-toplevel',
      '--abbrev-ref',
      '--short',
      '--verify',
      '-q',
      '--quiet',
      '--git-dir',
      '--git-common-dir',
      '--show-prefix',
      '--show-cdup',
      '--is-inside-work-tree',
      '--is-inside-git-dir',
      '--is-bare-repository',
      '--symbolic',
      '--symbolic-full-name',
      '--absolute-git-dir',
      '--show-superproject-working-tree',
    ],
    valued: ['--short', '--abbrev-ref'],
  },
  'ls-files': {
    flags: [
      '-c',
      '--cached',
      '-d',
      '--deleted',
      '-m',
      '--modified',
      '-o',
      '--others',
      '-i',
      '--ignored',
      '-s',
      '--stage',
      '-u',
      '--unmerged',
      '-k',
      '--killed',
      '-z',
      '-t',
      '-v',
      '--exclude-standard',
      '--full-name',
      '--error-unmatch',
      '--directory',
      '--no-empty-directory',
      '--eol',
      '--deduplicate',
    ],
    valued: ['--exclude', '--exclude-from', '--abbrev'],
    separate: ['-x', '--exclude'],
  },
  blame: {
    flags: [
      '-w',
      '-M',
      '-C',
      '-s',
      '-e',
      '--show-email',
      '-l',
      '-t',
      '-p',
      '--porcelain',
      '--line-porcelain',
      '-c',
      '-f',
      '--show-name',
      '-n',
      '--show-number',
      '--root',
      '--incremental',
    ],
    valued: ['--date', '--abbrev'],
    separate: ['-L'],
    attached: ['-L'],
  },
};

/** `git SUBCOMMAND ...`: no global options but `--no-pager` (`-c`, `-C`, `--exec-path`, `--git-dir` change what runs). */
const gitReadOnly: ReadOnlyJudge = (args) => {
  let i = 0;
  while (args[i] && (args[i].text === '--no-pager' || args[i].text === '-P') && !args[i].glob) i++;
  const sub = args[i];
  if (!sub || sub.glob) return 'git without a subcommand known to only read';
  const options = GIT_SUBCOMMANDS[sub.text];
  if (!options)
    return sub.text.startsWith('-')
      ? `the git option ${sub.text} is not known to only read`
      : `git ${sub.text} is not known to only read`;
  const flags = new Set(options.flags);
  const valued = new Set(options.valued ?? []);
  const separate = new Set(options.separate ?? []);
  const attached = options.attached ?? [];
  let operands = 0;
  let optionsEnded = false;
  const rest = args.slice(i + 1);
  for (let k = 0; k < rest.length; k++) {
    const { text } = rest[k];
    if (!optionsEnded && mayExpandToOption(rest[k])) return globProblem(text);
    if (optionsEnded || !text.startsWith('-')) {
      operands++;
      continue;
    }
    if (text === '--') {
      optionsEnded = true;
      continue;
    }
    if (flags.has(text)) continue;
    if (options.numeric && /^-\d+$/.test(text)) continue;
    const eq = text.indexOf('=');
    if (eq > 0 && text.startsWith('--') && valued.has(text.slice(0, eq))) continue;
    if (separate.has(text)) {
      const problem = separateValue(rest, ++k, text);
      if (problem) return problem;
      continue;
    }
    if (attached.some((letter) => text.length > 2 && text.startsWith(letter))) continue;
    return `git ${sub.text} ${eq > 0 ? text.slice(0, eq) : text} is not known to only read`;
  }
  if (operands && options.operandsNeed && !rest.some((w) => options.operandsNeed!.includes(w.text))) {
    return `git ${sub.text} with a name ${sub.text === 'branch' ? 'creates a branch' : 'may change something'}`;
  }
  return null;
};

/** find's expression: tests and actions that only read or print to stdout; -exec, -delete, -fprint*, -fls, -ok are not among them. */
const FIND_TESTS = new Set([
  '-print',
  '-print0',
  '-prune',
  '-not',
  '-a',
  '-o',
  '-and',
  '-or',
  '!',
  '(',
  ')',
  ',',
  '-depth',
  '-xdev',
  '-mount',
  '-empty',
  '-readable',
  '-writable',
  '-executable',
  '-true',
  '-false',
  '-ls',
  '-quit',
  '-nouser',
  '-nogroup',
  '-follow',
  '-noleaf',
]);
const FIND_VALUE_TESTS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-type',
  '-xtype',
  '-maxdepth',
  '-mindepth',
  '-size',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-newer',
  '-anewer',
  '-cnewer',
  '-perm',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-regex',
  '-iregex',
  '-regextype',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
  '-ilname',
  '-printf',
  '-used',
]);

const findReadOnly: ReadOnlyJudge = (args) => {
  let i = 0;
  while (args[i] && ['-H', '-L', '-P'].includes(args[i].text)) i++;
  for (; i < args.length; i++) {
    const { text } = args[i];
    if (mayExpandToOption(args[i])) return globProblem(text);
    if (FIND_TESTS.has(text)) continue;
    if (FIND_VALUE_TESTS.has(text)) {
      if (!args[i + 1]) return `${text} has no value`;
      if (mayExpandToOption(args[i + 1])) return globProblem(args[i + 1].text);
      i++; // find takes the next word as the value whatever it looks like: `-name -delete` is a name
      continue;
    }
    if (text.startsWith('-')) return `find ${text} is not known to only read`;
  }
  return null;
};

/** `sed -n 'N,Mp' FILE...`: printing a range of lines, the one sed form known to only read. */
const sedReadOnly: ReadOnlyJudge = (args) => {
  if (args.length < 2 || args[0].text !== '-n' || !/^\d+(,\d+)?p$/.test(args[1].text) || args[1].glob) {
    return "sed other than sed -n 'N,Mp' FILE";
  }
  const file = args.slice(2).find((w) => mayExpandToOption(w) || w.text.startsWith('-'));
  return file ? `sed ${file.text}` : null;
};

const cdReadOnly: ReadOnlyJudge = (args) => {
  if (args.length > 1) return 'cd with more than one folder';
  if (args[0]?.glob) return `cd into a file-name pattern ${args[0].text}`;
  if (args[0] && args[0].text !== '-' && args[0].text.startsWith('-')) return `cd ${args[0].text}`;
  return null;
};

/** Every option of these reads only (GNU coreutils, grep, which): no option writes a file or runs a program. */
const anyOption = getopt({ anyOption: true });

export const READ_ONLY_PROGRAMS: Record<string, ReadOnlyJudge> = {
  ls: anyOption,
  cat: anyOption,
  pwd: anyOption,
  head: anyOption,
  tail: anyOption,
  wc: anyOption,
  echo: anyOption,
  grep: anyOption,
  which: anyOption,
  stat: anyOption,
  du: anyOption,
  df: anyOption,
  true: anyOption,
  false: anyOption,
  nl: anyOption,
  cut: anyOption,
  cd: cdReadOnly,
  sed: sedReadOnly,
  git: gitReadOnly,
  find: findReadOnly,
  // -C and -m compile magic files (writes); the rest read.
  file: getopt({
    short: 'bcEhiLkNnprsSz0',
    long: [
      '--brief',
      '--mime',
      '--mime-type',
      '--mime-encoding',
      '--dereference',
      '--no-dereference',
      '--keep-going',
      '--raw',
      '--special-files',
      '--uncompress',
      '--print0',
      '--extension',
      '--apple',
    ],
    shortValue: 'Fef',
    longValue: ['--separator', '--exclude', '--files-from'],
  }),
  // -o writes the listing to a file; -R with -H writes 00Tree.html into every folder.
  tree: getopt({
    short: 'adfilpsughDFqNQrtvUcCAnSxJX',
    shortValue: 'LPI',
    long: [
      '--noreport',
      '--dirsfirst',
      '--gitignore',
      '--prune',
      '--du',
      '--si',
      '--matchdirs',
      '--ignore-case',
      '--fromfile',
    ],
    longValue: ['--filelimit', '--sort', '--charset', '--timefmt'],
  }),
  // -o, --output, -T, --compress-program write or run; the rest read.
  sort: getopt({
    short: 'bdfgiMhnRrVcCmsuz',
    shortValue: 'ktS',
    long: [
      '--ignore-leading-blanks',
      '--dictionary-order',
      '--ignore-case',
      '--general-numeric-sort',
      '--ignore-nonprinting',
      '--month-sort',
      '--human-numeric-sort',
      '--numeric-sort',
      '--random-sort',
      '--reverse',
      '--version-sort',
      '--merge',
      '--stable',
      '--unique',
      '--zero-terminated',
      '--debug',
    ],
    longValue: ['--key', '--field-separator', '--buffer-size', '--sort', '--parallel'],
    longOptional: ['--check'],
  }),
  // uniq IN OUT writes OUT: one file at most.
  uniq: getopt({
    short: 'cdDiuz',
    shortValue: 'fsw',
    long: ['--count', '--repeated', '--unique', '--ignore-case', '--zero-terminated'],
    longValue: ['--skip-fields', '--skip-chars', '--check-chars'],
    longOptional: ['--all-repeated', '--group'],
    maxOperands: 1,
  }),
  // --pre, --pre-glob, -z/--search-zip and --hostname-bin run programs; the rest read.
  rg: getopt({
    short: 'iIsSnNlcwxvFoHqaLuUp0',
    shortValue: 'egtTABCmjM',
    long: [
      '--ignore-case',
      '--smart-case',
      '--case-sensitive',
      '--line-number',
      '--no-line-number',
      '--files-with-matches',
      '--files-without-match',
      '--count',
      '--count-matches',
      '--word-regexp',
      '--line-regexp',
      '--invert-match',
      '--fixed-strings',
      '--only-matching',
      '--with-filename',
      '--no-filename',
      '--quiet',
      '--text',
      '--follow',
      '--hidden',
      '--no-ignore',
      '--no-ignore-vcs',
      '--files',
      '--no-heading',
      '--heading',
      '--column',
      '--json',
      '--vimgrep',
      '--multiline',
      '--null',
      '--trim',
      '--pretty',
      '--stats',
      '--type-list',
      '--passthru',
      '--sort-files',
      '--no-messages',
      '--unrestricted',
      '--binary',
      '--crlf',
      '--byte-offset',
    ],
    longValue: [
      '--regexp',
      '--glob',
      '--iglob',
      '--type',
      '--type-not',
      '--after-context',
      '--before-context',
      '--context',
      '--max-count',
      '--threads',
      '--max-columns',
      '--max-depth',
      '--sort',
      '--sortr',
      '--color',
      '--colors',
      '--max-filesize',
      '--context-separator',
      '--field-match-separator',
      '--path-separator',
      '--encoding',
      '--engine',
      '--replace',
    ],
  }),
  diff: getopt({
    short: 'uUcCrNqiwbBaystTpdE',
    shortValue: 'UCxXSFIL',
    long: [
      '--brief',
      '--recursive',
      '--new-file',
      '--ignore-case',
      '--ignore-all-space',
      '--ignore-space-change',
      '--ignore-blank-lines',
      '--text',
      '--side-by-side',
      '--report-identical-files',
      '--strip-trailing-cr',
      '--minimal',
      '--expand-tabs',
      '--initial-tab',
      '--show-c-function',
      '--suppress-common-lines',
      '--unidirectional-new-file',
      '--no-dereference',
      '--ignore-file-name-case',
    ],
    longValue: [
      '--unified',
      '--context',
      '--exclude',
      '--exclude-from',
      '--label',
      '--width',
      '--show-function-line',
      '--ignore-matching-lines',
      '--starting-file',
    ],
    longOptional: ['--color'],
    maxOperands: 2,
  }),
};

/** Why one program's words are not known to only read, or null when they are. */
export function readOnlyProblem(argv: ShellWord[]): string | null {
  const [program, ...args] = argv;
  if (program.glob) return globProblem(program.text);
  const judge = Object.hasOwn(READ_ONLY_PROGRAMS, program.text) ? READ_ONLY_PROGRAMS[program.text] : undefined;
  if (!judge) return `${program.text} is not a program known to only read`;
  return judge(args);
}
