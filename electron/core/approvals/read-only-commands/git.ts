/**
 * git: the subcommands known to only read (log, show, diff, status, branch, rev-parse, ls-files, blame),
 * each with its own list of options, and the judge that walks `git [--no-pager] SUBCOMMAND ...`.
 */
import { globProblem, mayExpandToOption, separateValue, type ReadOnlyJudge } from './word-checks';

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
export const gitReadOnly: ReadOnlyJudge = (args) => {
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
