import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir, tempRepo } from '../electron/core/testing/temp-repo';
import { buildSandboxPolicy } from '../electron/core/sandbox/build-policy';
import { BwrapExecutor } from '../electron/core/sandbox/linux/bwrap-executor';
import { runProcessGroup, UnconfinedExecutor } from '../electron/core/sandbox/unconfined-executor';
import type { Executor } from '../electron/core/sandbox/executor';
import { codexBinary } from './support/codex';
import { timeProcess } from './support/time-process';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';

const IN_PROCESS_RUNS = 30;
const CLI_RUNS = 10;
const GOAL_OVERHEAD_MS = 15;
/** `trellis sandbox -- true` against the native `codex sandbox -- true`: Trellis starts Node first, Codex does not. */
const GOAL_SANDBOX_RATIO = 1.8;

/** Median wall time of a whole command line, run `CLI_RUNS` times after one warm-up. */
async function commandLine(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number[]> {
  const times: number[] = [];
  for (let run = -1; run < CLI_RUNS; run++) {
    const result = await timeProcess(command, args, options);
    if (result.code !== 0)
      throw new Error(
        `${path.basename(command)} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.slice(-600)}`,
      );
    if (run >= 0) times.push(result.ms);
  }
  return times;
}

export const sandboxBench: Benchmark = {
  name: 'Linux sandbox: bubblewrap + seccomp per command, and `trellis sandbox -- true` beside `codex sandbox -- true`',
  async run(): Promise<BenchResult> {
    if (process.platform !== 'linux')
      return { figures: [], notes: [`skipped: the bubblewrap executor is Linux-only (this is ${process.platform})`] };
    const found = await BwrapExecutor.detect();
    if (!found.ok) return { figures: [], notes: [`skipped: ${found.reason}. ${found.fix}`] };

    // Per command, in one process: the same `true` through both executors, interleaved so drift hits both alike.
    const ws = tempRepo({ 'README.md': '# bench\n' }); // a typical workspace: a repository, .git protected, .trellis not there yet
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: ws,
      home: path.join(os.homedir(), '.trellis'),
      userHome: os.homedir(),
    });
    const bwrap = new BwrapExecutor(policy, { bwrap: found.bwrap, perms: found.perms });
    const plain = new UnconfinedExecutor();
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir() };
    const once = async (executor: Pick<Executor, 'description' | 'run'>) => {
      const started = performance.now();
      const result = await executor.run({ argv: ['true'], cwd: ws, env, timeoutMs: 10_000 });
      if (result.exitCode !== 0) throw new Error(`${executor.description}: true failed: ${result.output}`);
      return performance.now() - started;
    };
    // bubblewrap itself with the namespaces and mounts every command needs, and no policy: the floor.
    const rawArgs = [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-net',
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
      '--ro-bind',
      '/',
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--',
      'true',
    ];
    const raw: Pick<Executor, 'description' | 'run'> = {
      description: 'raw bwrap',
      run: (request) => runProcessGroup({ ...request, argv: [found.bwrap, ...rawArgs] }),
    };
    for (const executor of [plain, raw, bwrap]) await once(executor);
    const plainRuns: number[] = [];
    const rawRuns: number[] = [];
    const bwrapRuns: number[] = [];
    for (let i = 0; i < IN_PROCESS_RUNS; i++) {
      plainRuns.push(await once(plain));
      rawRuns.push(await once(raw));
      bwrapRuns.push(await once(bwrap));
    }
    const overhead = median(bwrapRuns) - median(plainRuns);
    const pairwise = bwrapRuns.map((t, i) => t - plainRuns[i]);

    // Whole command lines, cold each time.
    const home = tempDir('trellis-sandbox-bench-home-');
    const trellisRuns = await commandLine(process.execPath, [path.resolve('bin/trellis.js'), 'sandbox', '--', 'true'], {
      cwd: ws,
      env: { ...process.env, TRELLIS_HOME: home },
    });
    const nodeRuns = await commandLine(process.execPath, ['-e', '0'], { cwd: ws, env: process.env });

    const figures: Figure[] = [
      {
        label: `UnconfinedExecutor: true (median of ${IN_PROCESS_RUNS})`,
        ms: median(plainRuns),
        runs: plainRuns,
        goal: '',
      },
      { label: `raw bwrap, namespaces + /dev + /proc, no policy: true`, ms: median(rawRuns), runs: rawRuns, goal: '' },
      {
        label: `BwrapExecutor: true (median of ${IN_PROCESS_RUNS})`,
        ms: median(bwrapRuns),
        runs: bwrapRuns,
        goal: `<= +${GOAL_OVERHEAD_MS} ms`,
      },
      {
        label: 'BwrapExecutor overhead per command',
        ms: overhead,
        runs: pairwise,
        goal: `<= ${GOAL_OVERHEAD_MS} ms`,
        pass: overhead <= GOAL_OVERHEAD_MS,
      },
      {
        label: '  of which raw bwrap',
        ms: median(rawRuns) - median(plainRuns),
        runs: rawRuns.map((t, i) => t - plainRuns[i]),
        goal: '',
      },
      { label: 'node -e 0 (Node start-up, for scale)', ms: median(nodeRuns), runs: nodeRuns, goal: '' },
    ];
    const notes = [
      `Per-command figures run \`true\` in one process, taking turns; an overhead is a difference of medians (its runs column: pairwise differences). Policy: workspace-write, ${policy.denyRead.length} deny entries (${bwrap.plan({ argv: ['true'], cwd: ws, env }).args.filter((a) => a.startsWith('--')).length} bwrap options in all), network off, seccomp on.`,
      `Command lines: median of ${CLI_RUNS} cold runs after one warm-up, read-only mode (the default), from a fresh TRELLIS_HOME.`,
    ];

    const cleanUp = () => [ws, home].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    const codex = codexBinary();
    if ('skipped' in codex) {
      notes.push(`Codex baseline skipped: ${codex.skipped}.`);
      figures.push({ label: 'trellis sandbox -- true', ms: median(trellisRuns), runs: trellisRuns, goal: '' });
      cleanUp();
      return { figures, notes };
    }
    // Codex refuses a CODEX_HOME under /tmp for its launcher links, so its home goes in /var/tmp.
    const codexHome = fs.mkdtempSync('/var/tmp/codex-sandbox-bench-');
    const codexEnv = { ...process.env, CODEX_HOME: codexHome };
    let nativeRuns: number[];
    try {
      nativeRuns = await commandLine(codex.native, ['sandbox', '--', 'true'], { cwd: ws, env: codexEnv });
    } catch (err) {
      notes.push(
        `Codex baseline skipped: \`codex sandbox -- true\` does not run here: ${(err as Error).message.split('\n')[0]}`,
      );
      figures.push({ label: 'trellis sandbox -- true', ms: median(trellisRuns), runs: trellisRuns, goal: '' });
      fs.rmSync(codexHome, { recursive: true, force: true });
      cleanUp();
      return { figures, notes };
    }
    const launcherRuns = await commandLine(codex.launcher, ['sandbox', '--', 'true'], { cwd: ws, env: codexEnv });
    const ratio = median(trellisRuns) / median(nativeRuns);
    figures.push(
      {
        label: 'codex sandbox -- true (npm launcher: Node, then the native binary)',
        ms: median(launcherRuns),
        runs: launcherRuns,
        goal: '',
      },
      {
        label: `codex sandbox -- true (native ${codex.version}, baseline)`,
        ms: median(nativeRuns),
        runs: nativeRuns,
        goal: '',
      },
      {
        label: 'trellis sandbox -- true',
        ms: median(trellisRuns),
        runs: trellisRuns,
        goal: `<= ${GOAL_SANDBOX_RATIO}x Codex`,
        ratio,
        pass: ratio <= GOAL_SANDBOX_RATIO,
      },
    );
    notes.push(
      `\`codex sandbox -- true\` is Codex ${codex.version} on Linux: the native binary re-executes itself as codex-linux-sandbox and then bwrap. The goal is the issue's: at most ${GOAL_SANDBOX_RATIO}x the native binary (Node's own start is most of that).`,
    );
    fs.rmSync(codexHome, { recursive: true, force: true });
    cleanUp();
    return { figures, notes };
  },
};
