import fs from 'node:fs';
import path from 'node:path';
import type { SessionEventBody } from '../electron/contract';
import { AgentSession } from '../electron/core/session/agent-session';
import { SessionLog } from '../electron/core/session/session-log';
import { refuseAll } from '../electron/core/approvals/approval-policy';
import { UnconfinedExecutor } from '../electron/core/sandbox/unconfined-executor';
import { tempDir } from '../electron/core/testing/temp-repo';
import { median, type Benchmark, type BenchResult } from './support/report';

const EVENTS = 100_000;
const RUNS = 5;
const GOAL_MS = 1000;

/** A realistic mix: streamed deltas and command output dominate, with the calls and results between them. */
function* sessionBodies(): Generator<SessionEventBody> {
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
  for (let turn = 0; seq < EVENTS; turn++) {
    yield { type: 'turn.started', turn, prompt: `Task number ${turn}: make the tests pass` };
    seq++;
    for (let step = 0; step < 10 && seq < EVENTS - 8; step++) {
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

export const resumeSessionBench: Benchmark = {
  name: `Resume a session of ${EVENTS.toLocaleString('en')} events`,
  async run(): Promise<BenchResult> {
    const home = tempDir('trellis-bench-home-');
    const log = await SessionLog.create(home);
    let count = 0;
    for (const body of sessionBodies()) {
      void log.append(body);
      if (++count >= EVENTS) break;
    }
    await log.close();
    const file = log.file!;
    const bytes = fs.statSync(file).size;
    const pristine = fs.readFileSync(file);

    const runs: number[] = [];
    let items = 0;
    for (let run = 0; run < RUNS; run++) {
      fs.writeFileSync(file, pristine);
      const started = performance.now();
      const session = await AgentSession.resume(file, {
        home,
        cwd: path.dirname(file),
        model: 'gpt-test',
        providerId: 'mock',
        client: {
          wireApi: 'responses',
          stream: () => {
            throw new Error('not used');
          },
        },
        streamMaxRetries: 0,
        instructions: '',
        tools: [],
        executor: new UnconfinedExecutor(),
        env: {},
        sandboxMode: 'read-only',
        approvalPolicy: 'never',
        approver: refuseAll,
      });
      runs.push(performance.now() - started);
      items = (session as unknown as { items: unknown[] }).items.length;
      await session.close();
    }
    const ms = median(runs);
    return {
      figures: [
        {
          label: 'resume: read, validate and rebuild the conversation',
          ms,
          runs,
          goal: `< ${GOAL_MS} ms`,
          pass: ms < GOAL_MS,
        },
      ],
      notes: [
        `Log: ${count.toLocaleString('en')} events, ${(bytes / 2 ** 20).toFixed(1)} MiB; the rebuilt conversation has ${items.toLocaleString('en')} items. Median of ${RUNS} runs.`,
      ],
    };
  },
};
