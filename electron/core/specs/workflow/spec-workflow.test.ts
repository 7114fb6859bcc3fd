import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionEventBody } from '../../../contract';
import { tempDir } from '../../testing/temp-repo';
import { runSpecWorkflow, type StageDecision, type WorkflowSession } from './spec-workflow';
import { STAGE_FILE, workflowStages, type SpecStage } from './stage-prompts';

/**
 * A session that "writes" whatever document its prompt names, so the workflow's order, gates and
 * log can be checked without a model (the e2e journey covers the real agent and SDK).
 */
function fakeSession(root: string, failOn?: string) {
  const prompts: string[] = [];
  const origins: (string | undefined)[] = [];
  const events: SessionEventBody[] = [];
  const session: WorkflowSession = {
    async runTurn(prompt, _signal, origin) {
      prompts.push(prompt);
      origins.push(origin);
      if (failOn && prompt.includes(failOn))
        return { status: 'failed', finalMessage: null, error: 'model unavailable', usage: {} as never };
      const file = /Write (\S+) now|Revise (\S+) as/.exec(prompt);
      const target = file?.[1] ?? file?.[2];
      if (target) {
        fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
        fs.appendFileSync(path.join(root, target), `written for: ${prompt.slice(0, 20)}\n`);
      }
      return { status: 'completed', finalMessage: 'done', usage: {} as never };
    },
    async record(body) {
      events.push(body);
    },
  };
  return { session, prompts, origins, events };
}

const stagesOf = (events: SessionEventBody[]) =>
  events.flatMap((e) => (e.type === 'spec.stage' ? [`${e.stage}:${e.state}`] : []));

