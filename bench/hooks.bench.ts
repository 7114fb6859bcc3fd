import fs from 'node:fs';
import { HookEngine, type ToolOutcome } from '../electron/core/hooks/hook-engine';
import { matchingHooksForInput } from '../electron/core/hooks/hook-matcher';
import { runCommandHook } from '../electron/core/hooks/hook-runner';
import type { HookDefinition, HookEventName, HookInput } from '../electron/core/hooks/hook-types';
import path from 'node:path';
import { buildSandboxPolicy } from '../electron/core/sandbox/build-policy';
import type { ExecRequest, Executor } from '../electron/core/sandbox/executor';
import { BwrapExecutor } from '../electron/core/sandbox/linux/bwrap-executor';
import { UnconfinedExecutor } from '../electron/core/sandbox/unconfined-executor';
import { tempDir } from '../electron/core/testing/temp-repo';
import { median, type Benchmark, type BenchResult, type Figure } from './support/report';

const CALLS = 150;
const WARM_UP = 15;
const GOAL_NO_HOOKS_RATIO = 1.02;
const GOAL_HOOK_SLACK_MS = 5;
const SHELL = process.platform === 'win32' ? ['cmd.exe', '/d', '/s', '/c'] : ['/bin/bash', '-c'];

function hook(event: HookEventName, command: string): HookDefinition {
  return {
    id: `bench:${event}`,
    name: `bench ${event}`,
    source: { format: 'codex-json', scope: 'user', file: 'bench/hooks.json', position: `${event}[0].hooks[0]` },
    event,
    action: { kind: 'command', command, timeoutMs: 60_000 },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: 'bench',
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Four ways of one exec_command of `true`, taken in turns call by call so the machine's load falls on all alike:
 * the tool path as it was (the executor running the shell), the same through a HookEngine with hooks configured
 * but none for tools, through one with a PreToolUse hook `true`, and that hook's process alone.
 */
async function measure(
  cwd: string,
  executor: Executor,
): Promise<Record<'bare' | 'noHooks' | 'withHook' | 'hookAlone', number[]>> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd };
  const request: ExecRequest = { argv: [...SHELL, 'true'], cwd, env, timeoutMs: 60_000 };
  const run = async (): Promise<ToolOutcome> => {
    const result = await executor.run(request);
    return { output: result.output, isError: result.exitCode !== 0 };
  };
  const engine = (hooks: HookDefinition[]) => {
    const made = new HookEngine({
      hooks,
      runHook: (h, input, signal) => runCommandHook(h, input, { executor, cwd, env, signal }),
      selectHooks: matchingHooksForInput,
    });
    // In memory: the session log's own cost is the resume-session benchmark's.
    const emit = () => Promise.resolve();
    return made
      .attach({ sessionId: 'bench', transcriptPath: null, cwd, model: 'mock', permissionMode: 'default', emit })
      .then(() => made);
  };
  // Hooks configured, but none for tools (a Stop hook): the tool path asks one map and goes on.
  const noHooks = await engine([hook('Stop', 'true')]);
  const withHook = await engine([hook('PreToolUse', 'true')]);
  const call = { callId: 'c1', name: 'exec_command', input: JSON.stringify({ cmd: 'true' }) };
  const at = { turn: 1, signal: new AbortController().signal };
  const input: HookInput = {
    session_id: 'bench',
    transcript_path: null,
    cwd,
    hook_event_name: 'PreToolUse',
    model: 'mock',
    permission_mode: 'default',
    tool_name: 'Bash',
    tool_input: { command: 'true' },
    tool_use_id: 'c1',
  };
  const alone = hook('PreToolUse', 'true');
  const ways = {
    bare: () => run(),
    noHooks: () => noHooks.aroundTool(call, at, run),
    withHook: () => withHook.aroundTool(call, at, run),
    hookAlone: () => runCommandHook(alone, input, { executor, cwd, env }),
  };
  const times = { bare: [] as number[], noHooks: [] as number[], withHook: [] as number[], hookAlone: [] as number[] };
  for (let i = 0; i < WARM_UP; i++) for (const work of Object.values(ways)) await work();
  for (let i = 0; i < CALLS; i++) {
    for (const [key, work] of Object.entries(ways)) times[key as keyof typeof ways].push(await timed(work));
  }
  const check = await withHook.aroundTool(call, at, run);
  if (check.isError) throw new Error(`the hooked call failed: ${check.output}`);
  const hookRun = await ways.hookAlone();
  if (hookRun.status !== 'completed') throw new Error(`the hook alone ${hookRun.status}: ${hookRun.systemMessage}`);
  return times;
}

/** The four figures for one executor. */
function figures(where: string, times: Awaited<ReturnType<typeof measure>>): { figures: Figure[]; note: string } {
  const { bare, noHooks, withHook, hookAlone } = times;
  const added = median(withHook) - median(bare);
  return {
    figures: [
      { label: `${where}: exec_command \`true\`, today's tool path (baseline)`, ms: median(bare), runs: [], goal: '' },
      {
        label: `${where}: the same, hooks configured but none for tools`,
        ms: median(noHooks),
        runs: [],
        goal: `<= ${GOAL_NO_HOOKS_RATIO}x baseline`,
        ratio: median(noHooks) / median(bare),
        pass: median(noHooks) / median(bare) <= GOAL_NO_HOOKS_RATIO,
      },
      { label: `${where}: the hook \`true\` alone (baseline)`, ms: median(hookAlone), runs: [], goal: '' },
      {
        label: `${where}: exec_command \`true\` with a PreToolUse hook \`true\``,
        ms: median(withHook),
        runs: [],
        goal: `added <= hook alone + ${GOAL_HOOK_SLACK_MS} ms`,
        ratio: median(withHook) / median(bare),
        pass: added <= median(hookAlone) + GOAL_HOOK_SLACK_MS,
      },
    ],
    note: `${where}: the hook added ${added.toFixed(2)} ms (median with it minus median without); its own process ${median(hookAlone).toFixed(2)} ms.`,
  };
}

/** The default sandbox (workspace-write under bubblewrap) where the machine has it. */
async function bwrapExecutor(cwd: string): Promise<Executor | string> {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const detection = await BwrapExecutor.detect();
  if (!detection.ok) return detection.reason;
  const home = path.join(cwd, '.bench-home');
  const policy = buildSandboxPolicy({
    mode: 'workspace-write',
    cwd,
    home: path.join(home, '.trellis'),
    userHome: home,
    tmpdir: '',
  });
  return new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms });
}

export const hooksBench: Benchmark = {
  name: 'Hooks: a tool call with no hooks for it, and with one trivial PreToolUse hook',
  async run(): Promise<BenchResult> {
    const cwd = tempDir('trellis-bench-hooks-');
    try {
      const unconfined = figures('unconfined', await measure(cwd, new UnconfinedExecutor()));
      const bwrap = await bwrapExecutor(cwd);
      const confined = typeof bwrap === 'string' ? undefined : figures('bubblewrap', await measure(cwd, bwrap));
      return {
        figures: [...unconfined.figures, ...(confined?.figures ?? [])],
        notes: [
          unconfined.note,
          confined?.note ?? `bubblewrap: not measured (${String(bwrap)}).`,
          `The four ways take turns call by call, ${CALLS} each, through HookEngine.aroundTool (what AgentSession calls for every tool call when it has hooks), the hook and the command under the same executor; hook events are kept in memory (the session log's own cost is in the resume-session benchmark).`,
        ],
      };
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  },
};
