import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import {
  baseFor,
  checkSpecName,
  commitTaskWork,
  discardTaskAttempt,
  hasMergeTreeWriteTree,
  listTrellisWorktrees,
  mergeTrees,
  prepareTaskWorktree,
  removeTaskWorktree,
  sanitizeTaskId,
  setTaskBase,
  taskBase,
  taskBranch,
  taskDiff,
} from './worktrees';

const made: string[] = [];
const repo = (files: Record<string, string>) => {
  const r = tempRepo(files);
  made.push(r);
  return r;
};
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = (r: string) => ({
  head: git(r, 'rev-parse', 'HEAD'),
  branch: git(r, 'symbolic-ref', 'HEAD'),
  status: git(r, 'status', '--porcelain=v1', '-uall'),
  index: fs.readFileSync(path.join(r, '.git/index')).toString('base64'),
});

/** A branch from main that writes files, committed; main is left checked out. */
function branchWith(r: string, branch: string, files: Record<string, string>, from = 'main') {
  git(r, 'branch', branch, from);
  const wt = path.join(tempDir(), 'wt');
  made.push(path.dirname(wt));
  git(r, 'worktree', 'add', '-q', wt, branch);
  writeFiles(wt, files);
  git(wt, 'add', '-A');
  git(wt, 'commit', '-q', '-m', `${branch} work`);
  git(r, 'worktree', 'remove', wt);
}

describe('names', () => {
  it('keeps dotted task ids and sanitises what git refuses', () => {
    expect(sanitizeTaskId('2.1')).toBe('2.1');
    expect(sanitizeTaskId('t3')).toBe('t3');
    expect(sanitizeTaskId('a b:c')).toBe('a-b-c');
    expect(sanitizeTaskId('..x..y.')).toBe('x.y');
    expect(sanitizeTaskId('a/b')).toBe('a-b');
    expect(sanitizeTaskId('x.lock')).toBe('x');
    expect(sanitizeTaskId('~^')).toBe('task');
    expect(taskBranch('auth', '2.1')).toBe('trellis/auth/2.1');
  });

  it('rejects spec names with slashes, .. or ref-breaking characters', () => {
    expect(checkSpecName('user-auth')).toBeNull();
    expect(checkSpecName('a/b')).toMatch(/slash/);
    expect(checkSpecName('a..b')).toMatch(/\.\./);
    expect(checkSpecName('.hidden')).not.toBeNull();
    expect(checkSpecName('a b')).not.toBeNull();
    expect(() => taskBranch('../x', '1')).toThrow();
  });
});

