import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../contract';
import { git, tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workspace } from './workspace';
import { watchWorkspace, type WatchBatch } from './workspace-watcher';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('watchWorkspace', () => {
  it('follows changes inside nested folders created after watching started', async () => {
    const root = fs.realpathSync(tempDir());
    const batches: WatchBatch[] = [];
    const stop = await watchWorkspace(
      root,
      (b) => batches.push(b),
      () => {},
    );
    cleanups.push(stop);
    fs.mkdirSync(path.join(root, '.kiro/specs/x/deeper'), { recursive: true });
    fs.writeFileSync(path.join(root, '.kiro/specs/x/requirements.md'), '# R\n');
    // The created folder is reported as a tree once it is watched as a whole.
    await waitForItem(batches, (b) => b.trees.has('.kiro'));
    fs.writeFileSync(path.join(root, '.kiro/specs/x/tasks.md'), '- [x] 1. Done\n');
    fs.writeFileSync(path.join(root, '.kiro/specs/x/deeper/note.md'), 'n\n');
    await waitForItem(batches, (b) => b.dirs.has('.kiro/specs/x'));
    await waitForItem(batches, (b) => b.dirs.has('.kiro/specs/x/deeper'));
  });

  it('follows a folder tree renamed or moved in', async () => {
    const root = fs.realpathSync(tempDir());
    const outside = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
    fs.mkdirSync(path.join(outside, 'm/n'), { recursive: true });
    const batches: WatchBatch[] = [];
    const stop = await watchWorkspace(
      root,
      (b) => batches.push(b),
      () => {},
    );
    cleanups.push(stop);
    fs.renameSync(path.join(root, 'a'), path.join(root, 'c'));
    fs.renameSync(path.join(outside, 'm'), path.join(root, 'm'));
    await waitForItem(batches, (b) => b.trees.has('c'));
    await waitForItem(batches, (b) => b.trees.has('m'));
    fs.writeFileSync(path.join(root, 'c/b/f.txt'), 'f\n');
    fs.writeFileSync(path.join(root, 'm/n/g.txt'), 'g\n');
    await waitForItem(batches, (b) => b.dirs.has('c/b'));
    await waitForItem(batches, (b) => b.dirs.has('m/n'));
  });

  it("names each file made, changed or deleted with its kind (what file hooks fire on), never git's own", async () => {
    const root = tempRepo({ 'old.md': 'o\n', 'keep.md': 'k\n' });
    const batches: WatchBatch[] = [];
    const stop = await watchWorkspace(
      root,
      (b) => batches.push(b),
      () => {},
    );
    cleanups.push(stop);
    fs.writeFileSync(path.join(root, 'new.md'), 'n\n');
    await waitForItem(batches, (b) => b.files.get('new.md') === 'create');
    fs.appendFileSync(path.join(root, 'keep.md'), 'more\n');
    await waitForItem(batches, (b) => b.files.get('keep.md') === 'update');
    fs.rmSync(path.join(root, 'old.md'));
    await waitForItem(batches, (b) => b.files.get('old.md') === 'delete');
    git(root, 'add', '-A');
    await waitForItem(batches, (b) => b.gitMayHaveChanged && b.files.size === 0);
    expect(batches.flatMap((b) => [...b.files.keys()]).filter((p) => p.startsWith('.git'))).toEqual([]);
  });

  for (const pause of [true, false]) {
    it(`keeps following a folder tree deleted and made again${pause ? '' : ' at once (one merged event)'}`, async () => {
      const root = fs.realpathSync(tempDir());
      const batches: WatchBatch[] = [];
      const stop = await watchWorkspace(
        root,
        (b) => batches.push(b),
        () => {},
      );
      cleanups.push(stop);
      fs.mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
      await waitForItem(batches, (b) => b.trees.has('a'));
      const from = batches.length;
      fs.rmSync(path.join(root, 'a'), { recursive: true });
      if (pause) await waitForItem(batches, (b) => batches.indexOf(b) >= from && b.dirs.has(''));
      fs.mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
      await waitForItem(batches, (b) => batches.indexOf(b) >= from && b.trees.has('a'));
      fs.writeFileSync(path.join(root, 'a/b/c/f.txt'), 'f\n');
      await waitForItem(batches, (b) => b.dirs.has('a/b/c'));
    });
  }
});

