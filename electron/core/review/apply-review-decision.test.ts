import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { applyReviewDecision } from './apply-review-decision';
import { proposeFile, proposeFromPatch, type Proposal } from './proposal';

const lines = (n: number, tag = 'l') => Array.from({ length: n }, (_, i) => `${tag}${i}\n`).join('');
const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');

/** A folder with a 30-line file and a patch that changes it in two far-apart places, adds, deletes and moves. */
async function setup() {
  const root = tempDir();
  writeFiles(root, { 'a.txt': lines(30), 'old.txt': 'x\ny\n', 'del.txt': 'bye\n' });
  const patch = [
    '*** Begin Patch',
    '*** Update File: a.txt',
    '@@',
    ' l1',
    '-l2',
    '+TWO',
    ' l3',
    '@@',
    ' l24',
    '-l25',
    '+TWENTY-FIVE',
    ' l26',
    '*** Add File: new.txt',
    '+hello',
    '*** Delete File: del.txt',
    '*** Update File: old.txt',
    '*** Move to: moved.txt',
    '@@',
    ' x',
    '-y',
    '+z',
    '*** End Patch',
  ].join('\n');
  const proposed = await proposeFromPatch(root, patch);
  if (!proposed.ok) throw new Error(proposed.error);
  return { root, proposal: proposed.proposal };
}

describe('proposeFromPatch', () => {
  it('turns a Codex patch into per-file changes without writing anything', async () => {
    const { root, proposal } = await setup();
    expect(proposal.files.map((f) => [f.change.path, f.change.kind, f.change.oldPath, f.change.hunks.length])).toEqual([
      ['a.txt', 'modified', undefined, 2],
      ['new.txt', 'added', undefined, 1],
      ['moved.txt', 'renamed', 'old.txt', 1],
      ['del.txt', 'deleted', undefined, 1],
    ]);
    expect(read(root, 'a.txt')).toBe(lines(30));
    expect(fs.existsSync(path.join(root, 'new.txt'))).toBe(false);
  });

  it('reports a patch that does not apply', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.txt': 'a\n' });
    expect(
      await proposeFromPatch(root, '*** Begin Patch\n*** Update File: a.txt\n@@\n-zzz\n+y\n*** End Patch'),
    ).toMatchObject({ ok: false, error: expect.stringContaining('Failed to find expected lines') });
  });
});