describe('prepareTaskWorktree', () => {
  it('makes a worktree under .git/trellis-worktrees on trellis/<spec>/<task> without touching the workspace', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    writeFiles(r, { 'a.txt': 'local edit\n', 'new.txt': 'untracked\n' });
    const before = snapshot(r);
    const result = await prepareTaskWorktree(r, { spec: 'auth', taskId: '2.1', baseRef: 'main' });
    expect(result).toMatchObject({
      ok: true,
      branch: 'trellis/auth/2.1',
      path: path.join(r, '.git', 'trellis-worktrees', 'auth', '2.1'),
    });
    if (!result.ok) return;
    expect(fs.readFileSync(path.join(result.path, 'a.txt'), 'utf8')).toBe('a\n');
    expect(git(result.path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('trellis/auth/2.1');
    expect(snapshot(r)).toEqual(before);

    const again = await prepareTaskWorktree(r, { spec: 'auth', taskId: '2.1', baseRef: 'main' });
    expect(again).toMatchObject({ ok: false, error: expect.stringMatching(/already exists/) });
    expect(await prepareTaskWorktree(r, { spec: 'a/b', taskId: '1', baseRef: 'main' })).toMatchObject({ ok: false });
    expect(await prepareTaskWorktree(r, { spec: 'auth', taskId: '3', baseRef: 'no-such-ref' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no-such-ref/),
    });
  });

  it("runs git in a task worktree through the repository's records, never through the .git file the subagent may rewrite", async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const result = await prepareTaskWorktree(r, { spec: 's', taskId: '1', baseRef: 'main' });
    if (!result.ok) throw new Error(result.error);
    // A copy of the repository outside the worktree (a writable root the person added, say) whose copy of the
    // task's admin dir links back to the worktree and has it on a decoy branch: it passes every check a
    // gitfile can be given, so only Trellis's own record keeps git away from it.
    const elsewhere = tempDir();
    made.push(elsewhere);
    const copy = path.join(elsewhere, 'copy.git');
    fs.cpSync(path.join(r, '.git'), copy, { recursive: true, filter: (src) => !src.includes('trellis-worktrees') });
    const main = git(r, 'rev-parse', 'main').trim();
    fs.writeFileSync(path.join(copy, 'refs/heads/decoy'), `${main}\n`);
    fs.writeFileSync(path.join(copy, 'worktrees/1/HEAD'), 'ref: refs/heads/decoy\n');
    fs.writeFileSync(path.join(result.path, '.git'), `gitdir: ${path.join(copy, 'worktrees', '1')}\n`);
    writeFiles(result.path, { 'b.txt': 'task work\n' });
    const head = await commitTaskWork(result.path, 'work');
    expect(head).not.toBeNull();
    expect(git(r, 'rev-parse', 'trellis/s/1').trim()).toBe(head);
    expect(fs.readFileSync(path.join(copy, 'refs/heads/decoy'), 'utf8').trim()).toBe(main);
  });

  it("shows a nested repository the task added (a gitlink) in the task's change, so it cannot merge unseen", async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const result = await prepareTaskWorktree(r, { spec: 's', taskId: '1', baseRef: 'main' });
    if (!result.ok) throw new Error(result.error);
    const nested = path.join(result.path, 'vendored');
    fs.mkdirSync(nested);
    git(nested, 'init', '-q');
    writeFiles(nested, { 'x.txt': 'x\n' });
    git(nested, 'add', 'x.txt');
    git(nested, 'commit', '-q', '-m', 'x');
    await commitTaskWork(result.path, 'work');
    expect((await taskDiff(result.path, result.base)).files).toEqual([{ status: 'A', path: 'vendored' }]);
  });

  it('honours a configurable root outside the repository', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const root = tempDir('trellis-wt-root-');
    made.push(root);
    const result = await prepareTaskWorktree(r, { spec: 's', taskId: '1', baseRef: 'main', root });
    expect(result).toMatchObject({ ok: true, path: path.join(root, 's', '1') });
    expect((await listTrellisWorktrees(r, { root })).map((w) => w.taskId)).toEqual(['1']);
    expect(await listTrellisWorktrees(r)).toEqual([]); // not under the default root
  });

  it('starts from a merge of the finished dependency branches', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    branchWith(r, 'trellis/s/1', { 'a.txt': 'a from 1\n' });
    branchWith(r, 'trellis/s/2', { 'b.txt': 'b from 2\n', 'c.txt': 'new in 2\n' });
    const before = snapshot(r);
    const result = await prepareTaskWorktree(r, {
      spec: 's',
      taskId: '3',
      baseRef: 'main',
      depBranches: ['trellis/s/1', 'trellis/s/2'],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const read = (f: string) => fs.readFileSync(path.join(result.path, f), 'utf8');
    expect([read('a.txt'), read('b.txt'), read('c.txt')]).toEqual(['a from 1\n', 'b from 2\n', 'new in 2\n']);
    expect(git(r, 'rev-list', '--parents', '-n', '1', result.base).trim().split(' ')).toHaveLength(3);
    expect(snapshot(r)).toEqual(before);
    expect(
      git(r, 'branch', '--list')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .sort(),
    ).toEqual(['* main', '+ trellis/s/3', 'trellis/s/1', 'trellis/s/2']);
  });

  it('reports a conflict between dependencies, naming the files, and creates nothing', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    branchWith(r, 'trellis/s/1', { 'a.txt': 'one\n' });
    branchWith(r, 'trellis/s/2', { 'a.txt': 'two\n' });
    const result = await prepareTaskWorktree(r, {
      spec: 's',
      taskId: '3',
      baseRef: 'main',
      depBranches: ['trellis/s/1', 'trellis/s/2'],
    });
    expect(result).toMatchObject({ ok: false, conflicts: ['a.txt'], error: expect.stringMatching(/a\.txt/) });
    expect(await listTrellisWorktrees(r)).toEqual([]);
    expect(git(r, 'branch', '--list', 'trellis/s/3')).toBe('');
  });

  it('a single dependency that moved on is a fast-forward, one already contained adds nothing', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    branchWith(r, 'trellis/s/1', { 'a.txt': 'one\n' });
    const tip = git(r, 'rev-parse', 'trellis/s/1').trim();
    expect(await baseFor(r, 'main', ['trellis/s/1'])).toEqual({ ok: true, commit: tip });
    expect(await baseFor(r, 'trellis/s/1', ['main'])).toEqual({ ok: true, commit: tip });
    expect(await baseFor(r, 'main', ['nope'])).toMatchObject({ ok: false, error: expect.stringMatching(/nope/) });
  });
});

