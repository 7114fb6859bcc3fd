import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempDir, tempRepo } from '../testing/temp-repo';
import { parsePorcelainV2, readGitStatus, relativeTo } from './git-status';

describe('parsePorcelainV2', () => {
  it('reads branch headers and every record type, paths with spaces included', () => {
    const text = [
      '# branch.oid 0123456789abcdef0123456789abcdef01234567',
      '# branch.head feature/x',
      '# branch.upstream origin/feature/x',
      '# branch.ab +2 -1',
      '1 .M N... 100644 100644 100644 aaa aaa src/a file.ts',
      '1 A. N... 000000 100644 100644 000 bbb added.ts',
      '1 D. N... 100644 000000 000000 ccc 000 gone.ts',
      '2 R. N... 100644 100644 100644 ddd ddd R100 new name.ts',
      'old name.ts',
      'u UU N... 100644 100644 100644 100644 e1 e2 e3 conflict.ts',
      '? untracked dir/',
      '! ignored.log',
      '',
    ].join('\0');
    const status = parsePorcelainV2(text);
    expect(status).toMatchObject({
      branch: 'feature/x',
      head: '0123456789ab',
      upstream: 'origin/feature/x',
      ahead: 2,
      behind: 1,
      total: 6,
    });
    expect(status.changes).toEqual([
      { path: 'src/a file.ts', kind: 'modified', staged: false, unstaged: true },
      { path: 'added.ts', kind: 'added', staged: true, unstaged: false },
      { path: 'gone.ts', kind: 'deleted', staged: true, unstaged: false },
      { path: 'new name.ts', origPath: 'old name.ts', kind: 'renamed', staged: true, unstaged: false },
      { path: 'conflict.ts', kind: 'conflicted', staged: false, unstaged: true },
      { path: 'untracked dir/', kind: 'untracked', staged: false, unstaged: true },
    ]);
  });

  it('counts every change but keeps only up to the cap', () => {
    const text = Array.from({ length: 10 }, (_, i) => `? f${i}`).join('\0');
    const status = parsePorcelainV2(text, 3);
    expect(status.total).toBe(10);
    expect(status.changes.map((c) => c.path)).toEqual(['f0', 'f1', 'f2']);
  });

  it('reports a detached HEAD and a repository without commits', () => {
    expect(parsePorcelainV2('# branch.oid abc\0# branch.head (detached)\0').branch).toBeNull();
    expect(parsePorcelainV2('# branch.oid (initial)\0# branch.head main\0').head).toBeNull();
  });

  it('names paths relative to a subfolder, a rename from outside it with ../', () => {
    const status = parsePorcelainV2('2 R. N... 100644 100644 100644 a b R100 pkg/src/new.ts\0old.ts\0? pkg/x y.txt\0');
    expect(relativeTo('pkg', status).changes).toEqual([
      { path: 'src/new.ts', origPath: '../old.ts', kind: 'renamed', staged: true, unstaged: false },
      { path: 'x y.txt', kind: 'untracked', staged: false, unstaged: true },
    ]);
  });
});

describe('readGitStatus on a real repository', () => {
  it('matches what git itself reports', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'ü space.txt': 'u\n' });
    fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
    fs.writeFileSync(path.join(repo, 'new.txt'), 'n\n');
    git(repo, 'mv', 'b.txt', 'c.txt');
    fs.rmSync(path.join(repo, 'ü space.txt'));
    const status = await readGitStatus(repo);
    expect(status.branch).toBe('main');
    const byPath = Object.fromEntries(status.changes.map((c) => [c.path, c]));
    expect(byPath['a.txt']).toMatchObject({ kind: 'modified', unstaged: true });
    expect(byPath['c.txt']).toMatchObject({ kind: 'renamed', origPath: 'b.txt', staged: true });
    expect(byPath['ü space.txt']).toMatchObject({ kind: 'deleted' });
    expect(byPath['new.txt']).toMatchObject({ kind: 'untracked' });
    expect(status.total).toBe(4);
  });

  it('does not rewrite the index (GIT_OPTIONAL_LOCKS=0)', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    // Touch a file so a plain `git status` would want to refresh the index's stat data.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(repo, 'a.txt'), later, later);
    const before = fs.statSync(path.join(repo, '.git/index')).mtimeMs;
    await readGitStatus(repo);
    expect(fs.statSync(path.join(repo, '.git/index')).mtimeMs).toBe(before);
  });

  it('fails with git’s reason outside a repository', async () => {
    await expect(readGitStatus(tempDir())).rejects.toThrow(/git status failed: .*not a git repository/);
  });
});
