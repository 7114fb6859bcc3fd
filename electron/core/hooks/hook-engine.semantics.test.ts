import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { Approver } from '../approvals/approval-policy';
import { AgentSession } from '../session/agent-session';
import { byToolName, hook, hookedSessionOptions, scripted, shell } from '../testing/scripted-hooks';
import { HookEngine } from './hook-engine';

/*
 * What the loop does with a hook's answer beyond blocking (core/testing/scripted-hooks.ts scripts each answer): who
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
