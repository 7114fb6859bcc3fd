import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceSchemas } from '../../contract';
import { tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import { listDir } from './dir-listing';
import { readWorkspaceFile } from './read-file';

describe('listDir', () => {
  it('lists one level, folders first in natural order, without .git', async () => {
    const repo = tempRepo({ 'file10.txt': '', 'file2.txt': '', 'b/x': '', 'A/y': '', '.env.example': '' });
    const listing = await listDir(repo, '');
    expect(listing.entries.map((e) => `${e.kind}:${e.path}`)).toEqual([
      'dir:A',
      'dir:b',
      'file:.env.example',
      'file:file2.txt',
      'file:file10.txt',
    ]);
    expect((await listDir(repo, 'A')).entries).toEqual([{ name: 'y', path: 'A/y', kind: 'file' }]);
  });

  it('caps a huge folder and reports its true size', async () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, ''])));
    const listing = await listDir(dir, '', 10);
    expect(listing.entries).toHaveLength(10);
    expect(listing.total).toBe(30);
  });

  it('shows symlinks as such and refuses to follow one out of the workspace', async () => {
    const outside = tempDir();
    writeFiles(outside, { 'secret.txt': 'secret' });
    const root = tempDir();
    writeFiles(root, { 'inside/a.txt': 'a' });
    fs.symlinkSync(outside, path.join(root, 'escape'));
    fs.symlinkSync(path.join(root, 'inside'), path.join(root, 'alias'));
    const listing = await listDir(root, '');
    expect(listing.entries.find((e) => e.name === 'escape')?.kind).toBe('symlink');
    await expect(listDir(root, 'escape')).rejects.toMatchObject({ code: 'outside-workspace' });
    await expect(readWorkspaceFile(root, 'escape/secret.txt')).rejects.toMatchObject({ code: 'outside-workspace' });
    expect((await listDir(root, 'alias')).entries.map((e) => e.name)).toEqual(['a.txt']);
  });

  it('never sees parent segments: the contract refuses them on arrival', () => {
    for (const bad of ['..', '../x', 'a/../../b', '/etc', 'a//b', 'C:/x', 'a\\b']) {
      expect(workspaceSchemas().RelativePath.safeParse(bad).success, bad).toBe(false);
    }
    expect(workspaceSchemas().RelativePath.safeParse('src/a.ts').success).toBe(true);
  });
});

describe('readWorkspaceFile', () => {
  it('returns text, flags binary files, and truncates at the cap', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.txt': 'héllo\n', 'big.txt': 'x'.repeat(100) });
    fs.writeFileSync(path.join(root, 'bin.dat'), Buffer.from([1, 2, 0, 3]));
    expect(await readWorkspaceFile(root, 'a.txt')).toEqual({
      path: 'a.txt',
      size: 7,
      binary: false,
      text: 'héllo\n',
      truncated: false,
    });
    expect(await readWorkspaceFile(root, 'bin.dat')).toMatchObject({ binary: true, text: '' });
    expect(await readWorkspaceFile(root, 'big.txt', 10)).toMatchObject({
      text: 'x'.repeat(10),
      size: 100,
      truncated: true,
    });
  });
});
