import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, tempRepo, writeFiles } from '../testing/temp-repo';
import { mergeTaskBranch } from './merge-task';
import { commitTaskWork, prepareTaskWorktree, removeTaskWorktree } from './worktrees';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const repo = (files: Record<string, string>) => {
  const r = tempRepo(files);
  made.push(r);
  return r;
};

/** A finished task: its worktree made, files written and committed, worktree removed (the branch stays). */
async function finishedTask(
  r: string,
  taskId: string,
  files: Record<string, string>,
  baseRef = 'main',
): Promise<string> {
  const w = await prepareTaskWorktree(r, { spec: 's', taskId, baseRef });
  if (!w.ok) throw new Error(w.error);
  writeFiles(w.path, files);
  await commitTaskWork(w.path, `task ${taskId}`);
  const removed = await removeTaskWorktree(r, w.path);
  if (!removed.ok) throw new Error(removed.error);
  return w.branch;
}

function commitOnMain(r: string, files: Record<string, string>) {
  writeFiles(r, files);
  git(r, 'add', '-A');
  git(r, 'commit', '-q', '-m', 'person');
}

const state = (r: string) => ({
  head: git(r, 'rev-parse', 'HEAD'),
  status: git(r, 'status', '--porcelain=v1', '-uall'),
  diff: git(r, 'diff'),
  cached: git(r, 'diff', '--cached'),
  files: Object.fromEntries(
    git(r, 'ls-files', '-co', '--exclude-standard')
      .split('\n')
      .filter(Boolean)
      .map((f) => [f, fs.readFileSync(path.join(r, f), 'utf8')]),
  ),
});

