import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

const repo = '/work/repo';
const started = ev({
  type: 'session.started',
  cwd: repo,
  model: 'gpt-test',
  provider: 'mock',
  sandbox: 'workspace-write',
  approval: 'never',
  source: 'window',
});
const ref = (runId: string, event: string, hook = `${event}-hook`, file = `${repo}/.codex/hooks.json`) => ({
  runId,
  hook,
  file,
  format: 'codex-json' as const,
  event,
  turn: 0,
});
const hookStarted = (runId: string, event: string, hook?: string, file?: string) =>
  ev({ type: 'hook.started', ...ref(runId, event, hook, file) });
const hookDone = (
  runId: string,
  event: string,
  end: Partial<Extract<SessionEventBody, { type: 'hook.completed' }>> = {},
  hook?: string,
  file?: string,
) =>
  ev({
    type: 'hook.completed',
    ...ref(runId, event, hook, file),
    status: 'completed',
    durationMs: 12,
    exitCode: 0,
    output: '',
    ...end,
  });
const execStarted = (callId: string, command: string) =>
  ev({ type: 'exec.started', turn: 0, callId, command, cwd: repo });
const execDone = (callId: string, command: string) =>
  ev({
    type: 'exec.completed',
    turn: 0,
    callId,
    command,
    cwd: repo,
    exitCode: 0,
    output: 'ok\n',
    durationMs: 3,
    timedOut: false,
  });

/** A turn with a UserPromptSubmit hook, a PreToolUse deny, a guarded command between its two hooks, and a Stop hook at the end. */
function sessionLog(): SessionEvent[] {
  return [
    started,
    hookStarted('u-1', 'UserPromptSubmit'),
    hookDone('u-1', 'UserPromptSubmit'),
    ev({ type: 'turn.started', turn: 0, prompt: 'tidy up' }),
    // The first call is denied: no command runs, nothing comes between it and the next call's hooks.
    hookStarted('pre-1', 'PreToolUse', 'no-rm'),
    hookDone('pre-1', 'PreToolUse', { status: 'blocked', exitCode: 2, reason: 'rm is not allowed here' }, 'no-rm'),
    hookStarted('pre-2', 'PreToolUse', 'no-rm'),
    hookStarted('pre-2b', 'PreToolUse', 'audit'),
    hookDone('pre-2b', 'PreToolUse', { output: 'audited' }, 'audit'),
    hookDone('pre-2', 'PreToolUse', {}, 'no-rm'),
    execStarted('c2', 'ls'),
    execDone('c2', 'ls'),
    hookStarted('post-2', 'PostToolUse'),
    hookDone('post-2', 'PostToolUse', { output: 'formatted 1 file\nsecond line' }),
    ev({ type: 'message.completed', turn: 0, itemId: 'm1', text: 'Done.' }),
    hookStarted('stop-1', 'Stop'),
    hookDone('stop-1', 'Stop', { output: '{"suppressOutput":true}', suppressOutput: true, systemMessage: 'checked' }),
  ];
}

const shape = (items: ReturnType<TranscriptBuilder['apply']>) =>
  items.map((i) => (i.kind === 'hooks' ? `${i.event}[${i.runs.map((r) => r.hook).join(',')}]` : i.kind));

