import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockTurn } from '../e2e/mock-model';
import type { SessionEventBody } from '../electron/contract';
import { refuseAll } from '../electron/core/approvals/approval-policy';
import { UnconfinedExecutor } from '../electron/core/sandbox/unconfined-executor';
import { AgentSession, type AgentSessionOptions } from '../electron/core/session/agent-session';
import { COMPACT_PROMPT } from '../electron/core/session/compaction';
import { SessionLog } from '../electron/core/session/session-log';
import { mockModelClient } from '../electron/core/testing/mock-model-client';
import { tempDir } from '../electron/core/testing/temp-repo';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';
import { sessionBodies } from './support/session-bodies';

const TURNS = 200;
const MAX_ADDED_CALLS = 1;
const EVENTS = 100_000;
/** A compaction every this many turns of the 100,000-event log (about 25 in all). */
const COMPACT_EVERY = 20;
const RUNS = 5;
const GOAL_MS = 1000;

const say = (text: string): MockTurn => ({ items: [{ type: 'message', text }] });
const SUMMARY = `SUMMARY-OF-THE-WORK ${'The tests pass; next, the docs. '.repeat(40)}`;

function options(home: string, client: AgentSessionOptions['client'], extra: Partial<AgentSessionOptions> = {}) {
  return {
    home,
    cwd: home,
    model: 'gpt-test',
    providerId: 'mock',
    client,
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: [],
    executor: new UnconfinedExecutor(),
    env: {},
    sandboxMode: 'read-only',
    approvalPolicy: 'never',
    approver: refuseAll,
    ...extra,
  } satisfies AgentSessionOptions;
}

/**
 * The model calls one more turn of a 200-turn session costs with compaction and without: resumed from the same log,
 * the next prompt is sent as is, after an automatic compaction (the limit passed), and after /compact.
 */
async function addedCalls(): Promise<{ figures: Figure[]; notes: string[] }> {
  const answers = Array.from({ length: 2 * TURNS + 10 }, (_, k) => say(`Answer ${k}: done, the tests pass.`));
  const model = await startMockModel({
    turns: answers,
    branches: [
      { contains: COMPACT_PROMPT.split('\n')[0], turns: Array.from({ length: 2 * TURNS + 10 }, () => say(SUMMARY)) },
      { contains: 'SUMMARY-OF-THE-WORK', turns: answers },
    ],
  });
  try {
    const home = tempDir('trellis-bench-home-');
    const client = await mockModelClient(model.url);
    const live = await AgentSession.create(options(home, client));
    for (let turn = 0; turn < TURNS; turn++) await live.runTurn(`Task ${turn}: make test ${turn} pass`);
    await live.close();
    const file = live.log.file!;
    const pristine = fs.readFileSync(file);
    const callsFor = async (extra: Partial<AgentSessionOptions>, compactFirst: boolean) => {
      fs.writeFileSync(file, pristine);
      const before = model.requests.length;
      const session = await AgentSession.resume(file, options(home, client, extra));
      if (compactFirst) await session.compact();
      const result = await session.runTurn('And the docs?');
      await session.close();
      if (result.status !== 'completed') throw new Error(`the turn did not complete: ${result.error}`);
      return model.requests.length - before;
    };
    const plain = await callsFor({}, false);
    const auto = (await callsFor({ autoCompactTokenLimit: 1_000 }, false)) - plain;
    const manual = (await callsFor({}, true)) - plain;
    const figure = (label: string, added: number): Figure => ({
      label,
      ms: added,
      unit: 'calls',
      runs: [added],
      goal: `<= ${MAX_ADDED_CALLS} added`,
      ratio: added / MAX_ADDED_CALLS,
      pass: added <= MAX_ADDED_CALLS,
    });
    return {
      figures: [
        {
          label: `the next turn of a ${TURNS}-turn session (baseline)`,
          ms: plain,
          unit: 'calls',
          runs: [plain],
          goal: '',
        },
        figure('calls added by an automatic compaction before it', auto),
        figure('calls added by /compact before it', manual),
      ],
      notes: [
        `A ${TURNS}-turn session logged live against the mock model, resumed for each figure; calls counted at the mock.`,
      ],
    };
  } finally {
    await model.close();
  }
}

/** The 100,000-event log of resume-session.bench.ts, with a compaction every COMPACT_EVERY turns when asked. */
async function writeLog(home: string, compactions: boolean): Promise<string> {
  const log = await SessionLog.create(home);
  let count = 0;
  const append = (body: SessionEventBody) => {
    void log.append(body);
    count++;
  };
  for (const body of sessionBodies(EVENTS)) {
    if (count >= EVENTS) break;
    append(body);
    if (
      compactions &&
      body.type === 'turn.completed' &&
      body.turn % COMPACT_EVERY === COMPACT_EVERY - 1 &&
      count < EVENTS
    )
      append({
        type: 'compaction.completed',
        trigger: 'auto',
        summary: SUMMARY,
        tokensBefore: 120_000,
        tokensAfter: 4_000,
      });
  }
  await log.close();
  return log.file!;
}

/** The logs resumed in turns, each run in the other order, so the machine's noise (and the previous run's garbage) falls on both alike. */
async function resumeTimes(files: string[], home: string): Promise<{ runs: number[]; items: number }[]> {
  const pristine = files.map((file) => fs.readFileSync(file));
  const client: AgentSessionOptions['client'] = {
    wireApi: 'responses',
    stream: () => {
      throw new Error('not used');
    },
  };
  const results = files.map(() => ({ runs: [] as number[], items: 0 }));
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...files.keys()].reverse() : [...files.keys()];
    for (const index of order) {
      const file = files[index];
      fs.writeFileSync(file, pristine[index]);
      const started = performance.now();
      const session = await AgentSession.resume(file, options(path.dirname(file), client, { home }));
      results[index].runs.push(performance.now() - started);
      results[index].items = (session as unknown as { items: unknown[] }).items.length;
      await session.close();
    }
  }
  return results;
}

export const compactionBench: Benchmark = {
  name: `Compaction: model calls it adds to a ${TURNS}-turn session; resuming a compacted ${EVENTS.toLocaleString('en')}-event session`,
  async run(): Promise<BenchResult> {
    const calls = await addedCalls();
    const home = tempDir('trellis-bench-home-');
    const [plain, compacted] = await resumeTimes([await writeLog(home, false), await writeLog(home, true)], home);
    const base = median(plain.runs);
    const ms = median(compacted.runs);
    return {
      figures: [
        ...calls.figures,
        { label: 'resume the log without compactions (baseline)', ms: base, runs: plain.runs, goal: '' },
        {
          label: `resume the log with a compaction every ${COMPACT_EVERY} turns`,
          ms,
          runs: compacted.runs,
          goal: `< ${GOAL_MS} ms`,
          ratio: ms / base,
          pass: ms < GOAL_MS,
        },
      ],
      notes: [
        ...calls.notes,
        `Resume: ${(ms / GOAL_MS).toFixed(2)}x the 1 s goal; the compacted conversation has ${compacted.items.toLocaleString('en')} items, the plain one ${plain.items.toLocaleString('en')}. Median of ${RUNS} runs.`,
      ],
    };
  },
};
