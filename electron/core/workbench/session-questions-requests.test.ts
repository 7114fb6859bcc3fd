import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import { tempDir } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { workbenchOnMockModel } from './mock-workbench.testing';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

async function setup(scenario: MockScenario, home?: string) {
  const model: MockModelServer = await startMockModel(scenario);
  closing.push(model);
  const bench = await workbenchOnMockModel(model.url, home);
  closing.push(bench.workbench);
  return { model, ...bench };
}

const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });
const ask = (questions: unknown) => ({
  items: [{ type: 'function_call' as const, name: 'request_user_input', arguments: JSON.stringify({ questions }) }],
});
const QUESTIONS = [
  {
    id: 'db',
    header: 'Database',
    question: 'Which database should the app use?',
    options: [
      { label: 'SQLite', description: 'A file beside the app.' },
      { label: 'Postgres', description: 'A server.' },
    ],
  },
  { id: 'name', question: 'What is the project called?' },
];

/** The model's input items of one request (Responses API). */
const inputOf = (model: MockModelServer, index: number) =>
  model.requests[index].body.input as Record<string, unknown>[];
const outputOf = (model: MockModelServer, index: number) =>
  inputOf(model, index).find((item) => item.type === 'function_call_output')?.output;

describe('request_user_input in the window', () => {
  it('shows the questions, checks the answers, and sends them to the model as the call result', async () => {
    const { model, call, events, sessionEvents, workspaceId } = await setup({
      turns: [ask(QUESTIONS), say('SQLite it is.')],
    });
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'Set up the app' });
    const requested = await waitForItem(
      events,
      (e) => e.type === 'session.event' && e.event.type === 'input.requested',
    );
    const event = requested.type === 'session.event' ? requested.event : null;
    if (event?.type !== 'input.requested') throw new Error('unreachable');
    expect(event.questions.map((q) => q.id)).toEqual(['db', 'name']);
    const { callId } = event;

    // Wrong answers come back as a sentence, and nothing reaches the model.
    await expect(call('session.answer', { sessionId, callId, answers: { db: 'MySQL', name: 'x' } })).rejects.toThrow(
      '"MySQL" is not one of the options of "Database".',
    );
    await expect(
      call('session.answer', { sessionId, callId, answers: { db: 'SQLite', name: 'x', color: 'red' } }),
    ).rejects.toThrow('There is no question "color" in this request.');
    await expect(call('session.answer', { sessionId, callId, answers: { db: 'SQLite' } })).rejects.toThrow(
      'Answer the question "What is the project called?".',
    );
    await expect(
      call('session.answer', { sessionId, callId, answers: { db: ['SQLite', 'Postgres'], name: 'x' } }),
    ).rejects.toThrow('"Database" takes one option only.');
    expect(model.requests).toHaveLength(1);

    await call('session.answer', { sessionId, callId, answers: { db: 'SQLite', name: 'Orchard' } });
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    expect(model.requests).toHaveLength(2);
    expect(JSON.parse(outputOf(model, 1) as string)).toEqual({
      answers: { db: { answers: ['SQLite'] }, name: { answers: ['Orchard'] } },
    });
    // Answered once: a second answer is refused.
    await expect(call('session.answer', { sessionId, callId, answers: { db: 'SQLite', name: 'y' } })).rejects.toThrow(
      'Those questions are no longer waiting for an answer.',
    );
    expect(sessionEvents().find((e) => e.type === 'tool.result')).toMatchObject({ callId, isError: false });
  });

  it('an interrupt withdraws the questions, and the call result says so', async () => {
    const home = tempDir();
    const first = await setup({ turns: [ask(QUESTIONS)] }, home);
    const { sessionId } = await first.call('session.start', { workspaceId: first.workspaceId, prompt: 'Set up' });
    await waitForItem(first.events, (e) => e.type === 'session.event' && e.event.type === 'input.requested');
    await first.call('session.interrupt', { sessionId });
    await waitForItem(first.events, (e) => e.type === 'session.event' && e.event.type === 'turn.failed');
    expect(first.sessionEvents().find((e) => e.type === 'tool.result')).toMatchObject({
      isError: true,
      output: expect.stringMatching(/interrupted before answering/),
    });
  });

  it('malformed questions go back to the model as an error it can fix; nothing is shown', async () => {
    const { model, call, events, sessionEvents, workspaceId } = await setup({
      turns: [ask([]), ask([{ id: 'a', question: 'x', options: [{ label: 'A' }, { label: 'A' }] }]), say('Fine.')],
    });
    await call('session.start', { workspaceId, prompt: 'Ask me' });
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    expect(outputOf(model, 1)).toBe('Invalid request_user_input arguments: questions must hold at least one question.');
    expect(String(inputOf(model, 2).filter((i) => i.type === 'function_call_output')[1].output)).toBe(
      'Invalid request_user_input arguments: question "a" offers the same label twice.',
    );
    expect(sessionEvents().some((e) => e.type === 'input.requested')).toBe(false);
  });
});

