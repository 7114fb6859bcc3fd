import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { mockedHome } from './support/exec-harness';
import { startTrellisServer } from './support/trellis-server';

const DIR = '.kiro/specs/csv-export';
const patch = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;
const REQUIREMENTS = [
  '# Requirements Document',
  '## Introduction',
  'Users can export their todos as CSV.',
  '## Requirements',
  '### Requirement 1: CSV export',
  '**User Story:** As a user, I want to export my todos as CSV, so that I can open them in a spreadsheet.',
  '#### Acceptance Criteria',
  '1. WHEN the user selects "Export as CSV", THE Export_Service SHALL write one row per visible todo.',
];
const DESIGN = [
  '# Design Document',
  '## Overview',
  'A CsvWriter turns todos into rows; the menu calls it.',
  '## Components and Interfaces',
  '- CsvWriter.write(todos, file)',
];
const TASKS = [
  '# Implementation Plan',
  '- [ ] 1. Write rows with CsvWriter',
  '  - _Requirements: 1.1, 1.2_',
  '- [ ] 2. Wire the Export menu item',
  '  - _Depends: 1_',
  '  - _Requirements: 1.1_',
];
const add = (file: string, lines: string[]) =>
  patch(`*** Add File: ${DIR}/${file}\n${lines.map((l) => `+${l}`).join('\n')}`);

test('a feature spec written by the agent through three gates, changes requested once, ending in its task graph', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# todos\n' });
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: add('requirements.md', REQUIREMENTS) }] },
      { items: [{ type: 'message', text: 'Requirements drafted: one story, one criterion.' }] },
      {
        items: [
          {
            type: 'custom_tool_call',
            name: 'apply_patch',
            input: patch(
              `*** Update File: ${DIR}/requirements.md\n@@\n ${REQUIREMENTS.at(-1)}\n+2. IF the todo list is empty, THEN THE Export_Service SHALL write only the header row.`,
            ),
          },
        ],
      },
      { items: [{ type: 'message', text: 'Added the empty-list criterion.' }] },
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: add('design.md', DESIGN) }] },
      { items: [{ type: 'message', text: 'Design written.' }] },
      { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: add('tasks.md', TASKS) }] },
      { items: [{ type: 'message', text: 'Two tasks, the second after the first.' }] },
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: 'New spec' }).click();
    const form = specPane.getByRole('form', { name: 'New spec' });
    const create = form.getByRole('button', { name: 'Create spec' });
    await expect(create).toHaveAccessibleDescription(/empty templates/);
    await form.getByLabel('Spec idea').fill('Export the todo list as a CSV file from the menu.');
    // One stable label; what it will do is said beside it. The name is suggested from the idea, and editable.
    await expect(create).toHaveAccessibleDescription(/The agent writes the documents from your idea/);
    await expect(form.getByLabel('Spec name')).toHaveValue('export-todo-list-csv');
    await page.screenshot({ path: 'e2e/screenshots/spec-workflow-new.png' });
    await form.getByLabel('Spec name').fill('csv-export');
    await create.click();

    // Gate 1: requirements. Ask for a change once, then approve.
    const gate = specPane.getByRole('form', { name: 'Approve Requirements' });
    await expect(gate).toBeVisible();
    expect(fs.existsSync(path.join(repo, DIR, 'design.md'))).toBe(false); // nothing ahead of the gate
    // The transcript shows the person's idea as their message, Trellis's stage prompt as a folded step; the idea titles the session.
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.locator('.entry-prompt')).toHaveText(['Export the todo list as a CSV file from the menu.']);
    const step = transcript.locator('details.entry-step').first();
    await expect(step.locator('summary')).toHaveText('Spec workflow: the agent is asked to write requirements.md');
    await expect(step.getByText(`Write ${DIR}/requirements.md now`, { exact: false })).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Sessions' }).locator('option:checked')).toHaveText(
      'Export the todo list as a CSV file from the menu.',
    );
    await page.screenshot({ path: 'e2e/screenshots/spec-workflow-gate.png' });
    await gate.getByLabel('Changes to ask for').fill('Add a criterion for an empty list.');
    await gate.getByRole('button', { name: 'Request changes' }).click();
    await expect(page.getByText('Added the empty-list criterion.')).toBeVisible();
    await expect(specPane.getByRole('form', { name: 'Approve Requirements' })).toBeVisible();
    expect(fs.readFileSync(path.join(repo, DIR, 'requirements.md'), 'utf8')).toContain('IF the todo list is empty');
    expect(JSON.stringify(model.requests[2].body)).toContain('Add a criterion for an empty list.');
    await specPane.getByRole('form', { name: 'Approve Requirements' }).getByRole('button', { name: 'Approve' }).click();

    // Gate 2: design, written only after requirements were approved.
    const design = specPane.getByRole('form', { name: 'Approve Design' });
    await expect(design).toBeVisible();
    expect(fs.existsSync(path.join(repo, DIR, 'tasks.md'))).toBe(false);
    expect(JSON.stringify(model.requests[4].body)).toContain(`${DIR}/requirements.md`);
    await design.getByRole('button', { name: 'Approve' }).click();

    // Gate 3: tasks; then the graph shows them with their dependency.
    const tasks = specPane.getByRole('form', { name: 'Approve Tasks' });
    await expect(tasks).toBeVisible();
    await tasks.getByRole('button', { name: 'Approve' }).click();
    await expect(specPane.getByRole('status', { name: 'Spec stage' })).toContainText('Tasks approved.');
    const graph = page.getByRole('region', { name: 'Task graph' });
    await expect(graph.getByLabel(/^Task 1: Write rows with CsvWriter/)).toBeVisible();
    await expect(graph.getByLabel(/^Task 2: Wire the Export menu item/)).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/spec-workflow-done.png' });

    // Every stage and decision is in the session log.
    const sessions = path.join(home, 'sessions');
    const files = fs
      .readdirSync(sessions, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.jsonl'));
    const events = fs
      .readFileSync(path.join(sessions, files[0]), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'spec.decision').map((e) => `${e.stage}:${e.decision}`)).toEqual([
      'requirements:request-changes',
      'requirements:approve',
      'design:approve',
      'tasks:approve',
    ]);
    expect(events.find((e) => e.type === 'spec.decision' && e.stage === 'tasks').sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(fs.readFileSync(path.join(repo, DIR, '.config.kiro'), 'utf8'))).toMatchObject({
      workflowType: 'requirements-first',
      specType: 'feature',
    });
  } finally {
    await server.stop();
    await model.close();
  }
});