describe('hook runs in the transcript', () => {
  it('places each moment where it happened and keeps concurrent runs of one moment together', () => {
    const items = new TranscriptBuilder().apply(sessionLog());
    expect(shape(items)).toEqual([
      'prompt',
      'UserPromptSubmit[UserPromptSubmit-hook]', // logged before the turn, shown after its prompt
      'PreToolUse[no-rm]', // the denied call: a moment of its own
      'PreToolUse[no-rm,audit]', // the next call's two hooks, run at once: one entry
      'command',
      'PostToolUse[PostToolUse-hook]',
      'message',
      'Stop[Stop-hook]',
    ]);
  });

  it('shows running, then how each run ended: a block with its reason, output, duration, the file relative to the folder', () => {
    const b = new TranscriptBuilder();
    const [running] = b.apply([started, hookStarted('r1', 'PreToolUse', 'no-rm')]);
    expect(running).toMatchObject({ kind: 'hooks', runs: [{ status: 'running', durationMs: null }] });
    const items = b.apply([
      hookDone('r1', 'PreToolUse', { status: 'blocked', exitCode: 2, reason: 'rm is not allowed here' }, 'no-rm'),
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'hooks',
      runs: [
        {
          hook: 'no-rm',
          status: 'blocked',
          reason: 'rm is not allowed here',
          durationMs: 12,
          exitCode: 2,
          file: `${repo}/.codex/hooks.json`,
          shownFile: '.codex/hooks.json',
        },
      ],
    });
  });

  it("names a home hook's file by its name (its full path kept), and marks a suppressOutput run", () => {
    const home = '/home/me/.trellis/hooks.json';
    const b = new TranscriptBuilder();
    const items = b.apply([
      started,
      hookStarted('s1', 'Stop', 'check', home),
      hookDone('s1', 'Stop', { status: 'failed', exitCode: 1, output: 'boom', suppressOutput: true }, 'check', home),
    ]);
    expect(items[0]).toMatchObject({
      runs: [{ file: home, shownFile: 'hooks.json', status: 'failed', output: 'boom', suppressOutput: true }],
    });
  });

  it('an async hook that ends after later entries updates its own line where it started', () => {
    const b = new TranscriptBuilder();
    b.apply([started, hookStarted('a1', 'PostToolUse', 'slow')]);
    b.apply([ev({ type: 'message.completed', turn: 0, itemId: 'm1', text: 'Moving on.' })]);
    const items = b.apply([hookDone('a1', 'PostToolUse', { durationMs: 4000, output: 'late' }, 'slow')]);
    expect(shape(items)).toEqual(['PostToolUse[slow]', 'message']);
    expect(items[0]).toMatchObject({ runs: [{ status: 'completed', output: 'late' }] });
  });

  it('shows UserPromptSubmit hooks after the prompt they ran on, though they ran before its turn was logged', () => {
    const items = new TranscriptBuilder().apply([
      started,
      hookStarted('u1', 'UserPromptSubmit', 'lint-prompt'),
      hookDone('u1', 'UserPromptSubmit', { output: 'context added' }, 'lint-prompt'),
      ev({ type: 'turn.started', turn: 0, prompt: 'fix the build' }),
      ev({ type: 'message.completed', turn: 0, itemId: 'm1', text: 'Fixed.' }),
      // A refused prompt has no turn: its hook's block stays, with the notice that says the prompt did not run.
      ev({ type: 'hook.started', ...ref('u2', 'UserPromptSubmit', 'lint-prompt'), turn: 1 }),
      ev({
        type: 'hook.completed',
        ...ref('u2', 'UserPromptSubmit', 'lint-prompt'),
        turn: 1,
        status: 'blocked',
        durationMs: 5,
        exitCode: 2,
        reason: 'no secrets in prompts',
        output: '',
      }),
      ev({
        type: 'error',
        message: 'A UserPromptSubmit hook blocked this prompt: no secrets in prompts',
        willRetry: false,
      }),
    ]);
    expect(shape(items)).toEqual([
      'prompt',
      'UserPromptSubmit[lint-prompt]',
      'message',
      'UserPromptSubmit[lint-prompt]',
      'notice',
    ]);
    expect(items[3]).toMatchObject({ runs: [{ status: 'blocked', reason: 'no secrets in prompts' }] });
  });

  it("shows a running hook's statusMessage until it ends", () => {
    const b = new TranscriptBuilder();
    const [running] = b.apply([
      started,
      ev({ type: 'hook.started', ...ref('p1', 'PreToolUse'), statusMessage: 'Checking the command' }),
    ]);
    expect(running).toMatchObject({ runs: [{ status: 'running', statusMessage: 'Checking the command' }] });
    const [done] = b.apply([hookDone('p1', 'PreToolUse')]);
    expect(done).toMatchObject({ runs: [{ status: 'completed' }] });
  });

  it('a session resumed from its log shows the same entries as the live one did', () => {
    const log = sessionLog();
    const live = new TranscriptBuilder();
    let items = live.items;
    for (const event of log) items = live.apply([event]);
    expect(new TranscriptBuilder().apply(log)).toEqual(items);
  });

  it("says once, as its own entry, that a repository's hooks were not run", () => {
    const items = new TranscriptBuilder().apply([
      started,
      ev({
        type: 'error',
        message: 'not running 1 hook of this repository (guard): not trusted',
        willRetry: false,
        about: 'untrusted-hooks',
      }),
      ev({ type: 'error', message: 'HTTP 500', willRetry: false }),
    ]);
    expect(items).toEqual([
      { kind: 'hooks-untrusted', id: expect.any(String), text: expect.stringContaining('not trusted') },
      { kind: 'notice', id: expect.any(String), text: 'HTTP 500', tone: 'error' },
    ]);
  });
});
