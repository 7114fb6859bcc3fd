import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempRepo } from '../testing/temp-repo';
import { changesSince, createCheckpoint, listCheckpoints, pruneCheckpoints } from './checkpoints';
import { redoTurn, revertAll, revertFile, revertHunks, undoTurn } from './revert';
import { gitState } from './test-git-state';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `l${i}\n`).join('');
const read = (repo: string, p: string) => fs.readFileSync(path.join(repo, p), 'utf8');
const write = (repo: string, p: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
  fs.writeFileSync(path.join(repo, p), text);
};
const exists = (repo: string, p: string) => fs.existsSync(path.join(repo, p));

/**
 * A repository with a staged change, a stash entry, an untracked file and ignored files: the
 * state every checkpoint operation must leave exactly as it found it.
 */
function busyRepo(): string {
  const repo = tempRepo({ 'a.txt': lines(30), 'b.txt': 'b\n', 'keep.txt': 'keep\n', '.gitignore': '*.log\nbuild/\n' });
  write(repo, 'keep.txt', 'keep stashed\n');
  git(repo, 'stash', '-q');
  write(repo, 'b.txt', 'b staged\n');
  git(repo, 'add', 'b.txt');
  write(repo, 'notes.txt', 'untracked before the turn\n');
  write(repo, 'app.log', 'ignored before\n');
  return repo;
}

/** What an agent's turn does: edit, add, delete, touch ignored files. */
function agentTurn(repo: string): void {
  write(repo, 'a.txt', lines(30).replace('l2\n', 'TWO\n').replace('l25\n', 'TWENTY-FIVE\n'));
  write(repo, 'new/created.txt', 'created by the turn\n');
  fs.rmSync(path.join(repo, 'keep.txt'));
  write(repo, 'notes.txt', 'untracked, edited by the turn\n');
  write(repo, 'app.log', 'ignored, changed by the turn\n');
  write(repo, 'build/out.js', 'ignored output\n');
}

