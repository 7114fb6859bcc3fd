import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { describeFsError, resolveFolder } from './resolve-folder';

describe('resolveFolder', () => {
  it('accepts an absolute path or a file:// URI and returns the real path', async () => {
    const dir = tempDir();
    const withSpace = path.join(dir, 'my repo ü');
    fs.mkdirSync(withSpace);
    fs.symlinkSync(withSpace, path.join(dir, 'link'));
    expect(await resolveFolder(withSpace)).toBe(withSpace);
    expect(await resolveFolder(pathToFileURL(withSpace).href)).toBe(withSpace);
    expect(await resolveFolder(path.join(dir, 'link'))).toBe(withSpace);
  });

  it('explains each kind of bad path in a sentence', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'file.txt'), 'x');
    await expect(resolveFolder(path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'not-found',
      message: `There is no folder at ${path.join(dir, 'missing')}.`,
    });
    await expect(resolveFolder(path.join(dir, 'file.txt'))).rejects.toMatchObject({
      code: 'not-a-folder',
      message: expect.stringMatching(/is a file, not a folder/),
    });
    await expect(resolveFolder('relative/path')).rejects.toMatchObject({
      code: 'invalid-path',
      message: expect.stringMatching(/not an absolute path/),
    });
    await expect(resolveFolder('file://remote-host/share')).rejects.toMatchObject({ code: 'invalid-path' });
  });

  it('maps permission errors to "cannot read"', () => {
    // Root reads everything, so an EACCES cannot be produced on disk here; the mapping is what matters.
    const err = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    expect(describeFsError(err, '/secret')).toMatchObject({
      code: 'unreadable',
      message: 'Trellis cannot read /secret: permission denied.',
    });
  });

  it.skipIf(process.getuid?.() === 0)(
    'refuses a folder it may not read (skipped as root, who may read anything)',
    async () => {
      const dir = tempDir();
      const locked = path.join(dir, 'locked');
      fs.mkdirSync(locked, { mode: 0o000 });
      await expect(resolveFolder(locked)).rejects.toMatchObject({ code: 'unreadable' });
    },
  );
});
