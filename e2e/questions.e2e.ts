import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { mockedHome } from './support/exec-harness';
import { makeRepo } from './support/git-repo';
import { startTrellisServer } from './support/trellis-server';

const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });
const call = (name: string, args: unknown) => ({
  items: [{ type: 'function_call' as const, name, arguments: JSON.stringify(args) }],
});
/** The model's input items of one request (Responses API). */
const inputOf = (body: Record<string, unknown>) => body.input as Record<string, unknown>[];

test('the agent asks two questions; the person answers them in the transcript and the model gets the answers', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({
    turns: [
      call('request_user_input', {
        questions: [
          {
            id: 'db',
            header: 'Database',
            question: 'Which database should the app use?',
            options: [
              { label: 'SQLite', description: 'A file beside the app; nothing to run.' },
              { label: 'Postgres', description: 'A server to run beside it.' },
            ],
          },
          { id: 'name', question: 'What is the project called?' },
        ],
      }),
      say('Setting up Orchard with SQLite.'),
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    await page.getByLabel('Prompt').fill('Set up the app');
    await page.getByRole('button', { name: 'Send' }).click();

    const form = page.getByRole('form', { name: "The agent's questions" });
    const choice = form.getByRole('group', { name: 'Database: Which database should the app use?' });
    await expect(choice).toBeVisible();
    // Submitting with nothing picked is refused in a sentence; nothing reaches the model.
    await form.getByRole('button', { name: 'Submit answers' }).click();
    await expect(form.getByRole('alert')).toHaveText('Pick an option for "Database".');
    expect(model.requests).toHaveLength(1);

    await choice.getByRole('radio', { name: 'SQLite' }).check();
    await form.getByRole('textbox', { name: 'What is the project called?' }).fill('Orchard');
    await expectAccessible(page, "the agent's questions");
    await page.screenshot({ path: 'e2e/screenshots/questions.png' });
    await form.getByRole('button', { name: 'Submit answers' }).click();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Setting up Orchard with SQLite.')).toBeVisible();
    const result = inputOf(model.requests[1].body).find((i) => i.type === 'function_call_output');
    expect(JSON.parse(String(result?.output))).toEqual({
      answers: { db: { answers: ['SQLite'] }, name: { answers: ['Orchard'] } },
    });
    // Answered: the answers show in place, read-only.
    const answered = transcript.getByRole('group', { name: "The agent's questions" });
    await expect(answered.getByRole('definition')).toHaveText(['SQLite', 'Orchard']);
    await expect(answered.getByRole('button', { name: 'Submit answers' })).toHaveCount(0);
  } finally {
    await server.stop();
    await model.close();
  }
});

test('a message typed while the agent works is queued, removable, and reaches its next model request', async ({
  page,
}) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({
    turns: [
      call('update_plan', { plan: [{ step: 'Fix the bug', status: 'in_progress' }] }),
      say('Fixed, with a test.'),
    ],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    const release = model.hold();
    const prompt = page.getByLabel('Prompt');
    await prompt.fill('Fix the bug');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await expect.poll(() => model.requests.length).toBe(1);

    const queued = page.getByRole('list', { name: 'Queued messages' });
    await prompt.fill('Never mind this.');
    await page.getByRole('button', { name: 'Queue' }).click();
    await expect(queued.getByRole('listitem')).toHaveCount(1);
    await prompt.fill('Also add a test.');
    await prompt.press('Control+Enter');
    await expect(queued.getByRole('listitem')).toHaveCount(2);
    await queued.getByRole('button', { name: 'Remove queued message: Never mind this.' }).click();
    await expect(queued.getByRole('listitem')).toHaveCount(1);
    await expect(queued).toContainText('Also add a test.');
    await expectAccessible(page, 'the queued messages');
    await page.screenshot({ path: 'e2e/screenshots/questions-steer.png' });
    release();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Fixed, with a test.')).toBeVisible();
    await expect(transcript.getByText('Sent while the agent worked:')).toBeVisible();
    await expect(queued).toHaveCount(0);
    const input = inputOf(model.requests[1].body);
    const steered = input.findIndex((i) => JSON.stringify(i).includes('Also add a test.'));
    expect(steered).toBeGreaterThan(input.findIndex((i) => i.type === 'function_call_output'));
    expect(JSON.stringify(model.requests.map((r) => r.body))).not.toContain('Never mind this.');
  } finally {
    await server.stop();
    await model.close();
  }
});

test('Interrupt and send stops the turn and sends the message as the next prompt', async ({ page }) => {
  const repo = makeRepo({ 'README.md': '# demo\n' });
  const { home, model } = await mockedHome({
    turns: [say('The long answer.')],
    branches: [{ contains: 'Do the short thing instead.', turns: [say('Doing the short thing.')] }],
  });
  const server = await startTrellisServer([repo], home);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    const release = model.hold();
    const prompt = page.getByLabel('Prompt');
    await prompt.fill('Do the long thing');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => model.requests.length).toBe(1);
    await prompt.fill('Do the short thing instead.');
    await page.getByRole('button', { name: 'Interrupt and send' }).click();
    release();

    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('Doing the short thing.')).toBeVisible();
    await expect(transcript.getByText('Interrupted.')).toBeVisible();
    await expect(transcript.getByText('The long answer.')).toHaveCount(0);
    expect(model.requests).toHaveLength(2);
    expect(JSON.stringify(inputOf(model.requests[1].body).at(-1))).toContain('Do the short thing instead.');
  } finally {
    await server.stop();
    await model.close();
  }
});
