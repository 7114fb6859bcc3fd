import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { readWorkspaceFile } from './read-file';

describe('readWorkspaceFile', () => {
  it('reads a file up to the cap, says it was cut, and refuses a folder or a link out', async () => {
    const root = fs.realpathSync(tempDir());
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret'), 'SECRET\n');
    fs.writeFileSync(path.join(root, 'a.txt'), 'hello world\n');
    fs.mkdirSync(path.join(root, 'dir'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'link'));
    expect(await readWorkspaceFile(root, 'a.txt')).toEqual({
      path: 'a.txt',
      size: 12,
      binary: false,
      text: 'hello world\n',
      truncated: false,
    });
    expect(await readWorkspaceFile(root, 'a.txt', 5)).toMatchObject({ size: 12, text: 'hello', truncated: true });
    await expect(readWorkspaceFile(root, 'dir')).rejects.toThrow('dir is not a file.');
    await expect(readWorkspaceFile(root, 'link')).rejects.toThrow(/outside the workspace/);
  });
});
