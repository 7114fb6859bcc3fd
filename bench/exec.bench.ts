import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockScenario } from '../e2e/mock-model';
import { mockConfiguredHome } from '../e2e/support/exec-harness';
import { tempDir, tempRepo } from '../electron/core/testing/temp-repo';
import { codexBinary, codexHome } from './support/codex';
import { timeProcess } from './support/time-process';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';

const RUNS = 3;
const GOAL_RATIO = 0.5;

const ONE_MESSAGE: MockScenario = { turns: [{ items: [{ type: 'message', text: 'Hello from the mock model.' }] }] };

/**
 * 20 tool calls, one per model turn (10 commands, 10 patches), then a final message. Patches go
 * as `apply_patch <<'EOF'` through exec_command: Codex offers its freeform apply_patch tool only
 * for models in its bundled catalog, never for a custom provider, and both agents treat the
 * heredoc as a patch, not a command.
 */
function twentyCalls(): MockScenario {
  const turns: MockScenario['turns'] = [];
  for (let i = 0; i < 10; i++) {
    turns.push({
      items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo step-${i}` }) }],
    });
    const patch = `*** Begin Patch\n*** Add File: f${i}.txt\n+file ${i}\n*** End Patch`;
    turns.push({
      items: [
        {
          type: 'function_call',
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: `apply_patch <<'EOF'\n${patch}\nEOF\n` }),
        },
      ],
    });
  }
  turns.push({ items: [{ type: 'message', text: 'Twenty calls done.' }] });
  return { turns };
}

/** Median wall time of an agent CLI on a scenario, each run in a fresh repository. */
async function measure(
  scenario: MockScenario,
  agent: (repo: string, url: string) => { command: string; args: string[]; env: NodeJS.ProcessEnv },
  check: (repo: string) => boolean,
): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const model = await startMockModel(scenario);
    const repo = tempRepo({ 'README.md': '# bench\n' });
    const { command, args, env } = agent(repo, model.url);
    const result = await timeProcess(command, args, { cwd: repo, env });
    await model.close();
    if (result.code !== 0 || !check(repo))
      throw new Error(
        `${path.basename(command)} failed the scenario (exit ${result.code}): ${result.stderr.slice(-800)}`,
      );
    times.push(result.ms);
  }
  return times;
}

export const execBench: Benchmark = {
  name: 'trellis exec against the real Codex CLI, same mock model, same scenarios',
  async run(): Promise<BenchResult> {
    const calls = twentyCalls();
    const allFiles = (repo: string) =>
      Array.from({ length: 10 }, (_, i) => fs.existsSync(path.join(repo, `f${i}.txt`))).every(Boolean);
    const always = () => true;
    const trellis = (_repo: string, url: string) => ({
      command: process.execPath,
      args: [path.resolve('bin/trellis.js'), 'exec', '--ephemeral', 'do the task'],
      env: { ...process.env, TRELLIS_HOME: mockConfiguredHome(url) },
    });
    const t1 = await measure(ONE_MESSAGE, trellis, always);
    const t20 = await measure(calls, trellis, allFiles);
    const notes = [
      `Medians of ${RUNS} runs; each run starts the CLI cold in a fresh repository with a fresh mock model.`,
    ];

    const codex = codexBinary();
    if ('skipped' in codex) {
      notes.unshift(`Codex baseline skipped: ${codex.skipped}. Trellis figures are shown without ratios.`);
      return {
        figures: [
          { label: 'trellis exec: one message', ms: median(t1), runs: t1, goal: `<= ${GOAL_RATIO}x Codex` },
          { label: 'trellis exec: 20 tool calls', ms: median(t20), runs: t20, goal: `<= ${GOAL_RATIO}x Codex` },
        ],
        notes,
      };
    }
    const codexAgent = (_repo: string, url: string) => ({
      command: codex.native,
      args: ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'do the task'],
      env: { ...process.env, CODEX_HOME: codexHome(tempDir('codex-home-'), url), OPENAI_API_KEY: 'unused' },
    });
    const c1 = await measure(ONE_MESSAGE, codexAgent, always);
    const c20 = await measure(calls, codexAgent, allFiles);
    const ratio = (a: number[], b: number[]) => median(a) / median(b);
    const figures: Figure[] = [
      { label: `codex exec: one message (native ${codex.version}, baseline)`, ms: median(c1), runs: c1, goal: '' },
      {
        label: 'trellis exec: one message',
        ms: median(t1),
        runs: t1,
        goal: `<= ${GOAL_RATIO}x Codex`,
        ratio: ratio(t1, c1),
        pass: ratio(t1, c1) <= GOAL_RATIO,
      },
      { label: `codex exec: 20 tool calls (native ${codex.version}, baseline)`, ms: median(c20), runs: c20, goal: '' },
      {
        label: 'trellis exec: 20 tool calls',
        ms: median(t20),
        runs: t20,
        goal: `<= ${GOAL_RATIO}x Codex`,
        ratio: ratio(t20, c20),
        pass: ratio(t20, c20) <= GOAL_RATIO,
      },
    ];
    notes.unshift(
      `Per tool call overhead (20-call run minus one-message run, over 20): Trellis ${((median(t20) - median(t1)) / 20).toFixed(1)} ms, Codex ${((median(c20) - median(c1)) / 20).toFixed(1)} ms.`,
      'Both run with the sandbox off (Trellis danger-full-access, Codex --dangerously-bypass-approvals-and-sandbox): these figures are the agents; what the kernel sandbox adds per command is in the sandbox benchmark. Codex runs as its native binary, as a standalone install starts it (its npm launcher adds a Node start).',
    );
    return { figures, notes };
  },
};
