import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { applyPatch } from './apply-patch';
import { DOC_EXAMPLE_PATCH_LINES, exists, read, snapshot, treeWith } from './test-tree';

const wrap = (...body: string[]) => ['*** Begin Patch', ...body, '*** End Patch'].join('\n');

async function applyOk(root: string, patch: string, writableRoots?: string[]) {
  const result = await applyPatch(patch, { cwd: root, writableRoots });
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result;
}

/** Applies a patch that must fail, and checks that it left the tree exactly as it was. */
async function applyFails(root: string, patch: string, writableRoots?: string[]): Promise<string> {
  const before = snapshot(root);
  const result = await applyPatch(patch, { cwd: root, writableRoots });
  if (result.ok) throw new Error(`expected failure, got: ${result.summary}`);
  expect(snapshot(root)).toEqual(before);
  return result.error;
}

describe('applyPatch: operations', () => {
  it('applies the example of codex-compat.md §1.1 and reports it in Codex words', async () => {
    const root = treeWith({
      'src/todo/toolbar.ts':
        'export function toolbarButtons() {\n  const buttons = [newButton()];\n  return buttons;\n}\n',
      'ABOUT.md': 'Todo app\n',
      'src/legacy/print.ts': 'print();\n',
    });
    const result = await applyOk(root, wrap(...DOC_EXAMPLE_PATCH_LINES));
    expect(result.summary).toBe(
      'Success. Updated the following files:\nA src/export/csv.ts\nM src/todo/toolbar.ts\nM docs/ABOUT.md\nD src/legacy/print.ts',
    );
    expect(result.changes).toEqual([
      { path: 'src/export/csv.ts', kind: 'add' },
      { path: 'src/todo/toolbar.ts', kind: 'update' },
      { path: 'docs/ABOUT.md', kind: 'update', movedFrom: 'ABOUT.md' },
      { path: 'src/legacy/print.ts', kind: 'delete' },
    ]);
    expect(snapshot(root)).toMatchObject({ src: 'dir', 'src/legacy': 'dir', docs: 'dir' });
    expect(read(root, 'src/export/csv.ts')).toBe('export const SEPARATOR = ",";\n');
    expect(read(root, 'src/todo/toolbar.ts')).toBe(
      'export function toolbarButtons() {\n  const buttons = [newButton()];\n  buttons.push(exportButton());\n  return buttons;\n}\n',
    );
    expect(read(root, 'docs/ABOUT.md')).toBe('Todo app with CSV export\n');
    expect(exists(root, 'ABOUT.md')).toBe(false);
    expect(exists(root, 'src/legacy/print.ts')).toBe(false);
  });

  it('lists added, then modified, then deleted files, one line per operation', async () => {
    const root = treeWith({ 'gone.txt': 'x\n', 'm.txt': 'a\nb\n' });
    const result = await applyOk(
      root,
      wrap(
        '*** Delete File: gone.txt',
        '*** Update File: m.txt',
        '-a',
        '+A',
        '*** Add File: new.txt',
        '+n',
        '*** Update File: m.txt',
        '-b',
        '+B',
      ),
    );
    expect(result.summary).toBe('Success. Updated the following files:\nA new.txt\nM m.txt\nM m.txt\nD gone.txt');
    // Operations apply in order: the second Update saw the first one's result.
    expect(read(root, 'm.txt')).toBe('A\nB\n');
  });

  it('creates parents for an Add, overwrites an existing file, and makes an empty file of an Add without lines', async () => {
    const root = treeWith({ 'dup.txt': 'old content\n' });
    await applyOk(
      root,
      wrap('*** Add File: a/b/c/new.txt', '+deep', '*** Add File: dup.txt', '+new content', '*** Add File: empty.txt'),
    );
    expect(read(root, 'a/b/c/new.txt')).toBe('deep\n');
    expect(read(root, 'dup.txt')).toBe('new content\n');
    expect(fs.statSync(path.join(root, 'empty.txt')).size).toBe(0);
  });

  it('moves a file into a new folder, or onto an existing file, which it replaces', async () => {
    const root = treeWith({
      'old/name.txt': 'from\n',
      'old/other.txt': 'stay\n',
      'taken.txt': 'was here\n',
      'two.txt': 'two\n',
    });
    await applyOk(
      root,
      wrap(
        '*** Update File: old/name.txt',
        '*** Move to: renamed/dir/name.txt',
        '@@',
        '-from',
        '+to',
        '*** Update File: two.txt',
        '*** Move to: taken.txt',
        '@@',
        '-two',
        '+2',
      ),
    );
    expect(snapshot(root)).toEqual({
      old: 'dir',
      'old/other.txt': expect.any(String),
      renamed: 'dir',
      'renamed/dir': 'dir',
      'renamed/dir/name.txt': expect.any(String),
      'taken.txt': expect.any(String),
    });
    expect(read(root, 'renamed/dir/name.txt')).toBe('to\n');
    expect(read(root, 'taken.txt')).toBe('2\n');
  });

  it('updates a file moved onto itself instead of deleting it', async () => {
    const root = treeWith({ 'same.txt': 'a\n' });
    await applyOk(root, wrap('*** Update File: same.txt', '*** Move to: ./same.txt', '@@', '-a', '+b'));
    expect(read(root, 'same.txt')).toBe('b\n');
  });

  it('keeps a file’s permissions when it rewrites it', async () => {
    const root = treeWith({ 'run.sh': '#!/bin/sh\necho hi\n' });
    fs.chmodSync(path.join(root, 'run.sh'), 0o751);
    await applyOk(root, wrap('*** Update File: run.sh', '-echo hi', '+echo bye'));
    expect(fs.statSync(path.join(root, 'run.sh')).mode & 0o777).toBe(0o751);
    expect(read(root, 'run.sh')).toBe('#!/bin/sh\necho bye\n');
  });

  it('writes through a symlink that stays inside the root, leaving the link a link', async () => {
    const root = treeWith({ 'real.txt': 'one\n' });
    fs.symlinkSync('real.txt', path.join(root, 'link.txt'));
    await applyOk(root, wrap('*** Update File: link.txt', '-one', '+two'));
    expect(fs.lstatSync(path.join(root, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(read(root, 'real.txt')).toBe('two\n');
  });
});

describe('applyPatch: broken symlinks', () => {
  it('reads a symlink that leads nowhere as a missing file and will not write through it', async () => {
    const root = treeWith({});
    fs.symlinkSync('nowhere.txt', path.join(root, 'dangling.txt'));
    expect(await applyFails(root, wrap('*** Update File: dangling.txt', '@@', '+x'))).toBe(
      'Failed to read file to update dangling.txt: No such file or directory (os error 2)',
    );
    expect(await applyFails(root, wrap('*** Add File: dangling.txt', '+x'))).toBe(
      'Failed to write file dangling.txt: it is a symlink that leads nowhere',
    );
    // Deleting the link itself is fine.
    await applyOk(root, wrap('*** Delete File: dangling.txt'));
    expect(snapshot(root)).toEqual({});
  });
});

describe('applyPatch: how an Update finds its place (§1.2)', () => {
  it('appends a pure insertion at the end of the file, whatever its @@ said, after finding that context', async () => {
    const root = treeWith({ 'f.txt': 'class A\n  x\nclass B\n  y\n' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@ class A', '+  inserted'));
    expect(read(root, 'f.txt')).toBe('class A\n  x\nclass B\n  y\n  inserted\n');
    const error = await applyFails(root, wrap('*** Update File: f.txt', '@@ class C', '+  z'));
    expect(error).toBe("Failed to find context 'class C' in f.txt");
  });

  it('seeks each chunk from where the previous one ended, after its @@ line', async () => {
    const root = treeWith({ 'f.py': 'def a():\n    return 1\ndef b():\n    return 1\ndef c():\n    return 1\n' });
    await applyOk(
      root,
      wrap(
        '*** Update File: f.py',
        '@@ def b():',
        '-    return 1',
        '+    return 2',
        '@@',
        '-    return 1',
        '+    return 3',
      ),
    );
    expect(read(root, 'f.py')).toBe('def a():\n    return 1\ndef b():\n    return 2\ndef c():\n    return 3\n');
  });

  it('never goes back: chunks out of file order fail', async () => {
    const root = treeWith({ 'f.txt': 'one\ntwo\nthree\n' });
    const error = await applyFails(root, wrap('*** Update File: f.txt', '@@', '-three', '+3', '@@', '-one', '+1'));
    expect(error).toBe('Failed to find expected lines in f.txt:\none');
  });

  it('says which file and which lines it could not find', async () => {
    const root = treeWith({ 'src/app.ts': 'const a = 1;\nconst b = 2;\n' });
    const error = await applyFails(
      root,
      wrap('*** Update File: src/app.ts', '@@', ' const a = 1;', '-const b = 3;', '+const b = 4;'),
    );
    expect(error).toBe('Failed to find expected lines in src/app.ts:\nconst a = 1;\nconst b = 3;');
  });

  it('finds lines through the lenient passes but writes the patch’s text', async () => {
    const root = treeWith({ 'f.txt': '  indented   \nsay \u201chello\u201d \u2014 ok\nlast\n' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@', ' indented', '-say "hello" - ok', '+say "bye" - ok'));
    expect(read(root, 'f.txt')).toBe('indented\nsay "bye" - ok\nlast\n');
  });

  it('retries once without a trailing empty line, dropping the new side’s too', async () => {
    const root = treeWith({ 'f.txt': 'a\nb\n' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@', '-b', '+c', ''));
    expect(read(root, 'f.txt')).toBe('a\nc\n');
  });

  it('anchors a chunk closed by *** End of File at the very end', async () => {
    const root = treeWith({ 'f.txt': 'x\nend\nx\nend\n' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@', '-x', '-end', '+last', '*** End of File'));
    expect(read(root, 'f.txt')).toBe('x\nend\nlast\n');
    const plain = treeWith({ 'f.txt': 'x\nend\nx\nend\n' });
    await applyOk(plain, wrap('*** Update File: f.txt', '@@', '-x', '-end', '+first'));
    expect(read(plain, 'f.txt')).toBe('first\nx\nend\n');
    const error = await applyFails(plain, wrap('*** Update File: f.txt', '@@', '-first', '+nope', '*** End of File'));
    expect(error).toBe('Failed to find expected lines in f.txt:\nfirst');
  });

  it('always ends the result with a newline, even when the file did not', async () => {
    const root = treeWith({ 'f.txt': 'one\ntwo' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@', '-one', '+ONE'));
    expect(read(root, 'f.txt')).toBe('ONE\ntwo\n');
    const tail = treeWith({ 'f.txt': 'one\ntwo' });
    await applyOk(tail, wrap('*** Update File: f.txt', '@@', '+three'));
    expect(read(tail, 'f.txt')).toBe('one\ntwo\nthree\n');
  });

  it('keeps a CRLF file CRLF, new lines included, and a mixed file’s other lines as they were', async () => {
    const root = treeWith({ 'win.txt': 'a\r\nb\r\nc\r\n', 'mixed.txt': 'a\r\nb\nc\r\nd\n' });
    await applyOk(
      root,
      wrap('*** Update File: win.txt', '@@', ' a', '-b', '+B', '+B2', '*** Update File: mixed.txt', '@@', '-c', '+C'),
    );
    expect(read(root, 'win.txt')).toBe('a\r\nB\r\nB2\r\nc\r\n');
    // New lines take the file's first ending; untouched lines keep their own.
    expect(read(root, 'mixed.txt')).toBe('a\r\nb\nC\r\nd\n');
  });

  it('keeps the blank last line of a file that ends with two newlines', async () => {
    const root = treeWith({ 'f.txt': 'a\nb\n\n' });
    await applyOk(root, wrap('*** Update File: f.txt', '@@', '-a', '+A'));
    expect(read(root, 'f.txt')).toBe('A\nb\n\n');
  });

  it('leaves lines that are not UTF-8 byte for byte, even as context', async () => {
    const latin1 = Buffer.from('caf\xe9 cr\xe8me\n', 'latin1');
    const original = Buffer.concat([
      Buffer.from('first\n'),
      latin1,
      Buffer.from('middle\n'),
      latin1,
      Buffer.from('last\n'),
    ]);
    const root = treeWith({ 'legacy.txt': original });
    await applyOk(
      root,
      wrap(
        '*** Update File: legacy.txt',
        '@@',
        '-first',
        '+FIRST',
        '@@',
        ' middle',
        ' caf\ufffd cr\ufffdme',
        '-last',
        '+LAST',
      ),
    );
    const expected = Buffer.concat([
      Buffer.from('FIRST\n'),
      latin1,
      Buffer.from('middle\n'),
      latin1,
      Buffer.from('LAST\n'),
    ]);
    expect(fs.readFileSync(path.join(root, 'legacy.txt')).equals(expected)).toBe(true);
  });

  it('refuses to update a file that is not text rather than garble it', async () => {
    const utf16 = Buffer.from('\ufeffhello\nworld\n', 'utf16le');
    const root = treeWith({ 'wide.txt': utf16 });
    const error = await applyFails(root, wrap('*** Update File: wide.txt', '@@', '+more'));
    expect(error).toBe('Failed to read file to update wide.txt: stream did not contain valid UTF-8');
  });
});

describe('applyPatch: errors (§1.3), each leaving the tree untouched', () => {
  it('reports parse errors as Codex prints them', async () => {
    const root = treeWith({ 'f.txt': 'x\n' });
    expect(await applyFails(root, 'nonsense')).toBe(
      "Invalid patch: The first line of the patch must be '*** Begin Patch'",
    );
    expect(await applyFails(root, wrap('*** Update File: f.txt'))).toBe(
      "Invalid patch hunk on line 2: Update file hunk for path 'f.txt' is empty",
    );
  });

  it('refuses a patch with no operations', async () => {
    expect(await applyFails(treeWith({}), wrap())).toBe('No files were modified.');
  });

  it('refuses to update or delete a missing file, or delete a folder', async () => {
    const root = treeWith({ 'dir/foo.txt': 'x\n' });
    expect(await applyFails(root, wrap('*** Update File: missing.txt', '@@', '-a', '+b'))).toBe(
      'Failed to read file to update missing.txt: No such file or directory (os error 2)',
    );
    expect(await applyFails(root, wrap('*** Delete File: missing.txt'))).toBe(
      'Failed to delete file missing.txt: No such file or directory (os error 2)',
    );
    expect(await applyFails(root, wrap('*** Delete File: dir'))).toBe(
      'Failed to delete file dir: Is a directory (os error 21)',
    );
    expect(await applyFails(root, wrap('*** Add File: dir', '+x'))).toBe(
      'Failed to write file dir: Is a directory (os error 21)',
    );
    expect(await applyFails(root, wrap('*** Add File: dir/foo.txt/inner.txt', '+x'))).toBe(
      'Failed to create parent directories for dir/foo.txt/inner.txt: File exists (os error 17)',
    );
  });

  it('refuses an Update of a file an earlier operation deleted', async () => {
    const root = treeWith({ 'f.txt': 'a\n' });
    expect(await applyFails(root, wrap('*** Delete File: f.txt', '*** Update File: f.txt', '@@', '-a', '+b'))).toBe(
      'Failed to read file to update f.txt: No such file or directory (os error 2)',
    );
  });
});

describe('applyPatch: all or nothing', () => {
  it('leaves files 1 and 2 untouched, byte for byte, when the 3rd fails', async () => {
    const root = treeWith({
      'one.txt': 'alpha\r\nbeta\r\n',
      'two.txt': 'gamma\n',
      'three.txt': 'delta\n',
      'doomed.txt': 'bye\n',
    });
    const error = await applyFails(
      root,
      wrap(
        '*** Update File: one.txt',
        '-alpha',
        '+ALPHA',
        '*** Add File: sub/new.txt',
        '+new',
        '*** Delete File: doomed.txt',
        '*** Update File: two.txt',
        '*** Move to: moved/two.txt',
        '@@',
        '-gamma',
        '+GAMMA',
        '*** Update File: three.txt',
        '@@',
        '-epsilon',
        '+EPSILON',
      ),
    );
    expect(error).toBe('Failed to find expected lines in three.txt:\nepsilon');
    expect(exists(root, 'sub')).toBe(false);
  });

  it('refuses a path that climbs out with .., with nothing written', async () => {
    const outer = tempDir();
    const root = path.join(outer, 'work');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'ok.txt'), 'ok\n');
    const before = snapshot(outer);
    const result = await applyPatch(wrap('*** Add File: fine.txt', '+x', '*** Add File: ../escaped.txt', '+x'), {
      cwd: root,
    });
    expect(result).toEqual({
      ok: false,
      error: `Refusing to patch ../escaped.txt: it resolves to ${path.join(outer, 'escaped.txt')}, outside the writable roots (${root}).`,
      code: 'outside-roots',
    });
    expect(snapshot(outer)).toEqual(before);
  });

  it('refuses an absolute path outside the writable roots, and accepts one inside', async () => {
    const root = treeWith({ 'in.txt': 'a\n' });
    const elsewhere = treeWith({ 'target.txt': 'keep\n' });
    const before = snapshot(elsewhere);
    const error = await applyFails(
      root,
      wrap('*** Delete File: in.txt', `*** Delete File: ${path.join(elsewhere, 'target.txt')}`),
    );
    expect(error).toMatch(/^Refusing to patch .*target\.txt: it resolves to .*, outside the writable roots/);
    expect(snapshot(elsewhere)).toEqual(before);
    await applyOk(root, wrap(`*** Update File: ${path.join(root, 'in.txt')}`, '-a', '+b'));
    expect(read(root, 'in.txt')).toBe('b\n');
    // An extra writable root opens it up.
    await applyOk(root, wrap(`*** Delete File: ${path.join(elsewhere, 'target.txt')}`), [root, elsewhere]);
    expect(exists(elsewhere, 'target.txt')).toBe(false);
  });

  it('refuses paths that leave through a symlinked folder or a symlinked file, with nothing written', async () => {
    const outside = treeWith({ 'secret.txt': 'secret\n' });
    const root = treeWith({ 'keep.txt': 'k\n' });
    fs.symlinkSync(outside, path.join(root, 'door'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
    const outsideBefore = snapshot(outside);
    expect(
      await applyFails(root, wrap('*** Delete File: keep.txt', '*** Add File: door/new/planted.txt', '+x')),
    ).toMatch(/^Refusing to patch door\/new\/planted\.txt: it resolves to .*, outside the writable roots/);
    expect(await applyFails(root, wrap('*** Update File: door/secret.txt', '-secret', '+owned'))).toMatch(
      /^Refusing to patch door\/secret\.txt/,
    );
    expect(await applyFails(root, wrap('*** Update File: secret-link.txt', '-secret', '+owned'))).toMatch(
      /^Refusing to patch secret-link\.txt: it is a symlink to .*secret\.txt, outside the writable roots/,
    );
    expect(
      await applyFails(root, wrap('*** Update File: keep.txt', '*** Move to: door/moved.txt', '-k', '+m')),
    ).toMatch(/^Refusing to patch door\/moved\.txt/);
    expect(snapshot(outside)).toEqual(outsideBefore);
  });
});

describe('read-only places inside the roots', () => {
  it('refuses to write into .git, also through a symlink, and writes nothing', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, readFileSync, symlinkSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'patch-ro-'));
    mkdirSync(join(root, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(root, 'a.txt'), 'a\n');
    symlinkSync(join(root, '.git', 'hooks'), join(root, 'hooks-link'));
    const readOnlyPaths = [join(root, '.git')];
    const direct = await applyPatch(
      '*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+b\n*** Add File: .git/hooks/pre-commit\n+evil\n*** End Patch',
      { cwd: root, readOnlyPaths },
    );
    expect(direct).toMatchObject({ ok: false, error: expect.stringContaining('stays read-only') });
    const viaLink = await applyPatch('*** Begin Patch\n*** Add File: hooks-link/post-checkout\n+evil\n*** End Patch', {
      cwd: root,
      readOnlyPaths,
    });
    expect(viaLink).toMatchObject({ ok: false, error: expect.stringContaining('stays read-only') });
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('a\n');
    expect(existsSync(join(root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(join(root, '.git', 'hooks', 'post-checkout'))).toBe(false);
  });
});
