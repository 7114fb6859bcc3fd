import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempRepo } from '../testing/temp-repo';
import { describeFlagged, flagLargeOrBinary } from './large-files';

const KB = 1024;

describe('flagLargeOrBinary', () => {
  it('flags files the change adds or grows past the limit, and new binary files; not small text, deletions or renames of old binaries', async () => {
    const repo = tempRepo({ 'keep.txt': 'k\n', 'gone.txt': 'g\n', 'old.bin': 'a\0b' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(repo, 'dump.sql'), 'x'.repeat(3 * KB));
    fs.writeFileSync(path.join(repo, 'tool'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    fs.writeFileSync(path.join(repo, 'keep.txt'), 'y'.repeat(2 * KB + 1));
    fs.writeFileSync(path.join(repo, 'small.ts'), 'export {};\n');
    fs.rmSync(path.join(repo, 'gone.txt'));
    fs.mkdirSync(path.join(repo, 'bin'));
    git(repo, 'mv', 'old.bin', 'bin/old.bin');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'task');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    const flagged = await flagLargeOrBinary(repo, base, head, 2 * KB);
    expect(flagged.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'dump.sql', bytes: 3 * KB, large: true, binary: false },
      { path: 'keep.txt', bytes: 2 * KB + 1, large: true, binary: false },
      { path: 'tool', bytes: 7, large: false, binary: true },
    ]);
  });

  it('finds nothing in a change of small text files, and names file, size and limit in its line', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(repo, 'a.txt'), 'b\n');
    git(repo, 'commit', '-qam', 'x');
    expect(await flagLargeOrBinary(repo, base, 'HEAD', KB)).toEqual([]);
    expect(describeFlagged({ path: 'data.bin', bytes: 300 * KB * KB, large: true, binary: true }, 5 * KB * KB)).toBe(
      'data.bin: 300 MB, over the 5 MB limit ([crew] max_added_file_kb); a new binary file',
    );
    expect(describeFlagged({ path: 'logo.png', bytes: 1536, large: false, binary: true }, 5 * KB * KB)).toBe(
      'logo.png: a new binary file (1.5 KB)',
    );
  });
});
