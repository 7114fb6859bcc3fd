import fs from 'node:fs';
import path from 'node:path';
import { AgentSession } from '../electron/core/session/agent-session';
import { SessionLog } from '../electron/core/session/session-log';
import { refuseAll } from '../electron/core/approvals/approval-policy';
import { UnconfinedExecutor } from '../electron/core/sandbox/unconfined-executor';
import { tempDir } from '../electron/core/testing/temp-repo';
import { median, type Benchmark, type BenchResult } from './support/report';
import { sessionBodies } from './support/session-bodies';

const EVENTS = 100_000;
const RUNS = 5;
const GOAL_MS = 1000;

export const resumeSessionBench: Benchmark = {
  name: `Resume a session of ${EVENTS.toLocaleString('en')} events`,
  async run(): Promise<BenchResult> {
    const home = tempDir('trellis-bench-home-');
    const log = await SessionLog.create(home);
    let count = 0;
    for (const body of sessionBodies(EVENTS)) {
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
