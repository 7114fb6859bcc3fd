import type { SessionEventBody } from '../../electron/contract';

/** A realistic mix: streamed deltas and command output dominate, with the calls and results between them. */
export function* sessionBodies(events: number): Generator<SessionEventBody> {
  yield {
    type: 'session.started',
    cwd: '/repo',
    model: 'gpt-test',
    provider: 'mock',
    sandbox: 'workspace-write',
    approval: 'on-request',
    source: 'exec',
  };
  let seq = 1;
  for (let turn = 0; seq < events; turn++) {
    yield { type: 'turn.started', turn, prompt: `Task number ${turn}: make the tests pass` };
    seq++;
    for (let step = 0; step < 10 && seq < events - 8; step++) {
      const callId = `call_${turn}_${step}`;
      for (let d = 0; d < 20; d++, seq++)
        yield { type: 'message.delta', turn, itemId: `msg_${turn}_${step}`, text: 'word '.repeat(4) };
      yield { type: 'message.completed', turn, itemId: `msg_${turn}_${step}`, text: 'word '.repeat(80) };
      yield {
        type: 'tool.call',
        turn,
        callId,
        tool: 'exec_command',
        input: JSON.stringify({ cmd: 'npm test -- --run' }),
        kind: 'function',
      };
      yield { type: 'exec.started', turn, callId, command: 'npm test -- --run', cwd: '/repo' };
      for (let o = 0; o < 30; o++, seq++)
        yield { type: 'exec.output', turn, callId, stream: 'stdout', chunk: `✓ test ${o} passes in ${o} ms\n` };
      const output = 'line of output\n'.repeat(40);
      yield {
        type: 'exec.completed',
        turn,
        callId,
        command: 'npm test -- --run',
        cwd: '/repo',
        exitCode: 0,
        durationMs: 1200,
        output,
        timedOut: false,
      };
      yield { type: 'tool.result', turn, callId, output: `Exit code: 0\nOutput:\n${output}`, isError: false };
      seq += 5;
    }
    const usage = { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 100, reasoningTokens: 0, costUsd: 0.01 };
    yield { type: 'turn.completed', turn, usage, sessionUsage: usage };
    seq++;
  }
}
