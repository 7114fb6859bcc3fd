import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { git, makeRepo } from './support/git-repo';
import { startTrellisServer, type TrellisServer } from './support/trellis-server';
import { dropFolder } from './support/drop-folder';

// The window converges on what is on disk: folders made after the repository was opened are followed
// (inotify watches folder by folder), and a subfolder of a repository names its changes as its file views do.

let server: TrellisServer;

test.beforeAll(async () => {
  server = await startTrellisServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const TASKS = (a: string, b: string) => `# Implementation Plan

## Tasks

- [${a}] 1. Write the exporter
- [${b}] 2. Wire the button
  - _Depends: 1_
`;

test('a spec written on disk with nested folders, in a repository opened without .kiro, shows up and stays current', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# todo\n' });
  await page.goto(await server.nextUrl());
  await dropFolder(page, repo);
  await expect(page.getByRole('tree', { name: 'File tree' })).toBeVisible();

  // As an agent or a crew merge would: the whole folder chain at once, then the documents.
  const spec = path.join(repo, '.kiro/specs/todo-export');
  fs.mkdirSync(spec, { recursive: true });
  fs.writeFileSync(path.join(spec, 'requirements.md'), '# Requirements Document\n');
  fs.writeFileSync(path.join(spec, 'tasks.md'), TASKS(' ', ' '));

  const specPane = page.getByRole('region', { name: 'Spec', exact: true });
  const specItem = specPane.getByRole('list', { name: 'Spec list' }).getByRole('button', { name: /todo-export/ });
  await expect(specItem).toBeVisible();
  await specItem.click();
  const graph = page.getByRole('region', { name: 'Task graph of todo-export' });
  const node = (name: string) => graph.getByRole('button', { name, exact: true });
  await expect(node('Task 1: Write the exporter, to do')).toBeVisible();

  // Later edits inside the folder made after opening still reach the window, one after another.
  fs.writeFileSync(path.join(spec, 'tasks.md'), TASKS('x', ' '));
  await expect(node('Task 1: Write the exporter, done')).toBeVisible();
  fs.writeFileSync(path.join(spec, 'tasks.md'), TASKS('x', 'x'));
  await expect(node('Task 2: Wire the button, done')).toBeVisible();
  await expect(specItem).toContainText('2/2 done');

  // A second spec made the same way, once .kiro exists.
  fs.mkdirSync(path.join(repo, '.kiro/specs/csv-import/notes'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.kiro/specs/csv-import/tasks.md'), TASKS(' ', ' '));
  await expect(
    specPane.getByRole('list', { name: 'Spec list' }).getByRole('button', { name: /csv-import/ }),
  ).toBeVisible();
});

test('a subfolder of a repository: the changes list names files as the tree does, and staging above it shows', async ({
  page,
}) => {
  const repo = makeRepo({ 'top.txt': 't\n', 'pkg/src/a.ts': 'export const a = 1;\n' });
  fs.writeFileSync(path.join(repo, 'top.txt'), 'changed outside the opened folder\n');
  fs.writeFileSync(path.join(repo, 'pkg/src/a.ts'), 'export const a = 2;\n');
  await page.goto(await server.nextUrl());
  await dropFolder(page, path.join(repo, 'pkg'));
  await expect(page.getByRole('tree', { name: 'File tree' })).toBeVisible();

  const changes = page.getByRole('list', { name: 'Changed files' });
  const row = changes.getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('src/a.ts');
  await expect(row).not.toContainText('pkg/');
  await row.click();
  await expect(page.getByTestId('file-viewer-editor')).toContainText('export const a = 2;');

  // Staging from the repository's top changes only the .git above the opened folder.
  git(repo, 'add', 'pkg/src/a.ts');
  await expect(row.getByTitle('staged')).toBeVisible();
  git(repo, 'commit', '-qm', 'a = 2');
  await expect(page.getByText('No changes: the working tree matches HEAD.')).toBeVisible();
});