describe('runSpecWorkflow', () => {
  it('orders the stages of each workflow as Kiro does', () => {
    expect(workflowStages('feature', 'requirements-first')).toEqual(['requirements', 'design', 'tasks']);
    expect(workflowStages('feature', 'design-first')).toEqual(['design', 'requirements', 'tasks']);
    expect(workflowStages('bugfix', 'requirements-first')).toEqual(['bugfix', 'design', 'tasks']);
    expect(workflowStages('feature', 'quick')).toEqual(['requirements', 'design', 'tasks']);
  });

  it('design-first: each stage waits for its approval, and later stages are told to read the approved ones', async () => {
    const root = tempDir();
    const { session, prompts, events } = fakeSession(root);
    const asked: SpecStage[] = [];
    const result = await runSpecWorkflow({
      root,
      name: 'csv',
      kind: 'feature',
      workflow: 'design-first',
      description: 'CSV export',
      session,
      decide: async (stage) => {
        asked.push(stage);
        // Nothing of a later stage exists while this one waits.
        const later = workflowStages('feature', 'design-first').slice(asked.length);
        for (const s of later) expect(fs.existsSync(path.join(root, '.kiro/specs/csv', STAGE_FILE[s]))).toBe(false);
        return { decision: 'approve' };
      },
    });
    expect(result).toEqual({ status: 'done' });
    expect(asked).toEqual(['design', 'requirements', 'tasks']);
    expect(prompts[1]).toContain('Base it on .kiro/specs/csv/design.md');
    expect(prompts[2]).toContain('.kiro/specs/csv/design.md and .kiro/specs/csv/requirements.md');
    expect(stagesOf(events)).toEqual([
      'design:writing',
      'design:awaiting-approval',
      'design:approved',
      'requirements:writing',
      'requirements:awaiting-approval',
      'requirements:approved',
      'tasks:writing',
      'tasks:awaiting-approval',
      'tasks:approved',
    ]);
    const approvals = events.filter((e) => e.type === 'spec.decision');
    expect(approvals.every((e) => e.type === 'spec.decision' && /^[0-9a-f]{64}$/.test(e.sha256 ?? ''))).toBe(true);
  });

  it('request changes sends the comments and waits again; regenerate starts the document over', async () => {
    const root = tempDir();
    const { session, prompts, events } = fakeSession(root);
    const answers: StageDecision[] = [
      { decision: 'request-changes', comments: 'Name the error folder.' },
      { decision: 'regenerate' },
      { decision: 'approve' },
      { decision: 'approve' },
      { decision: 'approve' },
    ];
    await runSpecWorkflow({
      root,
      name: 'fix-export',
      kind: 'bugfix',
      workflow: 'requirements-first',
      description: 'Export crashes',
      session,
      decide: async () => answers.shift()!,
    });
    expect(prompts[1]).toMatch(/^Revise \.kiro\/specs\/fix-export\/bugfix\.md as the reviewer asks/);
    expect(prompts[1]).toContain('Name the error folder.');
    expect(prompts[2]).toMatch(/^Start bugfix\.md over/);
    expect(
      events
        .filter((e) => e.type === 'spec.decision')
        .map((e) => (e.type === 'spec.decision' ? `${e.stage}:${e.decision}` : '')),
    ).toEqual(['bugfix:request-changes', 'bugfix:regenerate', 'bugfix:approve', 'design:approve', 'tasks:approve']);
  });

  it('quick: all three documents, no gate', async () => {
    const root = tempDir();
    const { session, events } = fakeSession(root);
    const result = await runSpecWorkflow({
      root,
      name: 'q',
      kind: 'feature',
      workflow: 'quick',
      description: 'x',
      session,
      decide: async () => {
        throw new Error('a quick spec never asks');
      },
    });
    expect(result).toEqual({ status: 'done' });
    expect(stagesOf(events)).toEqual(['requirements:writing', 'design:writing', 'tasks:writing']);
    for (const f of ['requirements.md', 'design.md', 'tasks.md'])
      expect(fs.existsSync(path.join(root, '.kiro/specs/q', f))).toBe(true);
  });

  it('a failed turn stops the workflow at that stage, saying why', async () => {
    const root = tempDir();
    const { session, events } = fakeSession(root, 'design.md now');
    const result = await runSpecWorkflow({
      root,
      name: 'f',
      kind: 'feature',
      workflow: 'requirements-first',
      description: 'x',
      session,
      decide: async () => ({ decision: 'approve' }),
    });
    expect(result).toEqual({ status: 'failed', stage: 'design', error: 'model unavailable' });
    expect(stagesOf(events).at(-1)).toBe('design:failed');
    expect(fs.existsSync(path.join(root, '.kiro/specs/f/tasks.md'))).toBe(false);
  });

  it("records the person's idea first, and marks every stage prompt as the workflow's own", async () => {
    const root = tempDir();
    const { session, origins, events } = fakeSession(root);
    await runSpecWorkflow({
      root,
      name: 'q',
      kind: 'feature',
      workflow: 'quick',
      description: 'Export todos as CSV',
      session,
      decide: async () => ({ decision: 'approve' }),
    });
    expect(events[0]).toEqual({
      type: 'spec.started',
      spec: 'q',
      kind: 'feature',
      workflow: 'quick',
      idea: 'Export todos as CSV',
    });
    expect(origins).toEqual(['workflow', 'workflow', 'workflow']);
  });

  it('a failed stage, where a person can be asked, is written again when they say so, with the same request', async () => {
    const root = tempDir();
    let failures = 1;
    const { session, prompts, events } = fakeSession(root);
    const runTurn = session.runTurn.bind(session);
    session.runTurn = async (prompt, signal, origin) =>
      failures-- > 0
        ? (prompts.push(prompt), { status: 'failed', finalMessage: null, error: 'HTTP 503', usage: {} as never })
        : runTurn(prompt, signal, origin);
    const asked: string[] = [];
    const result = await runSpecWorkflow({
      root,
      name: 'r',
      kind: 'feature',
      workflow: 'quick',
      description: 'x',
      session,
      decide: async () => ({ decision: 'approve' }),
      retryFailed: async (stage, error) => (asked.push(`${stage}: ${error}`), true),
    });
    expect(result).toEqual({ status: 'done' });
    expect(asked).toEqual(['requirements: HTTP 503']);
    expect(prompts[1]).toBe(prompts[0]);
    expect(stagesOf(events).slice(0, 3)).toEqual([
      'requirements:writing',
      'requirements:failed',
      'requirements:writing',
    ]);
    expect(events.find((e) => e.type === 'spec.decision')).toMatchObject({
      stage: 'requirements',
      decision: 'regenerate',
    });
  });

  it('a failed stage ends the workflow when the person declines to try again', async () => {
    const root = tempDir();
    const { session } = fakeSession(root, 'requirements.md now');
    const result = await runSpecWorkflow({
      root,
      name: 'n',
      kind: 'feature',
      workflow: 'quick',
      description: 'x',
      session,
      decide: async () => ({ decision: 'approve' }),
      retryFailed: async () => false,
    });
    expect(result).toEqual({ status: 'failed', stage: 'requirements', error: 'model unavailable' });
  });
});
