import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockScenario } from './mock-model';
import { sessionLogs, trellis } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { tempDir } from '../electron/core/testing/temp-repo';
import { startTrellisServer } from './support/trellis-server';
import { expectAccessible } from './support/axe';

/**
 * A new user's config: the approval policy (or nothing) and the provider, sandbox_mode left at its
 * default, read-only. Each journey goes through the real entry point and checks the disk.
 */
async function newUserHome(scenario: MockScenario, policyLine: string) {
  const model = await startMockModel(scenario);
  const home = tempDir('trellis-home-');
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    `${policyLine}
model = "gpt-test"
model_provider = "mock"

[model_providers.mock]
name = "Mock"
base_url = "${model.url}/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 1
`,
  );
  return { home, model };
}

const ORIGINAL = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const TWO_HUNKS = [
  '*** Begin Patch',
  '*** Update File: notes.txt',
  '@@',
  ' line 1',
  '-line 2',
  '+line two',
  ' line 3',
  '@@',
  ' line 17',
  '-line 18',
  '+line eighteen',
  ' line 19',
  '*** End Patch',
].join('\n');
const patchTurns: MockScenario = {
  turns: [
    {
      items: [
        { type: 'message', text: 'Spelling out two numbers.' },
        { type: 'custom_tool_call', name: 'apply_patch', input: TWO_HUNKS },
      ],
    },
    { items: [{ type: 'message', text: 'Done with the numbers.' }] },
  ],
};

function loggedEvents(home: string): { type: string; [key: string]: unknown }[] {
  return sessionLogs(home).flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  );
}

test('approval_policy = "untrusted" alone: the patch reaches Review changes, exactly the accepted hunk is written, the log records the decision', async ({
  page,
}) => {
  const repo = makeRepo({ 'notes.txt': ORIGINAL });
  const { home, model } = await newUserHome(patchTurns, 'approval_policy = "untrusted"');
  const server = await startTrellisServer([repo], home);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    const toggle = page.getByLabel('Review edits before they are written');
    await expect(toggle).toBeChecked();
    await expect(toggle).toBeDisabled();
    await expect(toggle).toHaveAccessibleDescription(/Locked on: approval_policy = "untrusted" in config.toml/);

    await page.getByLabel('Prompt').fill('Spell out two numbers');
    await page.getByRole('button', { name: 'Send' }).click();
    const pane = page.getByRole('region', { name: 'Review changes' });
    await expect(pane.getByRole('option', { name: 'notes.txt, modified, undecided' })).toBeVisible();
    await expect(pane.getByRole('listitem', { name: /^Hunk \d of 2$/ })).toHaveCount(2);
    await expect(page.getByText(/writable roots|\(\)/)).toHaveCount(0);
    await pane.getByRole('listitem', { name: 'Hunk 1 of 2' }).getByRole('button', { name: 'Accept hunk' }).click();
    await pane.getByRole('listitem', { name: 'Hunk 2 of 2' }).getByRole('button', { name: 'Reject hunk' }).click();
    await page.screenshot({ path: 'e2e/screenshots/review-default-sandbox.png' });
    await pane.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('Done with the numbers.')).toBeVisible();

    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(ORIGINAL.replace('line 2\n', 'line two\n'));
    const events = loggedEvents(home);
    expect(events.find((e) => e.type === 'session.started')).toMatchObject({
      sandbox: 'read-only',
      approval: 'untrusted',
    });
    expect(events.find((e) => e.type === 'review.decided')).toMatchObject({
      decisions: { 'notes.txt': [0] },
      outcome: [{ path: 'notes.txt', status: 'partial', applied: [0], rejected: [1] }],
    });
    expect(JSON.stringify(model.requests[1].body)).toContain('notes.txt: applied hunks 1 of 2; REJECTED hunks 2');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('on-request in read-only: the patch asks to be written inline; approved, it is written', async ({ page }) => {
  const repo = makeRepo({ 'notes.txt': ORIGINAL });
  const { home, model } = await newUserHome(patchTurns, 'approval_policy = "on-request"');
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const toggle = page.getByLabel('Review edits before they are written');
    await expect(toggle).toBeEnabled();
    await expect(toggle).not.toBeChecked();
    await page.getByLabel('Prompt').fill('Spell out two numbers');
    await page.getByRole('button', { name: 'Send' }).click();
    const request = page.getByLabel('Approval request');
    await expect(request.getByText('Write these edits?')).toBeVisible();
    await expect(request.getByText('apply_patch: notes.txt')).toBeVisible();
    await expect(request.getByText(/sandbox_mode is "read-only"/)).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(ORIGINAL); // nothing before the person says yes
    await page.screenshot({ path: 'e2e/screenshots/patch-approval-read-only.png' });
    await expectAccessible(page, 'a patch asking to be written');
    await request.getByRole('button', { name: 'Approve once' }).click();
    await expect(page.getByText('Done with the numbers.')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(
      ORIGINAL.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n'),
    );
    expect(loggedEvents(home).find((e) => e.type === 'approval.decided')).toMatchObject({ decision: 'approved' });
  } finally {
    await server.stop();
    await model.close();
  }
});

test('never in read-only: the window says in one sentence which setting refused the patch and how to change it', async ({
  page,
}) => {
  const repo = makeRepo({ 'notes.txt': ORIGINAL });
  const { home, model } = await newUserHome(patchTurns, 'approval_policy = "never"');
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await page.getByLabel('Prompt').fill('Spell out two numbers');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(
      page.getByText(/sandbox_mode is "read-only".*set sandbox_mode = "workspace-write"/).first(),
    ).toBeVisible();
    await expect(page.getByText('Done with the numbers.')).toBeVisible();
    await expect(page.getByText('()')).toHaveCount(0);
    await expectAccessible(page, 'a patch refused by the sandbox');
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(ORIGINAL);
  } finally {
    await server.stop();
    await model.close();
  }
});

