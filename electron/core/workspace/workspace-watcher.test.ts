import type { Event } from '@parcel/watcher';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { classify, emptyBatch, followCreatedFolders, mergeFileChange, type WatchBatch } from './workspace-watcher';

const batchOf = (...paths: string[]): WatchBatch => {
  const batch: WatchBatch = emptyBatch();
  for (const p of paths) classify(p, batch);
  return batch;
};

describe('classify', () => {
  it('marks the parent folder of a working file and asks for status', () => {
    expect(batchOf('src/a.ts', 'top.txt')).toEqual({
      dirs: new Set(['src', '']),
      trees: new Set(),
      gitMayHaveChanged: true,
      headMayHaveChanged: false,
      files: new Map(),
    });
  });

  it('treats index and ref moves as git changes, HEAD moves as branch changes, and ignores lock files', () => {
    expect(batchOf('.git/index')).toMatchObject({
      gitMayHaveChanged: true,
      headMayHaveChanged: false,
      dirs: new Set(),
    });
    expect(batchOf('.git/HEAD')).toMatchObject({ headMayHaveChanged: true });
    expect(batchOf('.git/refs/heads/main')).toMatchObject({ headMayHaveChanged: true });
    expect(batchOf('.git/index.lock', '.git/HEAD.lock', '.git/COMMIT_EDITMSG')).toEqual({
      dirs: new Set(),
      trees: new Set(),
      gitMayHaveChanged: false,
      headMayHaveChanged: false,
      files: new Map(),
    });
  });
});

describe('mergeFileChange', () => {
  it("reads a path's changes within a batch as one: made stays made, replaced is changed, made and gone is nothing", () => {
    expect(mergeFileChange(undefined, 'update')).toBe('update');
    expect(mergeFileChange('create', 'update')).toBe('create');
    expect(mergeFileChange('create', 'delete')).toBeUndefined();
    expect(mergeFileChange('delete', 'create')).toBe('update');
    expect(mergeFileChange('update', 'delete')).toBe('delete');
  });
});

describe('followCreatedFolders', () => {
  it('names each created folder, and only the top-most ones with subfolders to watch', async () => {
    const root = fs.realpathSync(tempDir());
    for (const dir of ['a/b/c', 'a-x/y', 'flat', 'old/new/deep'])
      fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, 'file.txt'), '');
    const at = (p: string) => path.join(root, p);
    const events: Event[] = [
      { type: 'create', path: at('a/b') },
      { type: 'create', path: at('a') },
      { type: 'create', path: at('a-x') },
      { type: 'create', path: at('flat') },
      { type: 'create', path: at('file.txt') },
      { type: 'update', path: at('old/new') }, // deleted and made again within one batch
      { type: 'delete', path: at('gone') },
      { type: 'create', path: at('.git/refs') },
    ];
    const folders: string[] = [];
    const nested: string[] = [];
    const deleted: string[] = [];
    await followCreatedFolders(root, events, {
      onFolder: (d) => folders.push(path.relative(root, d)),
      onNested: (d, made) => nested.push(`${path.relative(root, d)} ${made}`),
      onDeleted: (d) => deleted.push(path.relative(root, d)),
    });
    expect(folders.sort()).toEqual(['a', 'a-x', 'flat', 'old/new']);
    expect(nested.sort()).toEqual(['a created', 'a-x created', 'old/new made-again']);
    expect(deleted).toEqual(['gone']);
  });
});
