import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { git, makeRepo } from './support/git-repo';
import { startTrellisServer, type TrellisServer } from './support/trellis-server';
import { dropFolder } from './support/drop-folder';
import { labelInNameMismatches } from './support/accessible-names';

let server: TrellisServer;

/** The pane layout in the Trellis home's state.json, as the workbench last saved it (null before the first save). */
function savedLayout(home: string): { collapsed: string[] } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(home, 'state.json'), 'utf8')).layout ?? null;
  } catch {
    return null; // not written yet
  }
}

test.beforeAll(async () => {
  server = await startTrellisServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('drop a repository: the tree, the branch and the changed file are shown', async ({ page }) => {
  const repo = makeRepo({
    'README.md': '# demo\n',
    'src/app.ts': 'export const x = 1;\n',
    'src/util/strings.ts': 'export {};\n',
  });
  git(repo, 'checkout', '-q', '-b', 'feature/login');
  fs.appendFileSync(path.join(repo, 'src/app.ts'), 'export const y = 2;\n');
  fs.writeFileSync(path.join(repo, 'notes.txt'), 'new\n');
  const indexBefore = fs.statSync(path.join(repo, '.git/index')).mtimeMs;

  await page.goto(await server.nextUrl());
  await expect(page.getByText('Drop a repository here')).toBeVisible();
  expect(await labelInNameMismatches(page)).toEqual([]);
  await dropFolder(page, repo);

  const tree = page.getByRole('tree', { name: 'File tree' });
  await expect(tree.getByRole('treeitem', { name: 'src' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  await expect(page.getByLabel('Current branch')).toHaveText(/feature\/login/);
  const changes = page.getByRole('list', { name: 'Changed files' });
  await expect(changes.getByRole('listitem').filter({ hasText: 'src/app.ts' })).toBeVisible();
  await expect(changes.getByRole('listitem').filter({ hasText: 'notes.txt' })).toBeVisible();

  // Folders open lazily.
  await tree.getByRole('treeitem', { name: 'src' }).click();
  await expect(tree.getByRole('treeitem', { name: 'util' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'app.ts' })).toBeVisible();

  fs.mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/workbench-repository.png' });
  // Every control's name contains the words it shows, New spec's form included.
  await page.getByRole('button', { name: 'New spec' }).click();
  expect(await labelInNameMismatches(page)).toEqual([]);

  // Opening read everything and wrote nothing: git's index is untouched.
  expect(fs.statSync(path.join(repo, '.git/index')).mtimeMs).toBe(indexBefore);
});

test('changes on disk show up without a reload', async ({ page }) => {
  const repo = makeRepo({ 'a.txt': 'a\n' });
  await page.goto(await server.nextUrl());
  await dropFolder(page, repo);
  await expect(page.getByText('No changes: the working tree matches HEAD.')).toBeVisible();

  fs.writeFileSync(path.join(repo, 'b.txt'), 'b\n');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
  const changes = page.getByRole('list', { name: 'Changed files' });
  await expect(changes.getByRole('listitem').filter({ hasText: 'b.txt' })).toBeVisible();
  await expect(changes.getByRole('listitem').filter({ hasText: 'a.txt' })).toBeVisible();
  await expect(page.getByRole('tree', { name: 'File tree' }).getByRole('treeitem', { name: 'b.txt' })).toBeVisible();

  git(repo, 'checkout', '-q', '-b', 'renamed-branch');
  await expect(page.getByLabel('Current branch')).toHaveText(/renamed-branch/);
});

test('a bad path explains itself; a plain folder opens with git off and can be initialised', async ({ page }) => {
  await page.goto(await server.nextUrl());
  await page.getByLabel('Folder path').fill('/no/such/folder');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/There is no folder at \/no\/such\/folder/);

  const repo = makeRepo({ 'x.txt': 'x\n' });
  await page.getByLabel('Folder path').fill(path.join(repo, 'x.txt'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/is a file, not a folder/);

  const plain = fs.mkdtempSync(path.join(path.dirname(repo), 'plain-'));
  fs.writeFileSync(path.join(plain, 'hello.txt'), 'hi\n');
  await page.getByLabel('Folder path').fill(plain);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByText('not a git repository', { exact: true })).toBeVisible();
  expect(fs.existsSync(path.join(plain, '.git'))).toBe(false);
  await page.getByRole('button', { name: 'Initialise a git repository' }).click();
  await expect(page.getByLabel('Current branch')).toBeVisible();
  expect(fs.existsSync(path.join(plain, '.git'))).toBe(true);
});

test('recent repositories and the pane layout are remembered', async ({ page }) => {
  const repo = makeRepo({ 'r.txt': 'r\n' }, 'remembered-repo');
  await page.goto(await server.nextUrl());
  await dropFolder(page, repo);
  await expect(page.getByRole('tree', { name: 'File tree' })).toBeVisible();
  await page.getByRole('button', { name: 'Collapse Subagents' }).click();
  await expect(page.getByRole('button', { name: 'Expand Subagents' })).toBeVisible();
  await page.getByRole('button', { name: 'Close folder' }).click();

  // The layout is saved after a short debounce: reload once the workbench has saved it.
  await expect.poll(() => savedLayout(server.home)?.collapsed).toContain('subagents');
  await page.reload(); // the page session in sessionStorage lets a reload back in
  await expect(
    page.getByRole('region', { name: 'Recent repositories' }).getByText('remembered-repo', { exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Expand Subagents' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/workbench-welcome.png' });

  await page.getByRole('region', { name: 'Recent repositories' }).getByText('remembered-repo', { exact: true }).click();
  await expect(page.getByRole('tree', { name: 'File tree' }).getByRole('treeitem', { name: 'r.txt' })).toBeVisible();
  await page.getByRole('button', { name: 'Expand Subagents' }).click();
  await expect(page.getByRole('button', { name: 'Collapse Subagents' })).toBeVisible();
});

test('a file opens read-only in the bundled Monaco editor', async ({ page }) => {
  const repo = makeRepo({ 'hello.ts': 'export const greeting = "hello from trellis";\n' });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(await server.nextUrl());
  await dropFolder(page, repo);
  await page.getByRole('tree', { name: 'File tree' }).getByRole('treeitem', { name: 'hello.ts' }).click();
  await expect(page.getByTestId('file-viewer-editor')).toContainText('hello from trellis');
  await page.screenshot({ path: 'e2e/screenshots/workbench-file.png' });
  expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
});