test('trellis exec: with the default read-only sandbox the refusal names sandbox_mode and -s; with untrusted it names the review', async () => {
  for (const [policyLine, expected] of [
    [
      '',
      /sandbox_mode is "read-only", which lets the agent write nothing and nobody can be asked here; pass -s workspace-write/,
    ],
    [
      'approval_policy = "untrusted"',
      /under approval_policy "untrusted", and nobody can be asked here \(a headless run never prompts\); pass --trust-tools apply_patch/,
    ],
  ] as const) {
    const repo = makeRepo({ 'notes.txt': ORIGINAL });
    const { home, model } = await newUserHome(patchTurns, policyLine);
    try {
      const run = await trellis(['exec', '--json', 'Spell out two numbers'], { home, cwd: repo }).done;
      expect(run.code).toBe(0);
      const errors = run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { error?: string }).error ?? '')
        .filter(Boolean);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(expected);
      // Without --json the person reads the same sentence on stderr.
      const model2 = await startMockModel(patchTurns);
      fs.writeFileSync(
        path.join(home, 'config.toml'),
        fs.readFileSync(path.join(home, 'config.toml'), 'utf8').replace(model.url, model2.url),
      );
      const plain = await trellis(['exec', 'Spell out two numbers'], { home, cwd: repo }).done;
      await model2.close();
      expect(plain.stderr).toContain(errors[0]);
      expect(run.stdout + run.stderr).not.toContain('()');
      expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(ORIGINAL);
    } finally {
      await model.close();
    }
  }
});

test('never in read-only with the review box ticked: the patch goes to review, and rejecting it all writes nothing', async ({
  page,
}) => {
  const repo = makeRepo({ 'notes.txt': ORIGINAL });
  const { home, model } = await newUserHome(patchTurns, 'approval_policy = "never"');
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const toggle = page.getByLabel('Review edits before they are written');
    await expect(toggle).toBeEnabled();
    await toggle.check();
    await page.getByLabel('Prompt').fill('Spell out two numbers');
    await page.getByRole('button', { name: 'Send' }).click();
    const pane = page.getByRole('region', { name: 'Review changes' });
    await expect(pane.getByRole('listitem', { name: /^Hunk \d of 2$/ })).toHaveCount(2);
    await pane.getByRole('button', { name: 'Reject all' }).click();
    await pane.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('Done with the numbers.')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe(ORIGINAL);
    expect(loggedEvents(home).find((e) => e.type === 'review.decided')).toMatchObject({
      outcome: [{ path: 'notes.txt', status: 'rejected' }],
    });
  } finally {
    await server.stop();
    await model.close();
  }
});

test('an empty config (on-request, read-only): New spec writes its documents into the spec folder without asking, and nowhere else', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# todos\n' });
  const dir = '.kiro/specs/csv-export';
  const requirements = [
    '# Requirements Document',
    '## Requirements',
    '### Requirement 1: CSV export',
    '#### Acceptance Criteria',
    '1. WHEN asked, THE Export_Service SHALL write CSV.',
  ];
  const { home, model } = await newUserHome(
    {
      turns: [
        {
          items: [
            {
              type: 'custom_tool_call',
              name: 'apply_patch',
              input: `*** Begin Patch\n*** Add File: ${dir}/requirements.md\n${requirements.map((l) => `+${l}`).join('\n')}\n*** End Patch`,
            },
            {
              type: 'custom_tool_call',
              name: 'apply_patch',
              input: '*** Begin Patch\n*** Update File: README.md\n@@\n-# todos\n+# hijacked\n*** End Patch',
            },
          ],
        },
        { items: [{ type: 'message', text: 'Requirements drafted.' }] },
      ],
    },
    '',
  );
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    const specPane = page.getByRole('region', { name: 'Spec', exact: true });
    await specPane.getByRole('button', { name: 'New spec' }).click();
    const form = specPane.getByRole('form', { name: 'New spec' });
    await form.getByLabel('Spec idea').fill('Export the todo list as CSV.');
    await form.getByLabel('Spec name').fill('csv-export');
    await form.getByRole('button', { name: 'Create spec' }).click();
    const transcript = page.getByRole('log', { name: 'Transcript' });
    // The spec's own folder needs no approval; the README outside it does (on-request in read-only asks).
    const request = page.getByLabel('Approval request');
    await expect(request.getByText('apply_patch: README.md')).toBeVisible();
    await request.getByRole('button', { name: 'Deny' }).click();
    await expect(specPane.getByRole('form', { name: 'Approve Requirements' })).toBeVisible();
    await expect(transcript.getByText('Requirements drafted.')).toBeVisible();
    expect(fs.readFileSync(path.join(repo, dir, 'requirements.md'), 'utf8')).toBe(requirements.join('\n') + '\n');
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# todos\n');
    await expect(page.getByLabel('Approval request')).toHaveCount(1);
  } finally {
    await server.stop();
    await model.close();
  }
});
