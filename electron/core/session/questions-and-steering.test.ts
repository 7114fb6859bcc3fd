import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { mockSessionOptions } from './mock-session.testing';
import { waitForItem } from '../testing/wait-for-item';
import { NOBODY_TO_ASK } from '../questions/request-user-input-tool';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(scenario: MockScenario, extra: Partial<AgentSessionOptions> = {}) {
  const server = await startMockModel(scenario);
  servers.push(server);
  return { server, ...(await mockSessionOptions(server.url, extra)) };
}

const input = (server: MockModelServer, index: number) => server.requests[index].body.input as unknown[];
const askTurn = {
  items: [
    {
      type: 'function_call' as const,
      name: 'request_user_input',
      arguments: JSON.stringify({ questions: [{ id: 'name', question: 'What is it called?' }] }),
    },
  ],
};

describe('request_user_input headless', () => {
  it.each(['exec', 'crew'] as const)('%s: refused back to the model at once, with a sentence', async (source) => {
    // Even with an asker given, a session nobody watches never waits for one.
    const { server, options, events } = await setup(
      { turns: [askTurn, { items: [{ type: 'message', text: 'I assumed "app".' }] }] },
      { source, asker: () => new Promise(() => {}) },
    );
    const session = await AgentSession.create(options);
    const result = await session.runTurn('Name it');
    await session.close();

    expect(result).toMatchObject({ status: 'completed', finalMessage: 'I assumed "app".' });
    expect(JSON.stringify(input(server, 1))).toContain(NOBODY_TO_ASK);
    expect(events.some((e) => e.type === 'input.requested')).toBe(false);
  });
});

describe('steering in the loop', () => {
  it('is delivered at the next model request and rebuilt in the same place on resume', async () => {
    const { server, options, events } = await setup({
      turns: [
        { items: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo one"}' }] },
        { items: [{ type: 'message', text: 'Done.' }] },
        { items: [{ type: 'message', text: 'Resumed.' }] },
      ],
    });
    const session = await AgentSession.create(options);
    const release = server.hold();
    const turn = session.runTurn('Start');
    await waitForItem(server.requests, () => true);
    session.steer('Use tabs, not spaces.');
    release();
    await turn;
    await session.close();
    expect(events.filter((e) => e.type === 'prompt.steered')).toMatchObject([{ prompt: 'Use tabs, not spaces.' }]);
    expect(session.takeSteered()).toBeNull();

    const resumed = await AgentSession.resume(session.log.file!, options);
    await resumed.runTurn('Go on');
    await resumed.close();
    // What the live session sent stands unchanged at the start of what the resumed one sends.
    const live = input(server, 1);
    expect(input(server, 2).slice(0, live.length)).toEqual(live);
    expect(JSON.stringify(live.at(-1))).toContain('Use tabs, not spaces.');
  });
});
