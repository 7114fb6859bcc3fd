import { describe, expect, it } from 'vitest';
import { parsePatch } from './parse-patch';
import { DOC_EXAMPLE_PATCH_LINES } from './test-tree';

const wrap = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;
const errorOf = (text: string) => {
  try {
    parsePatch(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a parse error');
};
const update = (path: string, chunks: unknown[], movePath: string | null = null) => ({
  type: 'update',
  path,
  movePath,
  chunks,
});
const chunk = (oldLines: string[], newLines: string[], changeContext: string | null = null, isEndOfFile = false) =>
  expect.objectContaining({ changeContext, oldLines, newLines, isEndOfFile });

describe('parsePatch: the grammar', () => {
  it('parses the example of codex-compat.md §1.1 into its four operations', () => {
    const text = ['*** Begin Patch', ...DOC_EXAMPLE_PATCH_LINES, '*** End Patch', ''].join('\n');
    expect(parsePatch(text).hunks).toEqual([
      { type: 'add', path: 'src/export/csv.ts', contents: 'export const SEPARATOR = ",";\n' },
      update('src/todo/toolbar.ts', [
        chunk(
          ['  const buttons = [newButton()];', '  return buttons;'],
          ['  const buttons = [newButton()];', '  buttons.push(exportButton());', '  return buttons;'],
          'export function toolbarButtons() {',
        ),
      ]),
      update('ABOUT.md', [chunk(['Todo app'], ['Todo app with CSV export'], null, true)], 'docs/ABOUT.md'),
      { type: 'delete', path: 'src/legacy/print.ts' },
    ]);
  });

  it('records which new lines are kept context lines, for byte-preserving splices', () => {
    const [hunk] = parsePatch(wrap('*** Update File: a\n@@\n a\n-b\n+B\n c')).hunks;
    expect(hunk).toMatchObject({
      chunks: [{ oldLines: ['a', 'b', 'c'], newLines: ['a', 'B', 'c'], newLineSources: [0, -1, 2] }],
    });
  });

  it('lets the first chunk of an Update omit @@', () => {
    expect(parsePatch(wrap('*** Update File: f.py\n import foo\n+bar')).hunks).toEqual([
      update('f.py', [chunk(['import foo'], ['import foo', 'bar'])]),
    ]);
  });

  it('takes *** Move to only directly after *** Update File', () => {
    expect(errorOf(wrap('*** Update File: f.py\n@@\n-a\n+b\n*** Move to: x'))).toMatch(
      /^Invalid patch hunk on line 6: '\*\*\* Move to: x' is not a valid hunk header/,
    );
  });

  it('splits chunks at each @@ and keeps an entirely empty line as empty context', () => {
    const [hunk] = parsePatch(wrap('*** Update File: f\n@@ class A\n x\n\n-y\n@@ def b\n-z\n+Z')).hunks;
    expect(hunk).toEqual(update('f', [chunk(['x', '', 'y'], ['x', ''], 'class A'), chunk(['z'], ['Z'], 'def b')]));
  });

  it('makes an empty file of an Add File without + lines, and ends each + line with a newline', () => {
    expect(parsePatch(wrap('*** Add File: empty.txt\n*** Add File: two.txt\n+a\n+')).hunks).toEqual([
      { type: 'add', path: 'empty.txt', contents: '' },
      { type: 'add', path: 'two.txt', contents: 'a\n\n' },
    ]);
  });

  it('returns the envelope without a heredoc wrapper', () => {
    const envelope = wrap('*** Delete File: x');
    expect(parsePatch(`<<'EOF'\n${envelope}\nEOF\n`).patch).toBe(envelope);
  });
});

describe('parsePatch: Codex leniency', () => {
  it('trims the whole text and compares marker lines trimmed', () => {
    const text = `\n\n  *** Begin Patch  \n   *** Update File: foo.txt   \n\t*** Move to: bar.txt \n@@\n-old\n+new\n *** End Patch \n\n`;
    expect(parsePatch(text).hunks).toEqual([update('foo.txt', [chunk(['old'], ['new'])], 'bar.txt')]);
  });

  it.each([`<<'EOF'`, '<<EOF', '<<"EOF"'])('strips a %s heredoc wrapper', (opener) => {
    expect(parsePatch(`${opener}\n${wrap('*** Add File: a\n+x')}\nEOF`).hunks).toEqual([
      { type: 'add', path: 'a', contents: 'x\n' },
    ]);
  });

  it('does not strip other wrappers', () => {
    expect(errorOf(`<<'PATCH'\n${wrap('*** Add File: a\n+x')}\nPATCH`)).toBe(
      "Invalid patch: The first line of the patch must be '*** Begin Patch'",
    );
  });

  it('skips blank lines before a chunk', () => {
    const [hunk] = parsePatch(wrap('*** Update File: f\n\n   \n@@\n-a\n+b')).hunks;
    expect(hunk).toEqual(update('f', [chunk(['a'], ['b'])]));
  });

  it('reads a patch with CRLF line endings like one with LF', () => {
    const text = wrap('*** Update File: f\n@@\n-a\n+b').replaceAll('\n', '\r\n');
    expect(parsePatch(text).hunks).toEqual([update('f', [chunk(['a'], ['b'])])]);
  });

  it('accepts an envelope with no operations (applyPatch then says nothing was modified)', () => {
    expect(parsePatch('*** Begin Patch\n*** End Patch').hunks).toEqual([]);
  });
});

describe('parsePatch: errors, worded as Codex prints them', () => {
  it('needs *** Begin Patch first and *** End Patch last', () => {
    expect(errorOf('bad')).toBe("Invalid patch: The first line of the patch must be '*** Begin Patch'");
    expect(errorOf('')).toBe("Invalid patch: The last line of the patch must be '*** End Patch'");
    expect(errorOf('*** Begin Patch\n*** Add File: a\n+x')).toBe(
      "Invalid patch: The last line of the patch must be '*** End Patch'",
    );
  });

  it('lists the valid headers for any other header, with its line number', () => {
    expect(errorOf(wrap('*** Add File: a\n+x\n*** Frobnicate File: b'))).toBe(
      "Invalid patch hunk on line 4: '*** Frobnicate File: b' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    );
  });

  it('refuses an Update with no chunk', () => {
    expect(errorOf(wrap('*** Update File: test.py'))).toBe(
      "Invalid patch hunk on line 2: Update file hunk for path 'test.py' is empty",
    );
  });

  it('refuses a chunk whose first body line has no valid prefix', () => {
    expect(errorOf(wrap('*** Update File: f\n@@\n?what'))).toBe(
      "Invalid patch hunk on line 4: Unexpected line found in update hunk: '?what'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    );
  });

  it('refuses two @@ lines in a row, as 0.169 does', () => {
    expect(errorOf(wrap('*** Update File: f\n@@ class A\n@@ def b\n-x\n+y'))).toMatch(
      /^Invalid patch hunk on line 4: Unexpected line found in update hunk: '@@ def b'/,
    );
  });

  it('refuses a later chunk that does not start with @@', () => {
    // The first chunk ends at the unprefixed line; the next one then needs a header.
    expect(errorOf(wrap('*** Update File: f\n@@\n-a\nplain'))).toBe(
      "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: 'plain'",
    );
  });

  it('refuses *** End of File with no body before it, and a bare @@ at the end', () => {
    expect(errorOf(wrap('*** Update File: f\n@@\n*** End of File'))).toBe(
      'Invalid patch hunk on line 4: Update hunk does not contain any lines',
    );
    expect(errorOf(wrap('*** Update File: f\n@@'))).toBe(
      'Invalid patch hunk on line 4: Update hunk does not contain any lines',
    );
  });
});
