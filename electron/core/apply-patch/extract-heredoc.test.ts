import { describe, expect, it } from 'vitest';
import { extractHeredocPatch } from './extract-heredoc';

const PATCH = '*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch';
const script = (prefix: string, opener = "<<'EOF'", close = 'EOF', suffix = '') =>
  `${prefix}apply_patch ${opener}\n${PATCH}\n${close}${suffix}`;

describe('extractHeredocPatch', () => {
  it.each([`<<'EOF'`, '<<EOF', '<<"EOF"', "<< 'EOF'"])('recognises apply_patch %s … EOF', (opener) => {
    expect(extractHeredocPatch(script('', opener))).toEqual({ patch: PATCH, workdir: null });
  });

  it('accepts applypatch, any delimiter word, and surrounding blank space', () => {
    expect(extractHeredocPatch(`  applypatch <<'PATCH'\n${PATCH}\n\nPATCH\n\n`)).toEqual({
      patch: PATCH,
      workdir: null,
    });
  });

  it('returns the folder of a leading cd DIR &&', () => {
    expect(extractHeredocPatch(script('cd foo && '))).toEqual({ patch: PATCH, workdir: 'foo' });
    expect(extractHeredocPatch(script("cd 'foo bar' && "))).toEqual({ patch: PATCH, workdir: 'foo bar' });
    expect(extractHeredocPatch(script('cd "foo bar" && '))).toEqual({ patch: PATCH, workdir: 'foo bar' });
    expect(extractHeredocPatch(script('cd ../src/app&&'))).toEqual({ patch: PATCH, workdir: '../src/app' });
  });

  it('unwraps bash -lc / sh -c argv forms', () => {
    expect(extractHeredocPatch(['bash', '-lc', script('')])).toEqual({ patch: PATCH, workdir: null });
    expect(extractHeredocPatch(['/bin/sh', '-c', script('cd x && ')])).toEqual({ patch: PATCH, workdir: 'x' });
    expect(extractHeredocPatch(['python', '-c', script('')])).toBeNull();
  });

  it.each([
    ['cd with ;', script('cd foo; ')],
    ['cd with ||', script('cd bar || ')],
    ['cd piped', script('cd bar | ')],
    ['another command first', script('echo foo && ')],
    ['two cds', script('cd foo && cd bar && ')],
    ['cd with two arguments', script('cd foo bar && ')],
    ['cd with an expansion', script('cd "$HOME" && ')],
    ['a command after the heredoc', script('cd bar && ', "<<'EOF'", 'EOF', '\necho done')],
    ['a command on the opener line', `apply_patch <<'EOF' && echo done\n${PATCH}\nEOF`],
    ['an argument to apply_patch', `apply_patch foo <<'EOF'\n${PATCH}\nEOF`],
    ['an unterminated heredoc', `apply_patch <<'EOF'\n${PATCH}\n`],
    ['a <<- heredoc', `apply_patch <<-EOF\n${PATCH}\nEOF`],
    ['a plain command', 'ls -la'],
    ['a raw patch', PATCH],
  ])('does not take %s for a patch', (_, command) => {
    expect(extractHeredocPatch(command)).toBeNull();
  });
});