describe('checkpoints', () => {
  it('are commits under private refs, numbered per session, listed and pruned', async () => {
    const repo = busyRepo();
    const before = gitState(repo);
    const one = await createCheckpoint(repo, 's1');
    const two = await createCheckpoint(repo, 's1', 'second');
    const other = await createCheckpoint(repo, 's2');
    expect([one.ref, two.ref, other.ref]).toEqual([
      'refs/trellis/checkpoints/s1/1',
      'refs/trellis/checkpoints/s1/2',
      'refs/trellis/checkpoints/s2/1',
    ]);
    expect((await listCheckpoints(repo, 's1')).map((c) => [c.n, c.label])).toEqual([
      [1, 'turn'],
      [2, 'second'],
    ]);
    expect(await listCheckpoints(repo)).toHaveLength(3);
    // The snapshot holds the working tree: the staged and the untracked file as they are on disk, no ignored file.
    expect(git(repo, 'show', `${one.commit}:b.txt`)).toBe('b staged\n');
    expect(git(repo, 'show', `${one.commit}:notes.txt`)).toBe('untracked before the turn\n');
    expect(git(repo, 'ls-tree', '-r', '--name-only', one.commit)).not.toContain('app.log');
    expect(await pruneCheckpoints(repo, 's1', { keep: 1 })).toBe(1);
    expect((await listCheckpoints(repo, 's1')).map((c) => c.n)).toEqual([2]);
    expect(await pruneCheckpoints(repo, 's1')).toBe(1);
    expect(await listCheckpoints(repo)).toHaveLength(1);
    expect(gitState(repo)).toEqual(before);
    await expect(createCheckpoint(repo, '../x')).rejects.toThrow(/invalid session id/);
  });

  it("give a turn's changes, ignored files left out", async () => {
    const repo = busyRepo();
    const start = await createCheckpoint(repo, 's');
    agentTurn(repo);
    const changes = await changesSince(repo, start);
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['a.txt', 'modified'],
      ['keep.txt', 'deleted'],
      ['new/created.txt', 'added'],
      ['notes.txt', 'modified'],
    ]);
    expect(changes[0].hunks).toHaveLength(2);
  });

  it('revert files, hunks and whole turns without touching HEAD, branch, stash, index or ignored files', async () => {
    const repo = busyRepo();
    const before = gitState(repo);
    const start = await createCheckpoint(repo, 's');
    agentTurn(repo);
    write(repo, 'b.txt', 'b edited by the person during the turn\n');

    await revertHunks(repo, start, 'a.txt', [1]);
    expect(read(repo, 'a.txt')).toBe(lines(30).replace('l2\n', 'TWO\n'));

    expect((await revertFile(repo, start, 'keep.txt')).restored).toEqual(['keep.txt']);
    expect(read(repo, 'keep.txt')).toBe('keep\n');

    const all = await revertAll(repo, start, { paths: ['a.txt', 'new/created.txt', 'notes.txt'] });
    expect(all.restored.sort()).toEqual(['a.txt', 'new/created.txt', 'notes.txt']);
    expect(read(repo, 'a.txt')).toBe(lines(30));
    expect(exists(repo, 'new')).toBe(false); // the folder the turn created goes with its file
    expect(read(repo, 'notes.txt')).toBe('untracked before the turn\n');
    expect(read(repo, 'b.txt')).toBe('b edited by the person during the turn\n'); // not in `paths`
    expect(read(repo, 'app.log')).toBe('ignored, changed by the turn\n');
    expect(read(repo, 'build/out.js')).toBe('ignored output\n');

    await revertAll(repo, start);
    expect(read(repo, 'b.txt')).toBe('b staged\n');
    expect(await changesSince(repo, start)).toEqual([]);
    expect(read(repo, 'app.log')).toBe('ignored, changed by the turn\n');
    expect(exists(repo, 'build/out.js')).toBe(true);

    const { head, branch, branches, stash, index, cached } = gitState(repo);
    expect({ head, branch, branches, stash, index, cached }).toEqual(before);
  });

  it('undo and redo a turn, leaving files the turn did not touch alone', async () => {
    const repo = busyRepo();
    const before = gitState(repo);
    const start = await createCheckpoint(repo, 's');
    agentTurn(repo);
    const end = await createCheckpoint(repo, 's');
    write(repo, 'b.txt', 'edited by the person after the turn\n');

    const undo = await undoTurn(repo, 's', start, end);
    expect(undo.restored.sort()).toEqual(['a.txt', 'keep.txt', 'new/created.txt', 'notes.txt']);
    expect(read(repo, 'a.txt')).toBe(lines(30));
    expect(read(repo, 'keep.txt')).toBe('keep\n');
    expect(exists(repo, 'new/created.txt')).toBe(false);
    expect(read(repo, 'b.txt')).toBe('edited by the person after the turn\n');
    expect(read(repo, 'app.log')).toBe('ignored, changed by the turn\n');

    await redoTurn(repo, undo);
    expect(read(repo, 'a.txt')).toBe(lines(30).replace('l2\n', 'TWO\n').replace('l25\n', 'TWENTY-FIVE\n'));
    expect(read(repo, 'new/created.txt')).toBe('created by the turn\n');
    expect(exists(repo, 'keep.txt')).toBe(false);
    expect(read(repo, 'b.txt')).toBe('edited by the person after the turn\n');
    expect(gitState(repo)).toEqual(before);
  });

  it('refuses to redo over edits made after the undo', async () => {
    const repo = busyRepo();
    const start = await createCheckpoint(repo, 's');
    agentTurn(repo);
    const undo = await undoTurn(repo, 's', start);
    write(repo, 'a.txt', 'a person wrote this after the undo\n');
    await expect(redoTurn(repo, undo)).rejects.toThrow(/a\.txt changed after the undo/);
    expect(read(repo, 'a.txt')).toBe('a person wrote this after the undo\n');
    expect(exists(repo, 'new/created.txt')).toBe(false);
  });

  it('works in a repository without commits', async () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'trellis-empty-')));
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, 'x.txt', 'x\n');
    const start = await createCheckpoint(repo, 's');
    write(repo, 'x.txt', 'y\n');
    expect((await changesSince(repo, start)).map((c) => c.path)).toEqual(['x.txt']);
    await revertAll(repo, start);
    expect(read(repo, 'x.txt')).toBe('x\n');
    expect(exists(repo, '.git/index')).toBe(false);
  });
});
