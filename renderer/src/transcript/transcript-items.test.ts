import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

describe('TranscriptBuilder', () => {
  it("folds a goal's continuation prompt as Trellis's step, and notes where the pursuit ended", () => {
    const b = new TranscriptBuilder();
    const goal = { objective: 'Ship it', tokenBudget: 100, tokensUsed: 120 };
    const items = b.apply([
      ev({ type: 'goal.updated', ...goal, tokensUsed: 0, state: 'active' }),
      ev({ type: 'turn.started', turn: 0, prompt: 'Continue working toward the goal', origin: 'goal' }),
      ev({ type: 'goal.updated', ...goal, state: 'active' }),
      ev({ type: 'goal.updated', ...goal, state: 'budget-reached', note: '120 of 100 tokens used.' }),
    ]);
    expect(items).toEqual([
      {
        kind: 'step',
        id: expect.any(String),
        title: 'Goal: Trellis asks the agent to go on',
        text: 'Continue working toward the goal',
      },
      { kind: 'notice', id: expect.any(String), text: 'Goal budget reached: 120 of 100 tokens used.', tone: 'info' },
    ]);
  });

  it('streams a message from deltas and settles it on completion', () => {
    const b = new TranscriptBuilder();
    b.apply([
      ev({ type: 'turn.started', turn: 0, prompt: 'hi' }),
      ev({ type: 'message.delta', turn: 0, itemId: 'm1', text: 'Hel' }),
    ]);
    const items = b.apply([ev({ type: 'message.delta', turn: 0, itemId: 'm1', text: 'lo' })]);
    expect(items).toEqual([
      { kind: 'prompt', id: expect.any(String), text: 'hi' },
      { kind: 'message', id: 'msg-m1', text: 'Hello', streaming: true },
    ]);
    expect(b.apply([ev({ type: 'message.completed', turn: 0, itemId: 'm1', text: 'Hello.' })])[1]).toEqual({
      kind: 'message',
      id: 'msg-m1',
      text: 'Hello.',
      streaming: false,
    });
  });

  it("names a prompt's attached files and resources, never their text (that went to the model)", () => {
    const b = new TranscriptBuilder();
    const [prompt] = b.apply([
      ev({
        type: 'turn.started',
        turn: 0,
        prompt: 'summarise',
        attachments: [
          { kind: 'file', path: 'src/app.ts', text: 'the whole file' },
          { server: 'docs', uri: 'demo://notes', name: 'notes.md', text: 'the whole note' },
        ],
      }),
    ]);
    expect(prompt).toEqual({
      kind: 'prompt',
      id: expect.any(String),
      text: 'summarise',
      attachments: [
        { name: 'src/app.ts', title: 'src/app.ts (file in the repository)' },
        { name: 'notes.md', title: 'demo://notes (MCP docs)' },
      ],
    });
  });

  it('folds a command from start, output and completion into one item, and an approval into its decision', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({ type: 'approval.requested', turn: 0, callId: 'c1', command: 'make', cwd: '/r', reason: 'asks' }),
      ev({ type: 'approval.decided', turn: 0, callId: 'c1', decision: 'approved' }),
      ev({ type: 'exec.started', turn: 0, callId: 'c1', command: 'make', cwd: '/r' }),
      ev({ type: 'exec.output', turn: 0, callId: 'c1', stream: 'stdout', chunk: 'building\n' }),
    ]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: 'approval', decision: 'approved' });
    expect(items[1]).toMatchObject({ kind: 'command', output: 'building\n', running: true });
    const done = b.apply([
      ev({
        type: 'exec.completed',
        turn: 0,
        callId: 'c1',
        command: 'make',
        cwd: '/r',
        exitCode: 2,
        durationMs: 5,
        output: 'building\nfailed\n',
        timedOut: false,
      }),
    ]);
    expect(done[1]).toMatchObject({ kind: 'command', exitCode: 2, running: false, output: 'building\nfailed\n' });
  });

  it('marks a compaction where it happened, with its trigger, tokens and summary', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({ type: 'turn.started', turn: 0, prompt: 'hi' }),
      ev({
        type: 'compaction.completed',
        trigger: 'auto',
        summary: 'The work so far.',
        tokensBefore: 9000,
        tokensAfter: 800,
      }),
      ev({ type: 'turn.started', turn: 1, prompt: 'go on' }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['prompt', 'compaction', 'prompt']);
    expect(items[1]).toMatchObject({
      trigger: 'auto',
      summary: 'The work so far.',
      tokensBefore: 9000,
      tokensAfter: 800,
    });
  });

  it('returns the same array when nothing visible changed, so the pane does not re-render', () => {
    const b = new TranscriptBuilder();
    const first = b.apply([ev({ type: 'turn.started', turn: 0, prompt: 'x' })]);
    expect(b.apply([ev({ type: 'tool.result', turn: 0, callId: 'c', output: 'o', isError: false })])).toBe(first);
  });

  it("shows an agent hook's prompt as a folded step, never as the person's words (they are the repository's)", () => {
    const b = new TranscriptBuilder();
    const prompt = 'Update docs/INDEX for the change.\n\nFiles saved:\n- guide.md';
    const items = b.apply([ev({ type: 'turn.started', turn: 0, prompt, origin: 'hook' })]);
    expect(items).toEqual([
      { kind: 'step', id: expect.any(String), title: "Hook: a hook's prompt is sent to the agent", text: prompt },
    ]);
  });

  it('shows a spec workflow as the person wrote it: the idea as their message, each stage prompt as a folded step', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({
        type: 'spec.started',
        spec: 'csv',
        kind: 'feature',
        workflow: 'requirements-first',
        idea: 'Export todos as CSV',
      }),
      ev({
        type: 'spec.stage',
        spec: 'csv',
        stage: 'requirements',
        state: 'writing',
        file: '.kiro/specs/csv/requirements.md',
      }),
      ev({
        type: 'turn.started',
        turn: 0,
        prompt: 'Write .kiro/specs/csv/requirements.md now. ...',
        origin: 'workflow',
      }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['prompt', 'step']);
    expect(items[0]).toMatchObject({ kind: 'prompt', text: 'Export todos as CSV' });
    expect(items[1]).toMatchObject({
      kind: 'step',
      title: 'Spec workflow: the agent is asked to write requirements.md',
      text: expect.stringContaining('Write .kiro/specs/csv/requirements.md now.'),
    });
    const later = b.apply([
      ev({
        type: 'spec.stage',
        spec: 'csv',
        stage: 'requirements',
        state: 'awaiting-approval',
        file: '.kiro/specs/csv/requirements.md',
      }),
      ev({
        type: 'spec.decision',
        spec: 'csv',
        stage: 'requirements',
        decision: 'request-changes',
        comments: 'More criteria.',
      }),
      ev({
        type: 'spec.stage',
        spec: 'csv',
        stage: 'requirements',
        state: 'writing',
        file: '.kiro/specs/csv/requirements.md',
      }),
      ev({ type: 'turn.started', turn: 1, prompt: 'Revise ...', origin: 'workflow' }),
      ev({ type: 'spec.decision', spec: 'csv', stage: 'requirements', decision: 'approve' }),
      ev({ type: 'spec.stage', spec: 'csv', stage: 'design', state: 'writing', file: '.kiro/specs/csv/design.md' }),
      ev({ type: 'turn.started', turn: 2, prompt: 'Write design', origin: 'workflow' }),
    ]);
    expect(later.filter((i) => i.kind === 'step').map((i) => (i.kind === 'step' ? i.title : ''))).toEqual([
      'Spec workflow: the agent is asked to write requirements.md',
      'Spec workflow: the agent is asked to revise requirements.md',
      'Spec workflow: the agent is asked to write design.md',
    ]);
  });

  it("shows a log written before turn origins existed as before: every prompt is the person's", () => {
    const b = new TranscriptBuilder();
    expect(b.apply([ev({ type: 'turn.started', turn: 0, prompt: 'fix the build' })])).toEqual([
      { kind: 'prompt', id: expect.any(String), text: 'fix the build' },
    ]);
  });

  it('shows each retry as it happens, and a final failure as an error', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({ type: 'error', message: 'HTTP 503; retrying in 0.5 s (1/5)', willRetry: true }),
      ev({ type: 'error', message: 'HTTP 503; retrying in 1.0 s (2/5)', willRetry: true }),
      ev({ type: 'turn.failed', turn: 0, error: 'HTTP 503', reason: 'error' }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['retry', 'retry', 'notice']);
    expect(items[1]).toMatchObject({ text: 'HTTP 503; retrying in 1.0 s (2/5)' });
    expect(items[2]).toMatchObject({ tone: 'error' });
  });
});
