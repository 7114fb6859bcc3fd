import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { startTrellisServer, type TrellisServer } from './support/trellis-server';
import { dropFolder } from './support/drop-folder';
import { expectAccessible } from './support/axe';

let server: TrellisServer;

test.beforeAll(async () => {
  server = await startTrellisServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const SPEC = '.kiro/specs/todo-export';

const REQUIREMENTS = `# Requirements Document

## Introduction

Users can export their todo list to a file.

## Glossary

- **Export_Service**: the component that turns todos into files.

## Requirements

### Requirement 1: CSV export

**User Story:** As a user, I want to export my todos as CSV, so that I can open them in a spreadsheet.

#### Acceptance Criteria

1. WHEN the user selects "Export as CSV", THE Export_Service SHALL write one row per visible todo.
2. The file should probably be UTF-8 most of the time

### Requirement 2: Export button

**User Story:** As a user, I want an Export button, so that I can find the export.

#### Acceptance Criteria

1. WHEN the user clicks Export, THE Export_Service SHALL start an export.
`;
const NON_EARS_LINE = 20;

const DESIGN = `# Design Document

## Overview

The Export_Service writes CSV through a small exporter interface.

## Components

- \`Exporter\`: \`export(todos): Buffer\`
`;

const TASKS = `# Implementation Plan: Todo export

## Tasks

- [x] 1. Define the exporter interface
  - _Requirements: 1.1_
- [-] 2. Implement the CSV exporter
  - _Depends: 1_
  - [x] 2.1 Write rows with RFC 4180 quoting
    - Quote fields containing commas, quotes or newlines
    - _Requirements: 1.1, 1.2_
  - [ ]* 2.2 Write a property test for the CSV round trip
    - _Requirements: 1.1_
- [ ] 3. Wire the Export button to the exporter
  - _Depends: 2_
  - _Requirements: 2.1_
`;

test('a spec in the window: documents with lint markers, the task graph live from disk, a new spec through the UI', async ({
  page,
}) => {
  const repo = makeRepo({
    'README.md': '# todo\n',
    [`${SPEC}/requirements.md`]: REQUIREMENTS,
    [`${SPEC}/design.md`]: DESIGN,
    [`${SPEC}/tasks.md`]: TASKS,
  });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(await server.nextUrl());
  await dropFolder(page, repo);
  await expect(page.getByRole('tree', { name: 'File tree' })).toBeVisible();
  // Room for the two panes this journey is about.
  await page.getByRole('button', { name: 'Collapse Subagents' }).click();
  await page.getByRole('button', { name: 'Collapse Review changes' }).click();

  // The spec is listed and opened, with its three documents as tabs.
  const specPane = page.getByRole('region', { name: 'Spec', exact: true });
  const specItem = specPane.getByRole('list', { name: 'Spec list' }).getByRole('button', { name: /todo-export/ });
  await expect(specItem).toBeVisible();
  await expect(specItem).toHaveAttribute('aria-current', 'true');
  await expect(specItem).toContainText('2/5 done');
  const tabs = specPane.getByRole('tablist', { name: 'Spec documents' });
  await expect(tabs.getByRole('tab')).toHaveText(['Requirements1', 'Design', 'Tasks']);
  await expect(tabs.getByRole('tab', { name: /Requirements/ })).toHaveAttribute('aria-selected', 'true');

  // The non-EARS criterion carries a Monaco marker on its line, and is listed under Problems.
  const editor = specPane.getByTestId('spec-editor');
  await expect(editor).toContainText('Export_Service SHALL write one row per visible todo');
  const problem = specPane.getByRole('list', { name: 'Problems' }).getByRole('listitem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText(`line ${NON_EARS_LINE}`);
  await expect(problem).toContainText('follows no EARS pattern');
  await problem.getByRole('button').click(); // reveals the line in the editor
  await expect(editor.locator('.squiggly-warning').first()).toBeVisible(); // wrapped: one squiggle a screen line

  await tabs.getByRole('tab', { name: 'Tasks' }).click();
  await expect(editor).toContainText('Implement the CSV exporter');
  await tabs.getByRole('tab', { name: 'Design' }).click();
  await expect(editor).toContainText('small exporter interface');

  // The graph: a node per task, status in its accessible name; the optional task says so.
  const graph = page.getByRole('region', { name: 'Task graph of todo-export' });
  const node = (name: string) => graph.getByRole('button', { name, exact: true });
  await expect(node('Task 1: Define the exporter interface, done')).toBeVisible();
  await expect(node('Task 2: Implement the CSV exporter, in progress')).toBeVisible();
  await expect(node('Task 2.1: Write rows with RFC 4180 quoting, done')).toBeVisible();
  await expect(node('Task 2.2: Write a property test for the CSV round trip, to do, optional')).toBeVisible();
  await expect(node('Task 3: Wire the Export button to the exporter, to do')).toBeVisible();
  await expect(graph.locator('.graph-task.optional')).toHaveCount(1);
  await expect(graph.locator('.react-flow__edge')).toHaveCount(4); // 1 -> 2, 2.1 -> 2, 2.2 -> 2, 2 -> 3
  await expect(graph.getByRole('button', { name: 'Fit View' })).toBeVisible();

  // A node opens its text and the requirements it cites.
  await node('Task 2.1: Write rows with RFC 4180 quoting, done').click();
  const details = page.getByRole('complementary', { name: 'Task details' });
  await expect(details).toContainText('Quote fields containing commas, quotes or newlines');
  await expect(details).toContainText('1.2');
  await expect(details).toContainText('The file should probably be UTF-8 most of the time');
  await expect(details.getByRole('combobox', { name: 'Task status' })).toHaveValue('done');

  fs.mkdirSync('e2e/screenshots', { recursive: true });
  await specPane.screenshot({ path: 'e2e/screenshots/spec-pane.png' });
  await page
    .getByRole('region', { name: 'Task graph', exact: true })
    .screenshot({ path: 'e2e/screenshots/spec-graph-pane.png' });

  // tasks.md changes on disk (an agent, an editor): the graph follows without a reload.
  const tasksFile = path.join(repo, SPEC, 'tasks.md');
  fs.writeFileSync(tasksFile, TASKS.replace('- [ ]* 2.2', '- [-]* 2.2').replace('- [ ] 3.', '- [~] 3.'));
  await expect(node('Task 2.2: Write a property test for the CSV round trip, in progress, optional')).toBeVisible();
  await expect(node('Task 3: Wire the Export button to the exporter, queued')).toBeVisible();
  await expect(specItem).toContainText('2/5 done');

  // The status picker writes one character of tasks.md.
  await details.getByRole('combobox', { name: 'Task status' }).selectOption('in_progress');
  await expect(node('Task 2.1: Write rows with RFC 4180 quoting, in progress')).toBeVisible();
  await expect.poll(() => fs.readFileSync(tasksFile, 'utf8')).toContain('  - [-] 2.1 Write rows');

  // A new bugfix spec through the UI: files on disk, listed and opened.
  await specPane.getByRole('button', { name: 'New spec' }).click();
  const form = specPane.getByRole('form', { name: 'New spec' });
  await form.getByLabel('Spec name').fill('Bad Name');
  await form.getByRole('button', { name: 'Create spec' }).click();
  await expect(form.getByRole('alert')).toContainText('kebab-case');
  await form.getByLabel('Spec name').fill('emoji-csv');
  await form.getByLabel('Spec kind').selectOption('bugfix');
  await form.getByRole('button', { name: 'Create spec' }).click();
  await expect(form).toHaveCount(0);
  const created = path.join(repo, '.kiro/specs/emoji-csv');
  expect(fs.readdirSync(created).sort()).toEqual(['.config.kiro', 'bugfix.md']);
  expect(JSON.parse(fs.readFileSync(path.join(created, '.config.kiro'), 'utf8'))).toMatchObject({
    workflowType: 'requirements-first',
    specType: 'bugfix',
  });
  const newItem = specPane.getByRole('list', { name: 'Spec list' }).getByRole('button', { name: /emoji-csv/ });
  await expect(newItem).toHaveAttribute('aria-current', 'true');
  await expect(tabs.getByRole('tab', { name: /Bugfix/ })).toBeVisible();
  await expect(editor).toContainText('Bugfix Requirements Document');
  await expect(page.getByText('emoji-csv has no tasks yet')).toBeVisible();
  await expectAccessible(page, 'a new bugfix spec');

  // A file chosen in the tree still opens in the spec pane, in its own tab.
  await page.getByRole('tree', { name: 'File tree' }).getByRole('treeitem', { name: 'README.md' }).click();
  await expect(tabs.getByRole('tab', { name: 'README.md' })).toHaveAttribute('aria-selected', 'true');
  await expectAccessible(page, 'a file in its own tab of the spec pane');
  await expect(page.getByTestId('file-viewer-editor')).toContainText('# todo');
  await page.getByRole('button', { name: 'Close file' }).click();
  await expect(tabs.getByRole('tab', { name: 'README.md' })).toHaveCount(0);

  expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
});