describe('mergeTaskBranch', () => {
  it('fast-forwards the checked-out branch, keeping unrelated local changes', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    writeFiles(r, { 'b.txt': 'local\n', 'scratch.txt': 'mine\n' });
    git(r, 'add', 'scratch.txt');
    const result = await mergeTaskBranch(r, branch, { into: 'main' });
    expect(result).toMatchObject({ ok: true, kind: 'fast-forward' });
    expect(git(r, 'rev-parse', 'HEAD')).toBe(git(r, 'rev-parse', branch));
    expect(fs.readFileSync(path.join(r, 'a.txt'), 'utf8')).toBe('task\n');
    expect(fs.readFileSync(path.join(r, 'b.txt'), 'utf8')).toBe('local\n');
    expect(git(r, 'status', '--porcelain=v1')).toBe(' M b.txt\nA  scratch.txt\n');
    expect(git(r, 'reflog', '-1', '--format=%gs', 'main').trim()).toBe(`trellis: fast-forward ${branch}`);
  });

  it('makes a clean merge commit when both sides moved', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    commitOnMain(r, { 'b.txt': 'person\n' });
    const old = git(r, 'rev-parse', 'HEAD').trim();
    const result = await mergeTaskBranch(r, branch, { into: 'main' });
    expect(result).toMatchObject({ ok: true, kind: 'merge' });
    expect(git(r, 'rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ').slice(1)).toEqual([
      old,
      git(r, 'rev-parse', branch).trim(),
    ]);
    expect(git(r, 'log', '-1', '--format=%s')).toBe(`Merge branch '${branch}' into main\n`);
    expect(git(r, 'status', '--porcelain=v1')).toBe('');
    expect(fs.readFileSync(path.join(r, 'a.txt'), 'utf8') + fs.readFileSync(path.join(r, 'b.txt'), 'utf8')).toBe(
      'task\nperson\n',
    );
  });

  it('a clean merge through the private-index fallback works too', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    commitOnMain(r, { 'b.txt': 'person\n' });
    expect(await mergeTaskBranch(r, branch, { into: 'main', fallback: true })).toMatchObject({
      ok: true,
      kind: 'merge',
    });
    expect(git(r, 'show', 'HEAD:a.txt')).toBe('task\n');
  });

  it('on a conflict leaves everything as it was and names the files', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    commitOnMain(r, { 'a.txt': 'person\n' });
    writeFiles(r, { 'b.txt': 'uncommitted\n', 'new.txt': 'untracked\n' });
    git(r, 'add', 'b.txt');
    writeFiles(r, { 'b.txt': 'uncommitted, then more\n' });
    const before = state(r);
    const index = fs.readFileSync(path.join(r, '.git/index'));
    const result = await mergeTaskBranch(r, branch, { into: 'main' });
    expect(result).toMatchObject({ ok: false, reason: 'conflict', conflicts: ['a.txt'] });
    expect(state(r)).toEqual(before);
    expect(fs.readFileSync(path.join(r, '.git/index')).equals(index)).toBe(true);
    expect(fs.existsSync(path.join(r, '.git/MERGE_HEAD'))).toBe(false);
  });

  it("refuses when the person's uncommitted changes are in the way, changing nothing", async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n', 'c.txt': 'new from task\n' });
    commitOnMain(r, { 'b.txt': 'person\n' });
    writeFiles(r, { 'a.txt': 'local edit\n' });
    let before = state(r);
    let result = await mergeTaskBranch(r, branch, { into: 'main' });
    expect(result).toMatchObject({ ok: false, reason: 'local-changes', conflicts: ['a.txt'] });
    expect(state(r)).toEqual(before);

    // An untracked file the merge would overwrite counts too.
    git(r, 'checkout', '--', 'a.txt');
    writeFiles(r, { 'c.txt': 'my own c\n' });
    before = state(r);
    result = await mergeTaskBranch(r, branch, { into: 'main' });
    expect(result).toMatchObject({ ok: false, reason: 'local-changes', conflicts: ['c.txt'] });
    expect(state(r)).toEqual(before);
  });

  it('moves a branch that is not checked out without touching the working tree', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    git(r, 'branch', 'integration');
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    writeFiles(r, { 'a.txt': 'local\n' });
    const before = state(r);
    expect(await mergeTaskBranch(r, branch, { into: 'integration' })).toMatchObject({ ok: true, kind: 'fast-forward' });
    expect(git(r, 'rev-parse', 'integration')).toBe(git(r, 'rev-parse', branch));
    expect(state(r)).toEqual(before);
  });

  it('reports up-to-date, unknown branches, and a merge in progress', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const branch = await finishedTask(r, '1', { 'a.txt': 'task\n' });
    expect(await mergeTaskBranch(r, branch, { into: 'main' })).toMatchObject({ ok: true, kind: 'fast-forward' });
    expect(await mergeTaskBranch(r, branch, { into: 'main' })).toMatchObject({ ok: true, kind: 'up-to-date' });
    expect(await mergeTaskBranch(r, 'nope', { into: 'main' })).toMatchObject({ ok: false, reason: 'error' });
    expect(await mergeTaskBranch(r, branch, { into: 'nope' })).toMatchObject({ ok: false, reason: 'error' });

    const other = await finishedTask(r, '2', { 'b.txt': 'b\n' }, 'main~1');
    fs.writeFileSync(path.join(r, '.git/MERGE_HEAD'), git(r, 'rev-parse', 'HEAD'));
    expect(await mergeTaskBranch(r, other, { into: 'main' })).toMatchObject({ ok: false, reason: 'local-changes' });
  });
});

describe('mergeTaskBranch, unrelated histories', () => {
  it('reports git refusing the merge as an error result, not an exception', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    git(r, 'checkout', '-q', '--orphan', 'other');
    git(r, 'commit', '-q', '-m', 'unrelated');
    git(r, 'checkout', '-q', 'main');
    expect(await mergeTaskBranch(r, 'other', { into: 'main' })).toMatchObject({
      ok: false,
      reason: 'error',
      conflicts: [],
    });
    expect(await mergeTaskBranch(r, 'other', { into: 'main', fallback: true })).toMatchObject({
      ok: false,
      reason: 'error',
    });
  });
});
