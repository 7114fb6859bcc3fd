import { describe, expect, it } from 'vitest';
import { classify, emptyBatch, type WatchBatch } from './workspace-watcher';

const batchOf = (...paths: string[]): WatchBatch => {
  const batch: WatchBatch = emptyBatch();
  for (const p of paths) classify(p, batch);
  return batch;
};

describe('classify', () => {
  it('marks the parent folder of a working file and asks for status', () => {
    expect(batchOf('src/a.ts', 'top.txt')).toEqual({ dirs: new Set(['src', '']), trees: new Set(), gitMayHaveChanged: true, headMayHaveChanged: false });
  });

  it('treats index and ref moves as git changes, HEAD moves as branch changes, and ignores lock files', () => {
    expect(batchOf('.git/index')).toMatchObject({ gitMayHaveChanged: true, headMayHaveChanged: false, dirs: new Set() });
    expect(batchOf('.git/HEAD')).toMatchObject({ headMayHaveChanged: true });
    expect(batchOf('.git/refs/heads/main')).toMatchObject({ headMayHaveChanged: true });
    expect(batchOf('.git/index.lock', '.git/HEAD.lock', '.git/COMMIT_EDITMSG')).toEqual({ dirs: new Set(), trees: new Set(), gitMayHaveChanged: false, headMayHaveChanged: false });
  });
});
