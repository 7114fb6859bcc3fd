import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfinedFs } from '../security/confined-fs';
import { applyPatch } from './apply-patch';
import { commitChanges, confinedCommitIo, nodeCommitIo, type CommitIo } from './commit-changes';
import { computeChanges } from './compute-changes';
import { parsePatch } from './parse-patch';
import { snapshot, treeWith } from './test-tree';

const PATCH = [
  '*** Begin Patch',
  '*** Update File: one.txt',
  '-one',
  '+ONE',
  '*** Add File: fresh/deep/two.txt',
  '+two',
  '*** Add File: three.txt',
  '+three',
  '*** Update File: four.txt',
  '*** Move to: moved/four.txt',
  '-four',
  '+FOUR',
  '*** Delete File: five.txt',
  '*** Delete File: link.txt',
  '*** End Patch',
].join('\n');

function fixture(): string {
  const root = treeWith({
    'one.txt': 'one\r\n',
    'three.txt': 'old three\n',
    'four.txt': 'four\n',
    'five.txt': 'five\n',
  });
  fs.chmodSync(path.join(root, 'five.txt'), 0o640);
  fs.symlinkSync('one.txt', path.join(root, 'link.txt'));
  return root;
}

/** Node's file operations, except that the nth call of `op` fails with `code`. */
function failing(op: keyof CommitIo, nth: number, code = 'EIO'): CommitIo {
  let calls = 0;
  const real = nodeCommitIo[op] as (...args: unknown[]) => Promise<unknown>;
  return {
    ...nodeCommitIo,
    [op]: (...args: unknown[]) =>
      ++calls === nth ? Promise.reject(Object.assign(new Error(code), { code })) : real(...args),
  };
}

async function commitWith(root: string, io: CommitIo) {
  const plan = await computeChanges(parsePatch(PATCH).hunks, { cwd: root });
  return commitChanges(plan, io);
}

describe('commitChanges', () => {
  it('puts the whole plan on disk', async () => {
    const root = fixture();
    await commitWith(root, nodeCommitIo);
    expect(Object.keys(snapshot(root)).sort()).toEqual([
      'fresh',
      'fresh/deep',
      'fresh/deep/two.txt',
      'moved',
      'moved/four.txt',
      'one.txt',
      'three.txt',
    ]);
    expect(fs.readFileSync(path.join(root, 'one.txt'), 'utf8')).toBe('ONE\r\n');
  });

  it.each([
    [
      'the 1st temporary file cannot be written',
      'writeFile',
      1,
      'Failed to write file one.txt: Input/output error (os error 5)',
    ],
    [
      'the disk fills up at the 3rd temporary file',
      'writeFile',
      3,
      'Failed to write file three.txt: No space left on device (os error 28)',
      'ENOSPC',
    ],
    [
      'a folder cannot be made',
      'mkdir',
      2,
      'Failed to create parent directories for fresh/deep/two.txt: Input/output error (os error 5)',
    ],
    [
      'the 3rd rename fails, after two files are in place',
      'rename',
      3,
      'Failed to write file three.txt: Input/output error (os error 5)',
    ],
    ['the last rename fails', 'rename', 4, 'Failed to write file moved/four.txt: Input/output error (os error 5)'],
    [
      'removing the move source fails',
      'unlink',
      1,
      'Failed to remove original four.txt: Input/output error (os error 5)',
    ],
    [
      'the last delete fails, after the others',
      'unlink',
      3,
      'Failed to delete file link.txt: Input/output error (os error 5)',
    ],
  ] as const)('restores the tree byte for byte when %s', async (_, op, nth, message, code: string = 'EIO') => {
    const root = fixture();
    const before = snapshot(root);
    await expect(commitWith(root, failing(op, nth, code))).rejects.toMatchObject({ code: 'io', message });
    // Contents, modes, the symlink, no temporary files, no new folders.
    expect(snapshot(root)).toEqual(before);
  });

  it('says so when the rollback itself fails', async () => {
    const root = fixture();
    let renames = 0;
    const io: CommitIo = {
      ...nodeCommitIo,
      rename: (from, to) =>
        ++renames >= 3
          ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' }))
          : nodeCommitIo.rename(from, to),
    };
    await expect(commitWith(root, io)).rejects.toThrow(
      /^Failed to write file three\.txt: .*\nRolling back failed too, the tree may be partly patched: /,
    );
  });
});

describe('commitChanges through confined-fs', () => {
  const patch = (body: string[]) => parsePatch(['*** Begin Patch', ...body, '*** End Patch'].join('\n')).hunks;

  it('refuses to write through a folder swapped for a symlink after the plan was made, and leaves the tree as it was', async () => {
    const root = treeWith({ 'x/.bashrc': 'inside\n', 'keep.txt': 'keep\n' });
    const outside = treeWith({ '.bashrc': 'outside\n' });
    const plan = await computeChanges(
      patch(['*** Update File: keep.txt', '-keep', '+kept', '*** Update File: x/.bashrc', '-inside', '+pwned']),
      { cwd: root },
    );
    // Between the check and the write, a parallel shell call puts a symlink where the folder was.
    fs.renameSync(path.join(root, 'x'), path.join(root, 'x-real'));
    fs.symlinkSync(outside, path.join(root, 'x'));
    const cfs = await ConfinedFs.create({ roots: [root] });
    await expect(commitChanges(plan, confinedCommitIo(cfs))).rejects.toThrow(
      /^Failed to create parent directories for x\/\.bashrc: Refusing to touch .*a symlink stands on its path/,
    );
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('outside\n');
    expect(fs.readdirSync(outside)).toEqual(['.bashrc']);
    expect(fs.readFileSync(path.join(root, 'keep.txt'), 'utf8')).toBe('keep\n');
  });

  it('refuses a patch into .git through a symlinked folder (x -> .git), by the real location', async () => {
    const root = treeWith({ '.git/config': '[core]\n', 'a.txt': 'a\n' });
    fs.symlinkSync('.git', path.join(root, 'x'));
    const result = await applyPatch(
      [
        '*** Begin Patch',
        '*** Update File: x/config',
        '-[core]',
        '+[core]',
        '+\tfsmonitor = sh -c pwned',
        '*** End Patch',
      ].join('\n'),
      { cwd: root },
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/\.git stays read-only/) });
    expect(fs.readFileSync(path.join(root, '.git', 'config'), 'utf8')).toBe('[core]\n');
  });

  it('refuses a patch that adds a .git file or folder anywhere below the root', async () => {
    const root = treeWith({ 'a.txt': 'a\n' });
    for (const file of ['sub/.git', 'sub/.git/config', '.trellis/agents/default.toml']) {
      const result = await applyPatch(['*** Begin Patch', `*** Add File: ${file}`, '+x', '*** End Patch'].join('\n'), {
        cwd: root,
      });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/stays read-only/) });
    }
    expect(Object.keys(snapshot(root))).toEqual(['a.txt']);
  });
});
