import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from './output-file';

function world() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'output-file-')));
  const workspace = path.join(base, 'ws');
  const home = path.join(base, 'home');
  fs.mkdirSync(workspace);
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.bashrc'), 'original\n');
  return { base, workspace, home };
}

describe('writeOutputFile', () => {
  it('replaces a symlink planted at the name instead of writing through it', async () => {
    const { workspace, home } = world();
    fs.symlinkSync(path.join(home, '.bashrc'), path.join(workspace, 'last.md'));
    await writeOutputFile(path.join(workspace, 'last.md'), 'the answer\n', { workspace });
    expect(fs.lstatSync(path.join(workspace, 'last.md')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(workspace, 'last.md'), 'utf8')).toBe('the answer\n');
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('original\n');
  });

  it('refuses a symlinked folder on the way inside the workspace', async () => {
    const { workspace, home } = world();
    fs.symlinkSync(home, path.join(workspace, 'out'));
    await expect(writeOutputFile(path.join(workspace, 'out', '.bashrc'), 'pwned', { workspace })).rejects.toThrow(
      /symlink stands on its path/,
    );
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('original\n');
  });

  it('writes a file outside the workspace, replacing a link there too, and says when its folder is missing', async () => {
    const { base, workspace, home } = world();
    fs.symlinkSync(path.join(home, '.bashrc'), path.join(base, 'report.md'));
    await writeOutputFile(path.join(base, 'report.md'), 'r', { workspace });
    expect(fs.readFileSync(path.join(base, 'report.md'), 'utf8')).toBe('r');
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('original\n');
    await expect(writeOutputFile(path.join(base, 'nowhere', 'x.md'), 'x', { workspace })).rejects.toThrow(
      /does not exist/,
    );
  });
});
