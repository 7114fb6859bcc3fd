import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTrellisServer } from './support/trellis-server';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const trellis = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/trellis.js', ...args], { encoding: 'utf8', timeout: 20_000 });

test('trellis --version and --help', () => {
  const version = trellis('--version');
  expect(version.status).toBe(0);
  expect(version.stdout.trim()).toBe(pkg.version);
  const help = trellis('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: trellis');
  expect(help.stdout).toContain('serve');
  expect(pkg.bin.trellis).toBe('bin/trellis.js');
});

test('trellis with an unknown command or bad option exits 2 with a reason', () => {
  const unknown = trellis('frobnicate');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  const badPort = trellis('serve', '--port', 'many');
  expect(badPort.status).toBe(2);
  expect(badPort.stderr).toMatch(/a port is a whole number/);
});

test('trellis serve DIR refuses a folder that is not there, in one line', () => {
  const result = trellis('serve', '/definitely/not/here');
  expect(result.status).toBe(2);
  expect(result.stderr.trim()).toBe('trellis serve: There is no folder at /definitely/not/here.');
});

test('trellis serve DIR opens DIR in the workbench', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-serve-dir-'));
  fs.writeFileSync(path.join(dir, 'from-cli.txt'), 'hi\n');
  const server = await startTrellisServer([dir]);
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'from-cli.txt' })).toBeVisible();
    expect(page.url()).toBe(`${server.origin}/`); // the token left the address bar
  } finally {
    await server.stop();
  }
});