describe('applyReviewDecision', () => {
  it('applies exactly the accepted hunks and files, and says what was applied and rejected', async () => {
    const { root, proposal } = await setup();
    const result = await applyReviewDecision(root, proposal, {
      'a.txt': [1],
      'new.txt': 'accept',
      'moved.txt': 'accept',
      'del.txt': 'reject',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(read(root, 'a.txt')).toBe(lines(30).replace('l25\n', 'TWENTY-FIVE\n'));
    expect(read(root, 'new.txt')).toBe('hello\n');
    expect(read(root, 'moved.txt')).toBe('x\nz\n');
    expect(fs.existsSync(path.join(root, 'old.txt'))).toBe(false);
    expect(read(root, 'del.txt')).toBe('bye\n');
    const a = result.files.find((f) => f.path === 'a.txt')!;
    expect(a.status).toBe('partial');
    expect(a.applied.map((h) => h.index)).toEqual([1]);
    expect(a.rejected).toEqual([{ index: 0, text: '@@ -1,6 +1,6 @@\n l0\n l1\n-l2\n+TWO\n l3\n l4\n l5\n' }]);
    expect(result.files.find((f) => f.path === 'del.txt')).toMatchObject({ status: 'rejected', applied: [] });
    expect(result.files.find((f) => f.path === 'moved.txt')).toMatchObject({ status: 'applied', oldPath: 'old.txt' });
  });

  it('writes nothing at all when a file was edited after the proposal', async () => {
    const { root, proposal } = await setup();
    fs.appendFileSync(path.join(root, 'a.txt'), 'edited by a person\n');
    const result = await applyReviewDecision(root, proposal, { 'a.txt': 'accept', 'new.txt': 'accept' });
    expect(result).toMatchObject({ ok: false, reason: 'conflict', conflicts: [{ path: 'a.txt' }] });
    expect(fs.existsSync(path.join(root, 'new.txt'))).toBe(false);
    expect(read(root, 'a.txt')).toBe(lines(30) + 'edited by a person\n');
  });

  it('ignores edits to files whose changes are all rejected', async () => {
    const { root, proposal } = await setup();
    fs.appendFileSync(path.join(root, 'a.txt'), 'edited\n');
    const result = await applyReviewDecision(root, proposal, { 'a.txt': 'reject', 'new.txt': 'accept' });
    expect(result.ok).toBe(true);
    expect(read(root, 'new.txt')).toBe('hello\n');
  });

  it('refuses, writing nothing, when accepted hunks no longer apply to their file', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.txt': lines(10), 'b.txt': 'b\n' });
    const good = proposeFile({ path: 'b.txt', before: Buffer.from('b\n'), after: Buffer.from('B\n') });
    const stale = proposeFile({
      path: 'a.txt',
      before: Buffer.from(lines(10)),
      after: Buffer.from(lines(10).replace('l5', 'L5')),
    });
    stale.change.hunks[0].lines[3] = { marker: '-', text: 'not there', eol: 'lf' }; // a proposal that lies about its file
    const proposal: Proposal = { files: [good, stale] };
    const result = await applyReviewDecision(root, proposal, { 'b.txt': 'accept', 'a.txt': [0] });
    expect(result).toMatchObject({
      ok: false,
      reason: 'stale',
      error: expect.stringMatching(/Hunk 0 of a\.txt no longer applies.*Nothing was written/s),
    });
    expect(read(root, 'b.txt')).toBe('b\n');
  });

  it('takes binary files whole, and refuses hunk picks on them', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'x.bin'), Buffer.from([0, 1]));
    const proposal: Proposal = {
      files: [proposeFile({ path: 'x.bin', before: Buffer.from([0, 1]), after: Buffer.from([0, 2, 3]) })],
    };
    expect(await applyReviewDecision(root, proposal, { 'x.bin': [0] })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await applyReviewDecision(root, proposal, { 'x.bin': 'accept' })).toMatchObject({
      ok: true,
      files: [{ status: 'applied' }],
    });
    expect(fs.readFileSync(path.join(root, 'x.bin'))).toEqual(Buffer.from([0, 2, 3]));
  });

  it('keeps CRLF and latin-1 bytes outside the accepted hunk', async () => {
    const root = tempDir();
    const before = Buffer.from(Array.from({ length: 20 }, (_, i) => `r\xe9${i}\r\n`).join('') + 'end', 'latin1');
    fs.writeFileSync(path.join(root, 'w.txt'), before);
    const after = Buffer.from(
      before.toString('latin1').replace('r\xe92\r\n', 'two\r\n').replace('end', 'END\n'),
      'latin1',
    );
    const proposal: Proposal = { files: [proposeFile({ path: 'w.txt', before, after })] };
    expect(proposal.files[0].change.hunks).toHaveLength(2);
    expect((await applyReviewDecision(root, proposal, { 'w.txt': [1] })).ok).toBe(true);
    expect(fs.readFileSync(path.join(root, 'w.txt'))).toEqual(
      Buffer.from(before.toString('latin1').replace('end', 'END\n'), 'latin1'),
    );
  });

  it('refuses paths outside the root', async () => {
    const root = tempDir();
    const proposal: Proposal = { files: [proposeFile({ path: '../evil.txt', before: null, after: Buffer.from('x') })] };
    expect(await applyReviewDecision(root, proposal, { '../evil.txt': 'accept' })).toMatchObject({
      ok: false,
      reason: 'invalid',
      error: expect.stringContaining('outside the working tree'),
    });
    expect(fs.existsSync(path.join(root, '..', 'evil.txt'))).toBe(false);
  });
});

describe('proposeFromPatch scope', () => {
  it("honours the apply_patch engine's read-only paths and keeps proposals inside the root", async () => {
    const root = tempDir();
    writeFiles(root, { 'sub/a.txt': 'a\n', 'locked/b.txt': 'b\n', 'out.txt': 'o\n' });
    const add = (p: string) => `*** Begin Patch\n*** Add File: ${p}\n+x\n*** End Patch`;
    expect(
      await proposeFromPatch(root, add('locked/c.txt'), { readOnlyPaths: [path.join(root, 'locked')] }),
    ).toMatchObject({ ok: false });
    expect(await proposeFromPatch(path.join(root, 'sub'), add('../out2.txt'), { writableRoots: [root] })).toMatchObject(
      { ok: false, error: expect.stringContaining('must stay inside') },
    );
    expect(await proposeFromPatch(path.join(root, 'sub'), add('new.txt'))).toMatchObject({
      ok: true,
      proposal: { files: [{ change: { path: 'new.txt', kind: 'added' } }] },
    });
  });
});
