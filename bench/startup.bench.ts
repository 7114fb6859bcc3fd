import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockScenario } from '../e2e/mock-model';
import { mockConfiguredHome } from '../e2e/support/exec-harness';
import { tempDir, tempRepo } from '../electron/core/testing/temp-repo';
import { codexBinary, codexHome } from './support/codex';
import { timeProcess } from './support/time-process';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';

const RUNS = 20;
/** The goals, as Trellis time over the native Codex binary's time. */
const GOAL_EXEC_RATIO = 0.5;
const GOAL_SANDBOX_RATIO = 1.8;

const ONE_MESSAGE: MockScenario = { turns: [{ items: [{ type: 'message', text: 'Hello from the mock model.' }] }] };

interface Line {
  label: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The two start-up figures of issue 13, each against the native Codex binary in the same run:
 * `exec` answering one message and `sandbox -- true`. The command lines take turns, round after
 * round, so load on a shared machine hits them alike; the first round is a warm-up.
 */
export const startupBench: Benchmark = {
  name: 'Start-up: trellis exec (one message) and trellis sandbox -- true against the native Codex binary',
  async run(): Promise<BenchResult> {
    const codex = codexBinary();
    const model = await startMockModel(ONE_MESSAGE);
    const repo = tempRepo({ 'README.md': '# bench\n' });
    const trellisExecHome = mockConfiguredHome(model.url);
    const trellisSandboxHome = tempDir('trellis-startup-bench-home-'); // no config: sandbox_mode read-only, as a new user has it
    // Codex refuses a CODEX_HOME under /tmp for its sandbox's launcher links, so its home goes in /var/tmp.
    const codexHomeDir =
      'skipped' in codex ? '' : codexHome(fs.mkdtempSync('/var/tmp/codex-startup-bench-'), model.url);
    const trellis = path.resolve('bin/trellis.js');
    const sandboxed = process.platform === 'linux';

    const lines: Line[] = [
      { label: 'node -e 0 (Node start-up, for scale)', command: process.execPath, args: ['-e', '0'], env: process.env },
    ];
    if (!('skipped' in codex)) {
      const env = { ...process.env, CODEX_HOME: codexHomeDir, OPENAI_API_KEY: 'unused' };
      lines.push({
        label: 'codex exec',
        command: codex.native,
        args: ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'say hello'],
        env,
      });
      if (sandboxed)
        lines.push({ label: 'codex sandbox', command: codex.native, args: ['sandbox', '--', 'true'], env });
    }
    lines.push({
      label: 'trellis exec',
      command: process.execPath,
      args: [trellis, 'exec', '--ephemeral', 'say hello'],
      env: { ...process.env, TRELLIS_HOME: trellisExecHome },
    });
    if (sandboxed)
      lines.push({
        label: 'trellis sandbox',
        command: process.execPath,
        args: [trellis, 'sandbox', '--', 'true'],
        env: { ...process.env, TRELLIS_HOME: trellisSandboxHome },
      });

    const runs = new Map<string, number[]>(lines.map((line) => [line.label, []]));
    try {
      for (let round = -1; round < RUNS; round++) {
        for (const line of lines) {
          const result = await timeProcess(line.command, line.args, { cwd: repo, env: line.env });
          if (result.code !== 0)
            throw new Error(`${line.label} failed (exit ${result.code}): ${result.stderr.slice(-600)}`);
          if (round >= 0) runs.get(line.label)!.push(result.ms);
        }
      }
    } finally {
      await model.close();
      for (const dir of [repo, trellisExecHome, trellisSandboxHome, codexHomeDir])
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }

    const figure = (label: string, shown: string, goal = '', baseline?: string, goalRatio?: number): Figure => {
      const times = runs.get(label)!;
      if (!baseline || !runs.has(baseline)) return { label: shown, ms: median(times), runs: times, goal };
      const ratio = median(times) / median(runs.get(baseline)!);
      return { label: shown, ms: median(times), runs: times, goal, ratio, pass: ratio <= goalRatio! };
    };
    const version = 'skipped' in codex ? '' : codex.version;
    const figures: Figure[] = [figure('node -e 0 (Node start-up, for scale)', 'node -e 0 (Node start-up, for scale)')];
    if (runs.has('codex exec'))
      figures.push(figure('codex exec', `codex exec: one message (native ${version}, baseline)`));
    figures.push(
      figure(
        'trellis exec',
        'trellis exec: one message',
        `<= ${GOAL_EXEC_RATIO}x Codex`,
        'codex exec',
        GOAL_EXEC_RATIO,
      ),
    );
    if (sandboxed) {
      if (runs.has('codex sandbox'))
        figures.push(figure('codex sandbox', `codex sandbox -- true (native ${version}, baseline)`));
      figures.push(
        figure(
          'trellis sandbox',
          'trellis sandbox -- true',
          `<= ${GOAL_SANDBOX_RATIO}x Codex`,
          'codex sandbox',
          GOAL_SANDBOX_RATIO,
        ),
      );
    }
    const notes = [
      `Medians of ${RUNS} cold starts each, the command lines taking turns (one warm-up round first); a ratio is Trellis's median over the native Codex binary's.`,
      'exec: one mock model for every run, sandbox off on both sides (Trellis danger-full-access, Codex --dangerously-bypass-approvals-and-sandbox). sandbox: read-only mode, the default, from a fresh home.',
    ];
    if ('skipped' in codex)
      notes.unshift(`Codex baseline skipped: ${codex.skipped}. Trellis figures are shown without ratios.`);
    if (!sandboxed)
      notes.push(`sandbox figures skipped: the bubblewrap sandbox is Linux-only (this is ${process.platform}).`);
    return { figures, notes };
  },
};
