import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent => ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

describe('TranscriptBuilder', () => {
  it('streams a message from deltas and settles it on completion', () => {
    const b = new TranscriptBuilder();
    b.apply([ev({ type: 'turn.started', turn: 0, prompt: 'hi' }), ev({ type: 'message.delta', turn: 0, itemId: 'm1', text: 'Hel' })]);
    const items = b.apply([ev({ type: 'message.delta', turn: 0, itemId: 'm1', text: 'lo' })]);
    expect(items).toEqual([
      { kind: 'prompt', id: expect.any(String), text: 'hi' },
      { kind: 'message', id: 'msg-m1', text: 'Hello', streaming: true },
    ]);
    expect(b.apply([ev({ type: 'message.completed', turn: 0, itemId: 'm1', text: 'Hello.' })])[1]).toEqual({ kind: 'message', id: 'msg-m1', text: 'Hello.', streaming: false });
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
    const done = b.apply([ev({ type: 'exec.completed', turn: 0, callId: 'c1', command: 'make', cwd: '/r', exitCode: 2, durationMs: 5, output: 'building\nfailed\n', timedOut: false })]);
    expect(done[1]).toMatchObject({ kind: 'command', exitCode: 2, running: false, output: 'building\nfailed\n' });
  });

  it('returns the same array when nothing visible changed, so the pane does not re-render', () => {
    const b = new TranscriptBuilder();
    const first = b.apply([ev({ type: 'turn.started', turn: 0, prompt: 'x' })]);
    expect(b.apply([ev({ type: 'tool.result', turn: 0, callId: 'c', output: 'o', isError: false })])).toBe(first);
  });
});
