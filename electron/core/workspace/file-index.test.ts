import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import { listWorkspaceFiles } from './file-index';

describe('the files offered for @ mentions', () => {
  it("in a git repository: tracked and untracked files, never ignored ones or git's own", async () => {
    const root = fs.realpathSync(tempRepo({ '.gitignore': 'dist/\n', 'src/app.ts': 'a', 'README.md': 'r' }));
    writeFiles(root, { 'src/new.ts': 'n', 'dist/app.js': 'built' });
    expect(await listWorkspaceFiles(root, true)).toEqual({
      files: ['.gitignore', 'README.md', 'src/app.ts', 'src/new.ts'],
      truncated: false,
    });
  });

  it('without git: a walk that skips node_modules and follows no link, cut at the cap and saying so', async () => {
    const root = fs.realpathSync(tempDir());
    const outside = tempDir();
    writeFiles(root, { 'a.txt': 'a', 'lib/b.txt': 'b', 'node_modules/x/index.js': 'x' });
    writeFiles(outside, { 'secret.txt': 's' });
    fs.symlinkSync(outside, path.join(root, 'linked'));
    expect(await listWorkspaceFiles(root, false)).toEqual({ files: ['a.txt', 'lib/b.txt'], truncated: false });
    expect(await listWorkspaceFiles(root, false, 1)).toEqual({ files: ['a.txt'], truncated: true });
  });
});
