import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempRepo } from '../testing/temp-repo';
import { applyHunks } from './apply-hunks';
import { diffAgainst, fileContents, fileDiff, listChanges } from './diff-against';
import { gitState } from './test-git-state';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function repoWithChanges(): string {
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
  const repo = tempRepo({
    'crlf.txt': lines.join('\r\n') + '\r\n',
    'noeol.txt': 'a\nb\nc',
    'moved.txt': lines.join('\n') + '\n',
    'gone.txt': 'bye\n',
    'my file.txt': 'spaces\n',
    '.gitignore': '*.log\n',
  });
  fs.writeFileSync(path.join(repo, 'latin.txt'), latin1('caf\xe9\n'));
  fs.writeFileSync(path.join(repo, 'bin.dat'), Buffer.from([0, 1, 2]));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'more');
  // The working tree changes:
  fs.writeFileSync(
    path.join(repo, 'crlf.txt'),
    lines.map((l, i) => (i === 3 ? 'THREE' : i === 30 ? 'THIRTY' : l)).join('\r\n') + '\r\n',
  );
  fs.writeFileSync(path.join(repo, 'noeol.txt'), 'a\nB\nc');
  fs.renameSync(path.join(repo, 'moved.txt'), path.join(repo, 'renamed.txt'));
  fs.appendFileSync(path.join(repo, 'renamed.txt'), 'one more\n');
  fs.rmSync(path.join(repo, 'gone.txt'));
  fs.writeFileSync(path.join(repo, 'my file.txt'), 'spaces and more\n');
  fs.writeFileSync(path.join(repo, 'latin.txt'), latin1('caf\xe9\ncr\xe8me\n'));
  fs.writeFileSync(path.join(repo, 'bin.dat'), Buffer.from([0, 1, 3]));
  fs.mkdirSync(path.join(repo, 'new'));
  fs.writeFileSync(path.join(repo, 'new', 'untracked.txt'), 'fresh\n');
  fs.writeFileSync(path.join(repo, 'debug.log'), 'ignored\n');
  return repo;
}

describe('listChanges / diffAgainst', () => {
  it('lists every change, untracked files as added, ignored files not at all, and leaves the index alone', async () => {
    const repo = repoWithChanges();
    const before = gitState(repo);
    const list = await listChanges(repo, 'HEAD');
    expect(list.map((c) => [c.path, c.kind, c.oldPath, c.binary, c.additions, c.deletions])).toEqual([
      ['bin.dat', 'modified', undefined, true, 0, 0],
      ['crlf.txt', 'modified', undefined, false, 2, 2],
      ['gone.txt', 'deleted', undefined, false, 0, 1],
      ['latin.txt', 'modified', undefined, false, 1, 0],
      ['my file.txt', 'modified', undefined, false, 1, 1],
      ['new/untracked.txt', 'added', undefined, false, 1, 0],
      ['noeol.txt', 'modified', undefined, false, 1, 1],
      ['renamed.txt', 'renamed', 'moved.txt', false, 1, 0],
    ]);
    expect(gitState(repo)).toEqual(before);
  });

  it('gives hunks that rebuild each file from the base, byte for byte', async () => {
    const repo = repoWithChanges();
    const changes = await diffAgainst(repo, 'HEAD');
    for (const change of changes.filter((c) => !c.binary)) {
      const { old, new: current } = await fileContents(repo, 'HEAD', change);
      const rebuilt = applyHunks(
        old ?? Buffer.alloc(0),
        change,
        change.hunks.map((h) => h.index),
      );
      expect(rebuilt, change.path).toEqual(current ?? Buffer.alloc(0));
    }
    const crlf = changes.find((c) => c.path === 'crlf.txt')!;
    expect(crlf.hunks).toHaveLength(2);
    expect(crlf.hunks[0].lines.filter((l) => l.marker !== ' ').map((l) => [l.marker, l.text, l.eol])).toEqual([
      ['-', 'line 3', 'crlf'],
      ['+', 'THREE', 'crlf'],
    ]);
    const noeol = changes.find((c) => c.path === 'noeol.txt')!;
    expect(noeol.hunks[0].lines.at(-1)).toMatchObject({ marker: ' ', text: 'c', eol: 'none' });
    const latin = changes.find((c) => c.path === 'latin.txt')!;
    expect(latin.hunks[0].lines.at(-1)?.raw).toEqual(latin1('cr\xe8me'));
  });

  it('loads one file lazily, a rename with both of its paths', async () => {
    const repo = repoWithChanges();
    const renamed = await fileDiff(repo, 'HEAD', { path: 'renamed.txt', oldPath: 'moved.txt' });
    expect(renamed).toMatchObject({ kind: 'renamed', oldPath: 'moved.txt', additions: 1 });
    expect(renamed!.hunks).toHaveLength(1);
    expect(await fileDiff(repo, 'HEAD', 'new/untracked.txt')).toMatchObject({
      kind: 'added',
      hunks: [{ lines: [{ text: 'fresh' }] }],
    });
    expect(await fileDiff(repo, 'HEAD', 'debug.log')).toBeNull();
    expect(await fileDiff(repo, 'HEAD', 'my file.txt')).toMatchObject({ kind: 'modified', hunks: [{ oldStart: 1 }] });
  });
});

describe('listChanges without counts', () => {
  it('lists the same files, kinds and renames, without counts', async () => {
    const repo = repoWithChanges();
    const fast = await listChanges(repo, 'HEAD', { counts: false });
    const full = await listChanges(repo, 'HEAD');
    expect(fast.map((c) => [c.path, c.kind, c.oldPath])).toEqual(full.map((c) => [c.path, c.kind, c.oldPath]));
    expect(fast.every((c) => c.additions === undefined && c.binary === undefined)).toBe(true);
  });
});

describe("the person's index", () => {
  it('is never written, even when its stat data is stale and nothing is untracked (git diff would refresh it)', async () => {
    const repo = tempRepo({ 'a.txt': 'one\n' });
    const index = path.join(repo, '.git/index');
    const before = fs.readFileSync(index);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(repo, 'a.txt'), later, later); // same bytes, new mtime: stale stat data
    await listChanges(repo, 'HEAD');
    await diffAgainst(repo, 'HEAD');
    expect(fs.readFileSync(index).equals(before)).toBe(true);
  });
});