async function openWorkspace(folder: string) {
  const events: WorkbenchEvent[] = [];
  const workspace = await Workspace.open(folder, (e) => events.push(e));
  cleanups.push(() => workspace.dispose());
  await workspace.startWatching();
  return { workspace, events };
}

const listingOf = (events: WorkbenchEvent[], dir: string, has: string) =>
  waitForItem(
    events,
    (e) => e.type === 'workspace.dirChanged' && e.listing.dir === dir && e.listing.entries.some((x) => x.name === has),
  );

describe('Workspace watching', () => {
  it('shows a spec written on disk with nested folders in a repository opened without .kiro, and its later edits', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { workspace, events } = await openWorkspace(repo);
    await workspace.listDir('');
    fs.mkdirSync(path.join(repo, '.kiro/specs/x'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.kiro/specs/x/requirements.md'), '# R\n');
    await listingOf(events, '', '.kiro');
    await workspace.listDir('.kiro/specs/x'); // as the spec list does once it sees .kiro
    fs.writeFileSync(path.join(repo, '.kiro/specs/x/tasks.md'), '- [x] 1. Done\n');
    await listingOf(events, '.kiro/specs/x', 'tasks.md');
  });

  it('reads a listed folder again when it is made anew with content inside', async () => {
    const repo = tempRepo({ 'docs/old.md': 'o\n' });
    const { workspace, events } = await openWorkspace(repo);
    await workspace.listDir('docs');
    fs.rmSync(path.join(repo, 'docs'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'docs/sub'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'docs/new.md'), 'n\n');
    await listingOf(events, 'docs', 'new.md');
  });
});

describe('A workspace opened on a subfolder of a repository', () => {
  it('names changes relative to the opened folder, as the file views do, and lists only those inside it', async () => {
    const repo = tempRepo({ 'top.txt': 't\n', 'pkg/src/a.ts': 'a\n' });
    fs.writeFileSync(path.join(repo, 'top.txt'), 'changed\n');
    fs.writeFileSync(path.join(repo, 'pkg/src/a.ts'), 'changed\n');
    fs.writeFileSync(path.join(repo, 'pkg/new.ts'), 'n\n');
    const { workspace } = await openWorkspace(path.join(repo, 'pkg'));
    const status = await workspace.status();
    expect(status?.changes.map((c) => c.path).sort()).toEqual(['new.ts', 'src/a.ts']);
    for (const change of status!.changes) expect((await workspace.readFile(change.path)).path).toBe(change.path);
  });

  it('refreshes git status and the branch when the index or HEAD in the .git above it changes', async () => {
    const repo = tempRepo({ 'pkg/a.ts': 'a\n' });
    fs.writeFileSync(path.join(repo, 'pkg/a.ts'), 'changed\n');
    const { workspace, events } = await openWorkspace(path.join(repo, 'pkg'));
    expect((await workspace.status())?.changes).toMatchObject([{ path: 'a.ts', staged: false }]);
    git(repo, 'add', 'pkg/a.ts'); // only the index changes: nothing under the opened folder does
    await waitForItem(events, (e) => e.type === 'workspace.status' && e.status?.changes[0]?.staged === true);
    git(repo, 'commit', '-qm', 'change');
    await waitForItem(events, (e) => e.type === 'workspace.status' && e.status?.changes.length === 0);
    git(repo, 'checkout', '-q', '-b', 'topic'); // only HEAD changes
    await waitForItem(events, (e) => e.type === 'workspace.summary' && e.summary.git?.branch === 'topic');
  });

  it('in a linked worktree, refreshes status when its branch moves in the common git dir', async () => {
    const repo = tempRepo({ 'a.ts': 'a\n' });
    fs.writeFileSync(path.join(repo, 'a.ts'), 'b\n');
    git(repo, 'commit', '-qam', 'second');
    const worktree = path.join(fs.realpathSync(tempDir()), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'topic', worktree);
    const { workspace, events } = await openWorkspace(worktree);
    expect((await workspace.status())?.changes).toEqual([]);
    git(repo, 'update-ref', 'refs/heads/topic', 'HEAD~1'); // only the common dir's ref changes
    await waitForItem(
      events,
      (e) => e.type === 'workspace.status' && e.status?.changes.some((c) => c.path === 'a.ts') === true,
    );
  });
});
