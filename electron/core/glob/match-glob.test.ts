import { describe, expect, it } from 'vitest';
import { isGlob, matchesGlob, splitGlob } from './match-glob';

const cases: [pattern: string, yes: string[], no: string[]][] = [
  ['*.ts', ['a.ts', '.eslintrc.ts'], ['src/a.ts', 'a.tsx', 'a.ts/x']],
  ['src/*.ts', ['src/a.ts'], ['src/x/a.ts', 'a.ts']],
  ['src/**/*.ts', ['src/a.ts', 'src/x/a.ts', 'src/x/y/a.ts'], ['lib/a.ts', 'src/a.tsx', 'srcx/a.ts']],
  ['**/*.test.*', ['a.test.ts', 'x/y/a.test.tsx'], ['a.ts', 'test/a.ts']],
  ['app/api/**/*', ['app/api/a', 'app/api/v1/users.ts'], ['app/a', 'app/api']],
  // `docs/**` covers the folder itself too (bash's globstar does): a deny_read `~/.config/gh/**` hides the folder.
  ['docs/**', ['docs/a.md', 'docs/x/y.md', 'docs'], ['doc/a.md', 'docsx']],
  ['**/.env', ['.env', 'a/b/.env'], ['a/.envx', 'a/.env/x']],
  ['[ab].md', ['a.md', 'b.md'], ['c.md']],
  ['**', ['a', 'a/b/c'], []],
  ['?.md', ['a.md'], ['ab.md', '/.md']],
  ['src/components/**/*.{tsx,jsx}', ['src/components/a.tsx', 'src/components/x/b.jsx'], ['src/components/a.ts']],
  ['{src,lib}/**/*.ts', ['src/a.ts', 'lib/x/b.ts'], ['test/a.ts']],
  ['{a,b{c,d}}.txt', ['a.txt', 'bc.txt', 'bd.txt'], ['b.txt', 'ab.txt']],
  ['*.{md,}', ['a.md', 'a.'], ['a']],
  ['a+b(1).[x]$', ['a+b(1).[x]$'], ['ab1x']],
  ['\\*.md', ['*.md'], ['a.md']],
  ['{unclosed.md', ['{unclosed.md'], ['unclosed.md']],
  ['*.ts,*.tsx', ['*.ts,*.tsx'], ['a.ts', 'a.tsx']],
  ['./src/*.ts', ['src/a.ts', './src/a.ts'], []],
];

describe('matchesGlob', () => {
  it.each(cases)('%s', (pattern, yes, no) => {
    for (const file of yes) expect(matchesGlob(file, pattern), `${pattern} should match ${file}`).toBe(true);
    for (const file of no) expect(matchesGlob(file, pattern), `${pattern} should not match ${file}`).toBe(false);
  });

  it('accepts Windows separators in paths', () => {
    expect(matchesGlob('src\\x\\a.ts', 'src/**/*.ts')).toBe(true);
  });

  it('is anchored at both ends', () => {
    expect(matchesGlob('xa.md', 'a.md')).toBe(false);
    expect(matchesGlob('a.mdx', 'a.md')).toBe(false);
  });

  it('matches a pattern without a slash at any depth only when asked (gitignore style)', () => {
    expect(matchesGlob('a/b/k.pem', '*.pem')).toBe(false);
    expect(matchesGlob('a/b/k.pem', '*.pem', { anyDepth: true })).toBe(true);
    expect(matchesGlob('a/b/k.pem', 'b/*.pem', { anyDepth: true })).toBe(false);
  });

  it('ignores case only when asked (environment variable names)', () => {
    expect(matchesGlob('AWS_REGION', 'aws_*')).toBe(false);
    expect(matchesGlob('AWS_REGION', 'aws_*', { caseInsensitive: true })).toBe(true);
    expect(matchesGlob('AWS', 'aws_*', { caseInsensitive: true })).toBe(false);
  });
});

describe('isGlob and splitGlob', () => {
  it('tells globs from plain paths and splits off the plain base', () => {
    expect(isGlob('~/.config/gh/**')).toBe(true);
    expect(isGlob('secrets/prod.key')).toBe(false);
    expect(splitGlob('~/.config/gh/**')).toEqual({ base: '~/.config/gh', glob: '**' });
    expect(splitGlob('**/.env')).toEqual({ base: '', glob: '**/.env' });
  });
});
