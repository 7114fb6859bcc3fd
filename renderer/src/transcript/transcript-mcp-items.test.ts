import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

const call = { server: 'everything', tool: 'echo', arguments: '{"message":"hi"}' };

describe('MCP entries of the transcript', () => {
  it('folds an MCP call from started to completed into one entry with its duration and output', () => {
    const b = new TranscriptBuilder();
    const running = b.apply([ev({ type: 'mcp.call.started', turn: 0, callId: 'c1', ...call })]);
    expect(running).toEqual([
      {
        kind: 'mcp-call',
        id: 'mcp-c1',
        ...call,
        running: true,
        isError: false,
        durationMs: null,
        output: '',
      },
    ]);
    const done = b.apply([
      ev({
        type: 'mcp.call.completed',
        turn: 0,
        callId: 'c1',
        ...call,
        durationMs: 12,
        isError: false,
        output: 'Echo: hi',
      }),
    ]);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ kind: 'mcp-call', running: false, durationMs: 12, output: 'Echo: hi' });
  });

  it('keeps a failed call as failed, with the error the model got', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({ type: 'mcp.call.started', turn: 0, callId: 'c2', ...call }),
      ev({
        type: 'mcp.call.completed',
        turn: 0,
        callId: 'c2',
        ...call,
        durationMs: 3,
        isError: true,
        output: 'server unavailable',
      }),
    ]);
    expect(items[0]).toMatchObject({ running: false, isError: true, output: 'server unavailable' });
  });

  it('shows an MCP approval with server, tool, hints and arguments, then its decision', () => {
    const b = new TranscriptBuilder();
    const mcp = { ...call, annotations: { destructiveHint: true, openWorldHint: true } };
    b.apply([
      ev({
        type: 'approval.requested',
        turn: 0,
        callId: 'c3',
        command: 'everything · echo',
        cwd: '/r',
        subject: 'mcp-tool',
        mcp,
      }),
    ]);
    const items = b.apply([ev({ type: 'approval.decided', turn: 0, callId: 'c3', decision: 'approved-for-session' })]);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'approval',
        subject: 'mcp-tool',
        mcp,
        rememberable: true,
        decision: 'approved-for-session',
      }),
    ]);
  });

  it('offers no "for this session" for a tool that asks every time', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({
        type: 'approval.requested',
        turn: 0,
        callId: 'c4',
        command: 'everything · echo',
        cwd: '/r',
        subject: 'mcp-tool',
        mcp: call,
        rememberable: false,
      }),
    ]);
    expect(items[0]).toMatchObject({ kind: 'approval', rememberable: false });
  });

  it('tells of a server that failed, needs sign-in or was skipped as untrusted; not of one that connected', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([
      ev({ type: 'mcp.server', server: 'everything', state: 'starting' }),
      ev({ type: 'mcp.server', server: 'everything', state: 'connected', tools: 12 }),
      ev({ type: 'mcp.server', server: 'everything', state: 'failed', error: 'exited with code 1' }),
      ev({ type: 'mcp.server', server: 'docs', state: 'needs-auth' }),
      ev({ type: 'mcp.server', server: 'repo-tool', state: 'untrusted' }),
    ]);
    expect(items.map((i) => (i.kind === 'notice' ? [i.tone, i.text] : i.kind))).toEqual([
      ['error', 'MCP server everything failed: exited with code 1'],
      ['info', 'MCP server docs needs you to sign in (Authenticate in MCP servers).'],
      ['info', 'MCP server repo-tool was not started: the repository that defines it is not trusted.'],
    ]);
  });
});