describe('mergeTrees', () => {
  it('git here has merge-tree --write-tree', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    expect(await hasMergeTreeWriteTree(r)).toBe(true);
  });

  it('the private-index fallback merges whole-file changes and reports files changed on both sides', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    branchWith(r, 'x', { 'a.txt': 'x\n' });
    branchWith(r, 'y', { 'b.txt': 'y\n' });
    branchWith(r, 'z', { 'a.txt': 'z\n' });
    const ok = await mergeTrees(r, 'x', 'y', { fallback: true });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(git(r, 'show', `${ok.tree}:a.txt`) + git(r, 'show', `${ok.tree}:b.txt`)).toBe('x\ny\n');
    expect(await mergeTrees(r, 'x', 'z', { fallback: true })).toEqual({ ok: false, conflicts: ['a.txt'] });
    expect(await mergeTrees(r, 'x', 'z')).toEqual({ ok: false, conflicts: ['a.txt'] });
  });
});

describe('listTrellisWorktrees / removeTaskWorktree', () => {
  it("lists only Trellis worktrees and never removes the person's own", async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const mine = path.join(tempDir(), 'mine');
    made.push(path.dirname(mine));
    git(r, 'worktree', 'add', '-q', '-b', 'feature', mine, 'main');
    // A person's worktree on a trellis/ branch but outside our root is not ours either.
    const lookalike = path.join(tempDir(), 'lookalike');
    made.push(path.dirname(lookalike));
    git(r, 'worktree', 'add', '-q', '-b', 'trellis/s/9', lookalike, 'main');
    const a = await prepareTaskWorktree(r, { spec: 's', taskId: '1', baseRef: 'main' });
    const b = await prepareTaskWorktree(r, { spec: 's', taskId: '2', baseRef: 'main' });
    if (!a.ok || !b.ok) throw new Error('prepare failed');

    const listed = await listTrellisWorktrees(r);
    expect(listed.map((w) => [w.spec, w.taskId, w.branch])).toEqual([
      ['s', '1', 'trellis/s/1'],
      ['s', '2', 'trellis/s/2'],
    ]);

    expect(await removeTaskWorktree(r, mine)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a worktree Trellis made/),
    });
    expect(await removeTaskWorktree(r, lookalike)).toMatchObject({ ok: false });
    expect(await removeTaskWorktree(r, r)).toMatchObject({ ok: false });
    expect(fs.existsSync(mine) && fs.existsSync(lookalike)).toBe(true);

    // Uncommitted work: refused without force.
    writeFiles(a.path, { 'a.txt': 'dirty\n' });
    expect(await removeTaskWorktree(r, a.path)).toMatchObject({ ok: false });
    expect(await removeTaskWorktree(r, a.path, { force: true, deleteBranch: true })).toEqual({ ok: true });
    expect(fs.existsSync(a.path)).toBe(false);
    expect(git(r, 'branch', '--list', 'trellis/s/1')).toBe('');

    expect(await removeTaskWorktree(r, b.path)).toEqual({ ok: true });
    expect(git(r, 'branch', '--list', 'trellis/s/2').trim()).toBe('trellis/s/2'); // kept: its work may be unmerged
    expect((await listTrellisWorktrees(r)).length).toBe(0);
  });
});

