import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { Approver } from '../approvals/approval-policy';
import { AgentSession } from '../session/agent-session';
import { answer, byToolName, hook, hookedSessionOptions, scripted, shell } from '../session/scripted-hooks.testing';
import { HookEngine } from './hook-engine';
import type { HookEventName } from './hook-types';

/*
 * What the loop does with a hook's answer beyond blocking (core/session/scripted-hooks.testing.ts scripts each answer): who
 * answers an approval first, a hook that stops the turn, context that must survive a resume, agent actions.
 */

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(scenario: MockScenario, engine: HookEngine) {
  const server = await startMockModel(scenario);
  servers.push(server);
  return { server, ...(await hookedSessionOptions(server.url, engine)) };
}

describe('PermissionRequest and the approval card', () => {
  it('a hook that answers does so before any card is logged; one that does not leaves the card to the person', async () => {
    for (const permission of ['allow', undefined] as const) {
      const { runHook } = scripted(() => ({ permission }));
      const engine = new HookEngine({ hooks: [hook('PermissionRequest')], runHook, selectHooks: byToolName });
      const { options, events } = await setup({ turns: [shell('touch marker'), { items: [] }] }, engine);
      const cardsWhenAsked: number[] = [];
      const approver: Approver = async () => {
        cardsWhenAsked.push(events.filter((e) => e.type === 'approval.requested').length);
        return 'approved';
      };
      const session = await AgentSession.create({ ...options, approvalPolicy: 'untrusted', approver });
      await session.runTurn('go');
      await session.close();
      const cards = events.filter((e) => e.type === 'approval.requested');
      if (permission === 'allow') {
        expect(cards).toHaveLength(0);
        expect(cardsWhenAsked).toEqual([]);
        expect(events.find((e) => e.type === 'hook.completed')!.seq).toBeLessThan(
          events.find((e) => e.type === 'exec.started')!.seq,
        );
      } else {
        // The hook ran first, then the card, then the person was asked.
        expect(cardsWhenAsked).toEqual([1]);
        expect(events.find((e) => e.type === 'hook.completed')!.seq).toBeLessThan(cards[0].seq);
      }
    }
  });
});

describe('"continue": false', () => {
  it('from a Stop hook: no continuation, even with a block, and the person is told why', async () => {
    const { runHook } = scripted(() => ({ status: 'blocked', reason: 'go on', stop: { reason: 'enough for today' } }));
    const engine = new HookEngine({ hooks: [hook('Stop')], runHook, selectHooks: byToolName });
    const { options, server, events } = await setup({ turns: [answer('done'), answer('never')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'done' });
    await session.close();
    expect(server.requests).toHaveLength(1);
    expect(events.some((e) => e.type === 'error' && e.message.includes('enough for today'))).toBe(true);
  });

  it('from UserPromptSubmit: the prompt never reaches the model and no turn is logged', async () => {
    const { runHook } = scripted(() => ({ stop: { reason: 'frozen for the release' } }));
    const engine = new HookEngine({ hooks: [hook('UserPromptSubmit')], runHook, selectHooks: byToolName });
    const { options, server, events } = await setup({ turns: [answer('never')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({
      status: 'stopped',
      error: expect.stringContaining('frozen for the release'),
    });
    await session.close();
    expect(server.requests).toHaveLength(0);
    expect(events.some((e) => e.type === 'turn.started')).toBe(false);
    expect(events.some((e) => e.type === 'error' && e.message.includes('frozen for the release'))).toBe(true);
  });
});

describe('context hooks gave, in the log', () => {
  it("SessionStart's and UserPromptSubmit's context is logged with its turn, so a resumed session sends it again", async () => {
    const { runHook } = scripted((input, calls) => {
      if (input.hook_event_name === 'SessionStart' && input.source === 'startup')
        return { additionalContext: 'repo uses pnpm' };
      if (input.hook_event_name === 'UserPromptSubmit' && calls === 1) return { additionalContext: 'the build is red' };
      return {};
    });
    const hooks = [hook('SessionStart'), hook('UserPromptSubmit')];
    const engine = new HookEngine({ hooks, runHook, selectHooks: byToolName });
    const { options, server, events } = await setup({ turns: [answer('one'), answer('two')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('first');
    await session.close();
    expect(events.find((e) => e.type === 'turn.started')).toMatchObject({
      prompt: 'first',
      context: 'repo uses pnpm\n\nthe build is red',
    });

    const again = new HookEngine({ hooks, runHook, selectHooks: byToolName });
    const resumed = await AgentSession.resume(session.log.file!, { ...options, hooks: again });
    await resumed.runTurn('second');
    await resumed.close();
    const sent = JSON.stringify(server.requests[1].body);
    expect(sent).toContain('repo uses pnpm');
    expect(sent).toContain('the build is red');
    // In the order the model first saw them: the prompt, then what the hooks added.
    expect(sent.indexOf('first')).toBeLessThan(sent.indexOf('the build is red'));
    expect(sent.indexOf('the build is red')).toBeLessThan(sent.indexOf('second'));
  });
});

describe('agent actions (Kiro askAgent, v1 agent) inside a turn', () => {
  const agentHook = (event: HookEventName, prompt: string) => {
    const definition = hook(event, `${event}-agent`);
    definition.action = { kind: 'agent', prompt };
    return definition;
  };

  it('on UserPromptSubmit the prompt is context for the turn, logged with it; no process runs', async () => {
    const { inputs, runHook } = scripted();
    const engine = new HookEngine({
      hooks: [agentHook('UserPromptSubmit', 'Answer in French.')],
      runHook,
      selectHooks: byToolName,
    });
    const { options, server, events } = await setup({ turns: [answer('oui')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('hello');
    await session.close();
    expect(inputs).toHaveLength(0);
    expect(JSON.stringify(server.requests[0].body)).toContain('Answer in French.');
    expect(events.find((e) => e.type === 'turn.started')).toMatchObject({ context: 'Answer in French.' });
    expect(events.find((e) => e.type === 'hook.completed')).toMatchObject({ status: 'completed', exitCode: null });
  });

  it('on PostToolUse the prompt follows the tool result the model reads', async () => {
    const { runHook } = scripted();
    const engine = new HookEngine({
      hooks: [agentHook('PostToolUse', 'Check that the tests still pass.')],
      runHook,
      selectHooks: byToolName,
    });
    const { options, server } = await setup({ turns: [shell('echo edited'), answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('go');
    await session.close();
    const second = JSON.stringify(server.requests[1].body);
    expect(second).toContain('edited');
    expect(second).toContain('Check that the tests still pass.');
  });

  it("on Stop the prompt is the next prompt, once per person's prompt (its continuation does not ask again)", async () => {
    const { runHook } = scripted();
    const engine = new HookEngine({
      hooks: [agentHook('Stop', 'Now update the changelog.')],
      runHook,
      selectHooks: byToolName,
    });
    const { options, server, events } = await setup({ turns: [answer('done'), answer('changelog updated')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('fix it')).toMatchObject({ status: 'completed', finalMessage: 'changelog updated' });
    await session.close();
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === 'turn.started').map((e) => e.type === 'turn.started' && e.prompt)).toEqual([
      'fix it',
      'Now update the changelog.',
    ]);
  });
});
