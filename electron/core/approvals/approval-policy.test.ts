import { describe, expect, it } from 'vitest';
import { isKnownSafe, needsApproval, notKnownSafeBecause, plantablePathEntry } from './approval-policy';

/** Lines a model would send to get code of its choosing run, or a file written, without being asked. */
const MUST_ASK = [
  // The review's payloads: quoting slips an option past a look at the raw text.
  'git log "--output=F"',
  "git log '--output=F'",
  'git log --format=x "--output=p.sh"',
  'git log --format=%H --output=p.sh',
  'git log --outp=p.sh', // git accepts unambiguous prefixes of long options
  'git log --ext-diff -p',
  'git diff --ext-diff',
  'git diff --textconv',
  'git -c core.pager=sh log',
  'git -c alias.x=!sh x',
  'git --exec-path=/tmp log',
  'git -C /var/tmp status',
  'git --git-dir=/var/tmp/x/.git log',
  'git branch -D main',
  'git branch -d main',
  'git branch -m a b',
  'git branch newbranch',
  'git branch --set-upstream-to=origin/x',
  'git branch --contains HEAD evil',
  'git show --output=x HEAD',
  'git status --porcelain && git commit -am x',
  'git log --show-signature', // runs gpg.program from the repository's configuration
  'cd sub && git diff HEAD~1 HEAD', // a planted repository below the working folder, with its own config
  'cd sub; git status',
  'git log -- x ; git push',
  'git checkout main',
  'git config core.fsmonitor sh',
  'find . -delete',
  "find . '-delete'",
  'find . "-delete"',
  'find . -\\delete',
  'find . -exec sh -c id \\;',
  "find . -execdir sh -c 'id' +",
  'find . -ok rm {} \\;',
  'find . -fprintf p.sh x',
  'find . -fprint out',
  'find . -fls out',
  'find . -newerXY x',
  'find . -name *',
  'sort -o F in',
  'sort --output=F in',
  'sort --compress-program=sh in',
  "sort '--compress-program=sh' in",
  'sort --comp=sh in',
  'sort -T /var/tmp in',
  'sort -rno F in',
  'uniq IN OUT',
  'uniq -c IN OUT',
  'uniq *',
  'rg --pre=sh x',
  'rg --pre sh x',
  "rg '--pre=sh' x",
  'rg -z x',
  'rg --search-zip x',
  'rg --pre-glob=* --pre=sh x',
  'rg --hostname-bin=sh x',
  'rg -e x *',
  'tree -o out',
  'tree -R -H . .',
  'file -C -m magic',
  'sed -i s/a/b/ f',
  "sed -n 'w out' f",
  'sed s/a/b/w\\ out f',
  "sed -n '1p;w out' f",
  // What the shell does beyond running the words shown.
  'ls $(rm x)',
  'ls `rm x`',
  'echo "$(rm x)"',
  'echo "`rm x`"',
  'cat ${HOME}',
  'cat $HOME/.npmrc',
  "echo $'\\x41'",
  'echo hi > out',
  'echo hi >> out',
  'echo hi>out',
  'ls 1>out',
  'ls 2>out',
  'ls >| out',
  'ls &> out',
  'ls >&3',
  'cat < /etc/passwd',
  'cat <<EOF\nhi\nEOF',
  'cat <<< hi',
  'diff <(ls) <(ls -a)',
  'ls & rm x',
  'ls &',
  'ls |& cat',
  'ls | sh',
  'ls | xargs rm',
  'ls; rm -rf x',
  'ls && rm -rf x',
  'ls || rm -rf x',
  'ls\nrm -rf x',
  '(rm x)',
  '{ rm x; }',
  'echo {a,b}',
  'echo x{1..3}',
  'a=b ls',
  'GIT_EXTERNAL_DIFF=sh git diff',
  'PAGER=sh git log',
  'LD_PRELOAD=/x.so ls',
  '\\rm x',
  'r\\m x',
  "'rm' x",
  '/bin/rm x',
  './ls',
  'rm -rf x',
  'sh -c ls',
  'bash -c "ls"',
  'env ls',
  'command ls',
  'exec ls',
  'eval ls',
  'xargs ls',
  'time ls',
  '! ls',
  'ls |',
  '| ls',
  '&& ls',
  "echo 'unterminated",
  'echo "unterminated',
  'echo trailing\\',
  '',
  '   ',
  'cd x y',
  'cd *',
  'head -n 5 f; curl http://x',
  'npm test',
  'python3 x.py',
];