test('a model failing during a spec stage: the spec pane and the transcript show each retry as it happens, then the failure', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# todos\n' });
  const overloaded = {
    kind: 'http' as const,
    status: 503,
    retryAfterSeconds: 1,
    body: '{"error":{"message":"overloaded"}}',
  };
  const { home, model } = await mockedHome({
    turns: [{ items: [{ type: 'message', text: 'never sent' }], failures: [overloaded, overloaded, overloaded] }],
  });
  // Two retries of a refused request (Codex's request_max_retries), each waiting the second the provider asks for.
  const config = path.join(home, 'config.toml');
  fs.writeFileSync(
    config,
    fs.readFileSync(config, 'utf8').replace('request_max_retries = 0', 'request_max_retries = 2'),
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: 'New spec' }).click();
    await specPane.getByLabel('Spec idea').fill('Export the todo list as CSV.');
    // Each retry is held at the model until its state was seen, however long that takes (not raced against the 1 s wait).
    let release = model.hold();
    const answerNextThenHold = () => {
      const answer = release;
      release = model.hold();
      answer();
    };
    await specPane.getByRole('button', { name: 'Create spec' }).click();

    // Listed and shown at once, before any document exists: its name is taken, and the failure below belongs to it.
    await expect(
      specPane.getByRole('list', { name: 'Spec list' }).getByRole('button', { name: /export-todo-list-csv/ }),
    ).toHaveAttribute('aria-current', 'true');
    const stage = specPane.getByRole('status', { name: 'Spec stage' });
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect.poll(() => model.requests.length).toBe(1);
    answerNextThenHold(); // the first try fails
    await expect(stage).toContainText(/The model did not answer: HTTP 503.*retrying in 1\.0 s \(1\/2\)/);
    await expect(transcript.locator('.entry-retry')).toHaveCount(1);
    await page.screenshot({ path: 'e2e/screenshots/spec-workflow-retrying.png' });
    await expect.poll(() => model.requests.length).toBe(2);
    answerNextThenHold(); // the first retry fails
    await expect(stage).toContainText(/retrying in 1\.0 s \(2\/2\)/);
    await expect(transcript.locator('.entry-retry')).toHaveCount(2);
    release(); // the second retry fails, and so does the stage

    const failed = specPane.getByRole('alert', { name: 'Spec stage' });
    await expect(failed).toContainText(/Writing requirements failed: HTTP 503/);
    await expect(transcript.locator('.entry-notice.tone-error')).toContainText(/HTTP 503/);
    expect(model.requests).toHaveLength(3); // the first try and two retries: no silent retries inside the SDK
    await page.screenshot({ path: 'e2e/screenshots/spec-workflow-failed.png' });

    // Try again writes the stage again: the same request, its retries shown again, nothing recreated.
    release = model.hold();
    await failed.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => model.requests.length).toBe(4);
    answerNextThenHold();
    await expect(stage).toContainText(/retrying in 1\.0 s \(1\/2\)/);
    release(); // the rest fail as before
    await expect(specPane.getByRole('alert', { name: 'Spec stage' })).toContainText(
      /Writing requirements failed: HTTP 503/,
    );
    expect(model.requests).toHaveLength(6);
  } finally {
    await server.stop();
    await model.close();
  }
});
