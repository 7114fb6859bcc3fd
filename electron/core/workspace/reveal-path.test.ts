import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { revealCommand, revealInFileManager } from './reveal-path';

const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

describe('revealCommand', () => {
  it('selects the file on macOS and Windows, opens its folder with xdg-open elsewhere', () => {
    expect(revealCommand('darwin', '/r/a.png', false)).toEqual({ command: 'open', args: ['-R', '/r/a.png'] });
    expect(revealCommand('win32', 'C:\\r\\a.png', false)).toEqual({
      command: 'explorer.exe',
      args: ['/select,C:\\r\\a.png'],
    });
    expect(revealCommand('linux', '/r/assets/a.png', false)).toEqual({ command: 'xdg-open', args: ['/r/assets'] });
    expect(revealCommand('linux', '/r/assets', true)).toEqual({ command: 'xdg-open', args: ['/r/assets'] });
  });
});

describe.skipIf(process.platform !== 'linux')('revealInFileManager', () => {
  it('runs the file manager on the folder, or on the nearest folder that still exists', async () => {
    const bin = tempDir();
    const log = path.join(bin, 'log');
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" >> ${log}\n`, { mode: 0o755 });
    process.env.PATH = `${bin}:${PATH}`;
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets/a.png'), 'x');
    await revealInFileManager(path.join(root, 'assets/a.png'));
    await revealInFileManager(path.join(root, 'gone/deeper/b.png'));
    await expect
      .poll(() => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''))
      .toBe(`${path.join(root, 'assets')}\n${root}\n`);
  });

  it('says so when there is no file manager, and where the file is', async () => {
    process.env.PATH = tempDir();
    const root = tempDir();
    await expect(revealInFileManager(root)).rejects.toThrow(`xdg-open is not installed. It is at ${root}`);
  });
});
