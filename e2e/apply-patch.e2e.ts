import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The built CLI, as a person runs it: `trellis apply-patch [-C DIR] < PATCH`. */
const applyPatch = (input: string, args: string[], cwd?: string) =>
  spawnSync(process.execPath, [path.resolve('bin/trellis.js'), 'apply-patch', ...args], {
    input,
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-apply-patch-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Every file and folder under root with its exact bytes. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(root, full)] = entry.isDirectory() ? 'dir' : fs.readFileSync(full).toString('hex');
  }
  return out;
}

test('trellis apply-patch applies a patch from stdin and prints Codex’s summary', () => {
  const root = tree({
    'src/app.ts': 'const greeting = "hello";\nexport default greeting;\n',
    'old.txt': 'bye\n',
    'notes.md': 'Todo\n',
  });
  const patch = [
    '*** Begin Patch',
    '*** Update File: src/app.ts',
    '@@',
    '-const greeting = "hello";',
    '+const greeting = "hello, world";',
    '*** Add File: docs/new.md',
    '+# New',
    '*** Update File: notes.md',
    '*** Move to: docs/notes.md',
    '@@',
    '-Todo',
    '+Done',
    '*** Delete File: old.txt',
    '*** End Patch',
  ].join('\n');
  const result = applyPatch(patch, ['-C', root]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(
    'Success. Updated the following files:\nA docs/new.md\nM src/app.ts\nM docs/notes.md\nD old.txt\n',
  );
  expect(fs.readFileSync(path.join(root, 'src/app.ts'), 'utf8')).toBe(
    'const greeting = "hello, world";\nexport default greeting;\n',
  );
  expect(fs.readFileSync(path.join(root, 'docs/new.md'), 'utf8')).toBe('# New\n');
  expect(fs.readFileSync(path.join(root, 'docs/notes.md'), 'utf8')).toBe('Done\n');
  expect(fs.existsSync(path.join(root, 'old.txt'))).toBe(false);
  expect(fs.existsSync(path.join(root, 'notes.md'))).toBe(false);
});

test('trellis apply-patch resolves paths against the current folder without -C', () => {
  const root = tree({ 'a.txt': 'one\n' });
  const result = applyPatch('*** Begin Patch\n*** Update File: a.txt\n-one\n+two\n*** End Patch\n', [], root);
  expect(result.status).toBe(0);
  expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('two\n');
});

test('trellis apply-patch that fails part-way leaves the tree untouched and exits 1', () => {
  const root = tree({ 'first.txt': 'alpha\n', 'second.txt': 'beta\n', 'third.txt': 'gamma\n' });
  const before = snapshot(root);
  const patch = [
    '*** Begin Patch',
    '*** Update File: first.txt',
    '-alpha',
    '+ALPHA',
    '*** Add File: created/by-patch.txt',
    '+new',
    '*** Delete File: second.txt',
    '*** Update File: third.txt',
    '@@',
    '-delta',
    '+DELTA',
    '*** End Patch',
  ].join('\n');
  const result = applyPatch(patch, ['-C', root]);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe('Failed to find expected lines in third.txt:\ndelta\n');
  expect(snapshot(root)).toEqual(before);
});

test('trellis apply-patch refuses a path outside the folder, exit 1, nothing written', () => {
  const root = tree({ 'inside.txt': 'x\n' });
  const before = snapshot(root);
  const result = applyPatch('*** Begin Patch\n*** Add File: ../escaped.txt\n+x\n*** End Patch\n', ['-C', root]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^Refusing to patch \.\.\/escaped\.txt: it resolves to .*, outside the writable roots/);
  expect(fs.existsSync(path.join(root, '..', 'escaped.txt'))).toBe(false);
  expect(snapshot(root)).toEqual(before);
});

test('trellis apply-patch with empty stdin exits 2 with a usage line', () => {
  const root = tree({ 'a.txt': 'x\n' });
  const result = applyPatch('', ['-C', root]);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim()).toBe('Usage: trellis apply-patch [-C DIR] < PATCH');
});

test('trellis apply-patch with a bad -C or an extra argument exits 2', () => {
  const missing = applyPatch('*** Begin Patch\n*** End Patch\n', ['-C', '/definitely/not/here']);
  expect(missing.status).toBe(2);
  expect(missing.stderr.trim()).toBe('trellis apply-patch: There is no folder at /definitely/not/here.');
  const extra = applyPatch('', ['PATCH']);
  expect(extra.status).toBe(2);
  expect(extra.stderr).toMatch(/too many arguments/);
});
