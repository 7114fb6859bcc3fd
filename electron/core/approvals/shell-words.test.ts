import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './shell-words';

const words = (line: string) => {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.commands.map((argv) => argv.map((w) => w.text));
};

describe('parseCommandLine', () => {
  it('removes quotes and escapes as bash does', () => {
    expect(words(`git log "--output=F" '--x y' a\\ b`)).toEqual([['git', 'log', '--output=F', '--x y', 'a b']]);
    expect(words(`echo "a\\"b" "c\\d" 'e\\f' ""`)).toEqual([['echo', 'a"b', 'c\\d', 'e\\f', '']]);
    expect(words('\\rm -\\rf')).toEqual([['rm', '-rf']]);
    expect(words('ls \\\n -la')).toEqual([['ls', '-la']]);
  });

  it('splits pipelines and lists into their commands', () => {
    expect(words('a | b && c || d; e\nf')).toEqual([['a'], ['b'], ['c'], ['d'], ['e'], ['f']]);
    expect(words('ls;')).toEqual([['ls']]);
  });

  it('drops comments and the harmless redirections, nothing else', () => {
    expect(words('ls 2>/dev/null >/dev/null 2>&1 # x > y')).toEqual([['ls']]);
    expect(words('echo a#b')).toEqual([['echo', 'a#b']]);
  });

  it('marks unquoted wildcards, not quoted ones', () => {
    const parsed = parseCommandLine(`ls *.ts '*.md'`);
    expect(parsed.ok && parsed.commands[0].map((w) => w.glob)).toEqual([false, true, false]);
  });

  it.each([
    ['ls $(id)', /expansion/],
    ['ls `id`', /backticks/],
    ['echo "$HOME"', /inside double quotes/],
    ['ls > f', /redirection/],
    ['ls 3>/dev/null', /redirection/],
    ['cat <f', /input redirection/],
    ['ls &', /background/],
    ['(ls)', /subshell/],
    ['echo {a,b}', /brace/],
    ["echo 'x", /unterminated single/],
    ['ls | ', /operator/],
    ['', /empty/],
  ])('refuses %j', (line, reason) => {
    const parsed = parseCommandLine(line);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});