describe('taskDiff / commitTaskWork', () => {
  it('summarises committed, uncommitted and untracked changes against the base', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\nc\nc\nc\nc\n' });
    const w = await prepareTaskWorktree(r, { spec: 's', taskId: '1', baseRef: 'main' });
    if (!w.ok) throw new Error(w.error);
    writeFiles(w.path, { 'a.txt': 'changed\n', 'dir/new file.txt': 'new\n' });
    fs.rmSync(path.join(w.path, 'b.txt'));
    git(w.path, 'mv', 'c.txt', 'd.txt');
    const diff = await taskDiff(w.path, w.base);
    expect(diff.files).toEqual([
      { status: 'M', path: 'a.txt' },
      { status: 'D', path: 'b.txt' },
      { status: 'R', from: 'c.txt', path: 'd.txt' },
      { status: 'A', path: 'dir/new file.txt' },
    ]);
    // The worktree's own index is untouched by the diff: the new file is still untracked.
    expect(git(w.path, 'status', '--porcelain', '-uall')).toContain('?? "dir/new file.txt"');

    const head = await commitTaskWork(w.path, 'task 1');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect((await taskDiff(w.path, 'main')).files).toHaveLength(4);
    expect(await commitTaskWork(w.path, 'nothing')).toBeNull();
  });
});

describe('task bases and fresh attempts', () => {
  it('remembers where a task started, in a private ref that is not a branch', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const w = await prepareTaskWorktree(r, { spec: 'csv', taskId: '1', baseRef: 'main' });
    if (!w.ok) throw new Error(w.error);
    fs.writeFileSync(path.join(w.path, 'b.txt'), 'b\n');
    await commitTaskWork(w.path, 'task 1');
    expect(await taskBase(r, w.branch)).toBe(w.base);
    expect(git(r, 'branch', '--list', '--format=%(refname:short)')).not.toContain('task-bases');
    const head = git(w.path, 'rev-parse', 'HEAD').trim();
    await setTaskBase(r, w.branch, head);
    expect(await taskBase(r, w.branch)).toBe(head);
  });

  it('discards an earlier attempt (worktree with uncommitted work, branch, base) so the task can run again', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const before = snapshot(r);
    const first = await prepareTaskWorktree(r, { spec: 'csv', taskId: '1', baseRef: 'main' });
    if (!first.ok) throw new Error(first.error);
    fs.writeFileSync(path.join(first.path, 'half-done.txt'), 'x\n');
    expect(await prepareTaskWorktree(r, { spec: 'csv', taskId: '1', baseRef: 'main' })).toMatchObject({ ok: false });
    expect(await discardTaskAttempt(r, 'csv', '1')).toEqual({ ok: true });
    expect(fs.existsSync(first.path)).toBe(false);
    expect(await taskBase(r, first.branch)).toBeNull();
    const again = await prepareTaskWorktree(r, { spec: 'csv', taskId: '1', baseRef: 'main' });
    expect(again).toMatchObject({ ok: true, path: first.path });
    // Nothing of the person's changed, and a task that never ran is no error.
    expect(snapshot(r)).toEqual(before);
    expect(await discardTaskAttempt(r, 'csv', '9')).toEqual({ ok: true });
  });

  it("refuses to discard a task branch checked out in the person's own worktree", async () => {
    const r = repo({ 'a.txt': 'a\n' });
    git(r, 'branch', 'trellis/csv/1');
    const mine = path.join(tempDir(), 'mine');
    made.push(path.dirname(mine));
    git(r, 'worktree', 'add', '--quiet', mine, 'trellis/csv/1');
    expect(await discardTaskAttempt(r, 'csv', '1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a worktree Trellis made/),
    });
    expect(fs.existsSync(mine)).toBe(true);
  });
});