/** Ordinary reading commands that must still run without a question. */
const RUN_UNASKED = [
  'ls',
  'ls -la',
  'ls -la src',
  'ls *.ts',
  'cat README.md',
  'cat "a file.txt"',
  "cat 'with $dollar'",
  'head -n 20 src/index.ts',
  'tail -5 log.txt',
  'wc -l src/*.ts',
  'pwd',
  'echo hello world',
  'grep -rn "TODO" src',
  'grep -e -x file',
  'rg -n "fn main" --type rust',
  'rg -i foo -g "*.ts"',
  'rg --files',
  'rg -e=foo src',
  'git status',
  'git status --porcelain',
  'git status -s',
  'git log --oneline -n 5',
  'git log --oneline -20',
  'git log -n 3 --format=%H',
  'git log --format="%h %s" main..HEAD',
  'git log -p -- src/a.ts',
  'git log -- src/*.ts',
  'git --no-pager log -3',
  'git diff',
  'git diff --cached --stat',
  'git diff HEAD~1 -- src',
  'git diff -U5',
  'git show HEAD',
  'git show HEAD:src/a.ts',
  'git branch',
  'git branch -a',
  'git branch --show-current',
  'git branch --list "feat/*"',
  'git rev-parse --show-toplevel',
  'git rev-parse HEAD',
  'git ls-files',
  'git blame -L 10,20 src/a.ts',
  'find . -name "*.ts"',
  "find src -type f -name '*.md' -maxdepth 2",
  'find . -name -delete',
  'find . \\( -name a -o -name b \\) -print',
  'find . ! -name x',
  'sort file',
  'sort -rn -k 2 file',
  'sort -t, -k2 file',
  'uniq -c file',
  'uniq file',
  'diff a b',
  'diff -u a b',
  'cut -d: -f1 /etc/passwd',
  'nl file',
  'du -sh .',
  'df -h',
  'stat file',
  'which git',
  'file README.md',
  'tree -L 2',
  "sed -n '1,20p' file",
  'sed -n 5p file',
  'cd src && ls',
  'ls | head',
  'git log --oneline | head -n 5',
  'cat a | grep x | sort | uniq -c',
  'ls 2>/dev/null',
  'ls 2>&1 | head',
  'git status >/dev/null 2>&1 && echo clean',
  'ls # a comment > out',
  'ls \\\n  -la',
  'true',
  'git log -1 HEAD@{1}',
];

describe('known-safe commands under untrusted', () => {
  it.each(MUST_ASK)('asks before %j', (command) => {
    expect(isKnownSafe(command)).toBe(false);
    expect(needsApproval('untrusted', command)).toBe(true);
  });

  it.each(RUN_UNASKED)('runs %j without asking', (command) => {
    expect(notKnownSafeBecause(command)).toBeNull();
    expect(needsApproval('untrusted', command)).toBe(false);
  });

  it('says in plain words why it asks', () => {
    expect(notKnownSafeBecause('git log --format=x "--output=p.sh"')).toBe(
      'git log --output is not known to only read',
    );
    expect(notKnownSafeBecause("find . '-delete'")).toBe('find -delete is not known to only read');
    expect(notKnownSafeBecause('sort --compress-program=sh f')).toBe(
      '--compress-program is not an option known to only read',
    );
    expect(notKnownSafeBecause('uniq IN OUT')).toMatch(/more than 1 file operand/);
    expect(notKnownSafeBecause('ls $(rm x)')).toMatch(/^the shell would do more than run programs: an expansion/);
    expect(notKnownSafeBecause('\\rm x')).toBe('rm is not a program known to only read');
  });

  it('git only in the working folder: elsewhere it would obey a configuration the person never opened', () => {
    expect(isKnownSafe('git status')).toBe(true);
    expect(isKnownSafe('git status', { outsideWorkingFolder: true })).toBe(false);
    expect(isKnownSafe('ls', { outsideWorkingFolder: true })).toBe(true);
    expect(isKnownSafe('git log -1 && cd src && ls')).toBe(true);
  });

  it('nothing is known safe while PATH lists a folder the repository could fill', () => {
    expect(plantablePathEntry('/usr/local/bin:/usr/bin:/bin', '/work/repo')).toBeUndefined();
    expect(plantablePathEntry(undefined, '/work/repo')).toBeUndefined();
    expect(plantablePathEntry('/usr/bin:node_modules/.bin', '/work/repo')).toBe('node_modules/.bin');
    expect(plantablePathEntry('/usr/bin:', '/work/repo')).toBe('');
    expect(plantablePathEntry('/work/repo/bin:/usr/bin', '/work/repo')).toBe('/work/repo/bin');
    expect(plantablePathEntry('/work/repository/bin', '/work/repo')).toBeUndefined();
    expect(notKnownSafeBecause('ls', { plantablePathEntry: './bin' })).toBe(
      'PATH lists ./bin, where a program could stand in for the one named',
    );
    expect(isKnownSafe('ls', { plantablePathEntry: '' })).toBe(false);
  });

  it('only untrusted asks for reading commands', () => {
    expect(needsApproval('on-request', 'rm -rf x')).toBe(false);
    expect(needsApproval('never', 'rm -rf x')).toBe(false);
  });
});
