import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfinedFs } from './confined-fs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A workspace and a folder beside it standing for everything outside. */
function world() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'confined-')));
  made.push(base);
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'x'), { recursive: true });
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, '.git', 'config'), '[core]\n');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, '.bashrc'), 'original\n');
  return { root, outside };
}

const list = (dir: string) => fs.readdirSync(dir).sort();

/** A process of its own (as a sandboxed shell would be) swapping root/x for a symlink and back, printing its count. */
const SWAPPER = `
const fs = require('fs'); const p = require('path'); const root = process.argv[1];
const x = p.join(root, 'x'), real = p.join(root, 'x-real'), link = p.join(root, 'x-link');
let n = 0;
for (;;) {
  try { fs.renameSync(x, real); fs.renameSync(link, x); fs.renameSync(x, link); fs.renameSync(real, x); n++; } catch {}
  if (n % 200 === 0) process.stdout.write(n + '\\n');
}`;

describe('ConfinedFs', () => {
  it('writes, replaces keeping the mode, and deletes inside the root', async () => {
    const { root } = world();
    const cfs = await ConfinedFs.create({ roots: [root] });
    await cfs.mkdir(path.join(root, 'x', 'y'));
    await cfs.writeFile(path.join(root, 'x', 'y', 'a.txt'), 'one');
    fs.chmodSync(path.join(root, 'x', 'y', 'a.txt'), 0o751);
    await cfs.writeFile(path.join(root, 'x', 'y', 'a.txt'), 'two');
    expect(fs.readFileSync(path.join(root, 'x', 'y', 'a.txt'), 'utf8')).toBe('two');
    expect(fs.statSync(path.join(root, 'x', 'y', 'a.txt')).mode & 0o777).toBe(0o751);
    expect(list(path.join(root, 'x', 'y'))).toEqual(['a.txt']);
    await cfs.unlink(path.join(root, 'x', 'y', 'a.txt'));
    expect(list(path.join(root, 'x', 'y'))).toEqual([]);
  });

  it('refuses a path through a symlinked folder, even one leading inside the root', async () => {
    const { root, outside } = world();
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(root, 'x'), path.join(root, 'alias'));
    const cfs = await ConfinedFs.create({ roots: [root] });
    await expect(cfs.writeFile(path.join(root, 'out', '.bashrc'), 'pwned')).rejects.toThrow(
      /symlink stands on its path/,
    );
    await expect(cfs.writeFile(path.join(root, 'alias', 'f'), 'f')).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(cfs.unlink(path.join(root, 'out', '.bashrc'))).rejects.toMatchObject({ code: 'ELOOP' });
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('original\n');
    expect(list(path.join(root, 'x'))).toEqual([]);
  });

  it('replaces a symlink planted at the file itself instead of writing through it', async () => {
    const { root, outside } = world();
    fs.symlinkSync(path.join(outside, '.bashrc'), path.join(root, 'last.md'));
    const cfs = await ConfinedFs.create({ roots: [root] });
    await cfs.writeFile(path.join(root, 'last.md'), 'answer');
    expect(fs.lstatSync(path.join(root, 'last.md')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(root, 'last.md'), 'utf8')).toBe('answer');
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('original\n');
  });

  it('reads neither through a symlink nor from outside the roots', async () => {
    const { root, outside } = world();
    fs.symlinkSync(path.join(outside, '.bashrc'), path.join(root, 'secret'));
    const cfs = await ConfinedFs.create({ roots: [root] });
    await expect(cfs.readFile(path.join(root, 'secret'))).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(cfs.readFile(path.join(outside, '.bashrc'))).rejects.toMatchObject({ code: 'EXDEV' });
    expect((await cfs.lstat(path.join(root, 'secret')))?.isSymbolicLink()).toBe(true);
    expect(await cfs.lstat(path.join(root, 'nothing', 'here'))).toBeNull();
  });

  it('refuses .git and .trellis by name, and read-only places by their real location', async () => {
    const { root } = world();
    fs.mkdirSync(path.join(root, 'home'));
    const cfs = await ConfinedFs.create({ roots: [root], readOnly: [path.join(root, 'home')] });
    await expect(cfs.writeFile(path.join(root, '.git', 'config'), 'x')).rejects.toThrow(/\.git stays read-only/);
    await expect(cfs.writeFile(path.join(root, 'sub', '.git'), 'gitdir: /elsewhere')).rejects.toThrow(
      /\.git stays read-only/,
    );
    await expect(cfs.mkdir(path.join(root, '.trellis'))).rejects.toThrow(/\.trellis stays read-only/);
    await expect(cfs.writeFile(path.join(root, 'home', 'config.toml'), 'x')).rejects.toThrow(/home stays read-only/);
    expect(fs.readFileSync(path.join(root, '.git', 'config'), 'utf8')).toBe('[core]\n');
    expect(list(path.join(root, 'home'))).toEqual([]);
    // Nor read: a deny-read place inside a root is read-only to confined-fs too.
    fs.writeFileSync(path.join(root, 'home', 'secret'), 'key');
    await expect(cfs.readFile(path.join(root, 'home', 'secret'))).rejects.toThrow(/home is off limits/);
  });

  it('refuses paths outside every root and bad paths with one sentence', async () => {
    const { root, outside } = world();
    const cfs = await ConfinedFs.create({ roots: [root] });
    await expect(cfs.writeFile(path.join(outside, 'f'), 'x')).rejects.toThrow(/outside the writable roots/);
    await expect(cfs.writeFile(path.join(root, 'x', '..', '..', 'outside', 'f'), 'x')).rejects.toThrow(
      /outside the writable roots/,
    );
    await expect(cfs.writeFile(`${root}/a\0b`, 'x')).rejects.toThrow(/not a usable path/);
    await expect(cfs.writeFile(root, 'x')).rejects.toThrow(/outside the writable roots/);
    expect(list(outside)).toEqual(['.bashrc']);
  });

  /** Races `write` `tries` times (or until `until()`) against another process swapping `x` between a real folder and a symlink to `outside`. */
  async function race(
    root: string,
    outside: string,
    write: (file: string, i: number) => Promise<unknown>,
    tries = 400,
    until = () => false,
  ) {
    const x = path.join(root, 'x');
    fs.mkdirSync(path.join(root, 'x-real'));
    fs.symlinkSync(outside, path.join(root, 'x-link'));
    const swapper = spawn(process.execPath, ['-e', SWAPPER, root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let swaps = '';
    swapper.stdout.on('data', (chunk: Buffer) => (swaps = chunk.toString().trim().split('\n').pop() ?? swaps));
    await new Promise((resolve) => swapper.stdout.once('data', resolve));
    let refused = 0;
    for (let i = 0; i < tries && !until(); i++) await write(path.join(x, '.bashrc'), i).catch(() => refused++);
    swapper.kill();
    await new Promise((resolve) => swapper.once('exit', resolve));
    return { swaps: Number(swaps), refused };
  }

  it('never writes outside while a folder is swapped for a symlink in a loop', async () => {
    const { root, outside } = world();
    const cfs = await ConfinedFs.create({ roots: [root] });
    const { swaps, refused } = await race(root, outside, (file, i) => cfs.writeFile(file, `pwned ${i}\n`));
    expect(swaps).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(0);
    expect(list(outside)).toEqual(['.bashrc']);
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('original\n');
  });

  it('the same race is lost by a writer that checks the path first (so the race above can catch an escape)', async () => {
    const { root, outside } = world();
    const checkThenWrite = async (file: string, i: number) => {
      const real = await fs.promises.realpath(path.dirname(file));
      if (!real.startsWith(root)) throw new Error('outside');
      await fs.promises.writeFile(file, `pwned ${i}\n`);
    };
    const escaped = () => fs.readFileSync(path.join(outside, '.bashrc'), 'utf8') !== 'original\n';
    await race(root, outside, checkThenWrite, 5000, escaped);
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toMatch(/^pwned/);
  });
});

describe('ConfinedFs, path-by-path walk (macOS and Windows have no /proc/self/fd; the race window there remains)', () => {
  it('refuses symlinked folders and .git, and replaces a planted link at the name', async () => {
    const { root, outside } = world();
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(outside, '.bashrc'), path.join(root, 'last.md'));
    const cfs = await ConfinedFs.create({ roots: [root], walk: 'lstat' });
    await expect(cfs.writeFile(path.join(root, 'out', '.bashrc'), 'pwned')).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(cfs.writeFile(path.join(root, '.git', 'config'), 'x')).rejects.toThrow(/\.git stays read-only/);
    await cfs.writeFile(path.join(root, 'last.md'), 'answer');
    await cfs.mkdir(path.join(root, 'x', 'y'));
    await cfs.writeFile(path.join(root, 'x', 'y', 'f'), 'f');
    expect(fs.readFileSync(path.join(root, 'x', 'y', 'f'), 'utf8')).toBe('f');
    expect(fs.lstatSync(path.join(root, 'last.md')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('original\n');
  });
});