describe('steering', () => {
  it('a message typed while the agent works reaches the next model request, after the tool results', async () => {
    const { model, call, sessionEvents, idle, workspaceId } = await setup({
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo working"}' }] },
        say('Done, and tests too.'),
      ],
    });
    const release = model.hold();
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'Fix the bug' });
    await waitForItem(model.requests, () => true);
    expect(await call('session.steer', { sessionId, prompt: 'Also add a test.' })).toMatchObject({
      queued: expect.any(String),
    });
    release();
    await idle(0);

    expect(model.requests).toHaveLength(2);
    const input = inputOf(model, 1);
    const steered = input.findIndex((i) => JSON.stringify(i).includes('Also add a test.'));
    expect(steered).toBeGreaterThan(input.findIndex((i) => i.type === 'function_call_output'));
    expect(input[steered]).toMatchObject({ role: 'user' });
    expect(sessionEvents().find((e) => e.type === 'prompt.steered')).toMatchObject({
      turn: 0,
      prompt: 'Also add a test.',
    });
  });

  it('one queued after the last model request becomes the next prompt; one taken back is never sent', async () => {
    const { model, call, events, sessionEvents, idle, workspaceId } = await setup({
      turns: [say('Fixed.'), say('Docs written.')],
    });
    const release = model.hold();
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'Fix the bug' });
    await waitForItem(model.requests, () => true);
    const { queued } = await call('session.steer', { sessionId, prompt: 'Never mind this one.' });
    await call('session.unsteer', { sessionId, steerId: queued });
    await call('session.steer', { sessionId, prompt: 'Then write the docs.' });
    release();
    await waitForItem(
      events,
      (e) => e.type === 'session.event' && e.event.type === 'turn.completed' && e.event.turn === 1,
    );
    await idle(events.length - 1);

    const prompts = sessionEvents().flatMap((e) => (e.type === 'turn.started' ? [e.prompt] : []));
    expect(prompts).toEqual(['Fix the bug', 'Then write the docs.']);
    expect(JSON.stringify(inputOf(model, 1))).not.toContain('Never mind this one.');
    await expect(call('session.unsteer', { sessionId, steerId: queued })).rejects.toThrow(
      'That message was already sent to the agent.',
    );
  });

  it('sent as an interruption, the turn stops and the message is the next prompt', async () => {
    const { model, call, events, sessionEvents, workspaceId } = await setup({
      turns: [say('Never sent.'), say('Switched.')],
    });
    const release = model.hold();
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'Do the long thing' });
    await waitForItem(model.requests, () => true);
    await call('session.steer', { sessionId, prompt: 'Stop, do the short thing.', interrupt: true });
    release();
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');

    const ends = sessionEvents().filter((e) => e.type === 'turn.failed' || e.type === 'turn.completed');
    expect(ends.map((e) => e.type)).toEqual(['turn.failed', 'turn.completed']);
    expect(sessionEvents().flatMap((e) => (e.type === 'turn.started' ? [e.prompt] : []))).toEqual([
      'Do the long thing',
      'Stop, do the short thing.',
    ]);
  });
});
