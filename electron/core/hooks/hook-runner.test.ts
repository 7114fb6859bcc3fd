/**
 * runCommandHook and runHooks against real processes: unconfined, and under real bubblewrap where the machine has it
 * (the sandbox's writable roots, its secret filter and the hook's own timeout apply to hooks as to commands).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import type { Executor } from '../sandbox/executor';
import { BwrapExecutor } from '../sandbox/linux/bwrap-executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { HookRunCache, runCommandHook, runHooks } from './hook-runner';
import type { HookDefinition, HookEventName, HookInput, HookRun } from './hook-types';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const bwrapSkip = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
const posixSkip = process.platform === 'win32' ? 'hook commands here are POSIX shell' : '';

function commandHook(command: string, over: Partial<HookDefinition> = {}, timeoutMs = 60_000): HookDefinition {
  return {
    id: command,
    name: 'test-hook',
    source: {
      format: 'codex-json',
      scope: 'repository',
      file: '/repo/.codex/hooks.json',
      position: 'PreToolUse[0].hooks[0]',
    },
    event: 'PreToolUse',
    action: { kind: 'command', command, timeoutMs },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: 'x',
    ...over,
  };
}

function inputFor(ws: string, event: HookEventName = 'PreToolUse', extra: Partial<HookInput> = {}): HookInput {
  return {
    session_id: 's-1',
    turn_id: 't-1',
    transcript_path: null,
    cwd: ws,
    hook_event_name: event,
    model: 'mock',
    permission_mode: 'default',
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf build', quoted: 'a "b" \\ ü\n' },
    tool_use_id: 'call-1',
    ...extra,
  };
}

/** Processes whose command line holds `marker`, anywhere on the machine. */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && Number(pid) !== process.pid) found.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const secrets = {
  OPENAI_API_KEY: 'sk-trellis-own-0123456789abcdefghij',
  GITHUB_TOKEN: 'ghp_0123456789abcdefghij0123456789abcdef',
};

function suite(name: string, skip: string, makeExecutor: (ws: string) => Executor) {
  describe.skipIf(!!skip)(`${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let root: string;
    let ws: string;
    let executor: Executor;
    const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), ...secrets });
    const run = (hook: HookDefinition, input = inputFor(ws)) =>
      runCommandHook(hook, input, { executor, cwd: ws, env: env() });

    beforeAll(() => {
      root = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-hook-runner-'));
      ws = path.join(root, 'ws');
      fs.mkdirSync(path.join(root, 'home'), { recursive: true });
      fs.mkdirSync(ws);
      executor = makeExecutor(ws);
    });
    afterAll(() => {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it('gives the hook the event as JSON on stdin, exactly as sent, in the repository', async () => {
      const input = inputFor(ws);
      const result = await run(commandHook('cat > stdin.json'), input);
      expect(result.status).toBe('completed');
      expect(JSON.parse(fs.readFileSync(path.join(ws, 'stdin.json'), 'utf8'))).toEqual(input);
    });

    it('a hook that never reads a large stdin still completes (its exit, not the broken pipe, says how it went)', async () => {
      const input = inputFor(ws, 'PostToolUse', { tool_response: 'x'.repeat(4 * 1024 * 1024) });
      const result = await run(commandHook('exit 0', { event: 'PostToolUse' }), input);
      expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
    });

    it("does not source the person's ~/.bashrc (bash would, its stdin being a socket), so an rc file cannot hang hooks", async () => {
      const ran = path.join(ws, 'bashrc-ran');
      fs.writeFileSync(path.join(root, 'home', '.bashrc'), `touch ${JSON.stringify(ran)}\n`);
      const result = await run(commandHook('exit 0'));
      fs.rmSync(path.join(root, 'home', '.bashrc'));
      expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
      expect(fs.existsSync(ran)).toBe(false);
    });

    it('a Kiro CLI hook with cache_ttl_seconds is run once while its result is fresh, then again', async () => {
      let now = 1_000_000;
      const cache = new HookRunCache(() => now);
      const hook = commandHook('echo run >> runs.txt; echo "branch main"', {
        event: 'UserPromptSubmit',
        cacheTtlSeconds: 60,
        plainStdoutIsContext: true,
      });
      const input = inputFor(ws, 'UserPromptSubmit', { prompt: 'p' });
      const options = { executor, cwd: ws, env: env(), cache };
      const first = await runCommandHook(hook, input, options);
      const second = await runCommandHook(hook, input, options);
      expect([first.additionalContext, second.additionalContext]).toEqual(['branch main', 'branch main']);
      expect(fs.readFileSync(path.join(ws, 'runs.txt'), 'utf8')).toBe('run\n');
      now += 60_001;
      await runCommandHook(hook, input, options);
      expect(fs.readFileSync(path.join(ws, 'runs.txt'), 'utf8')).toBe('run\nrun\n');
    });

    it('exit 2 with stderr blocks, with stderr as the reason', async () => {
      const result = await run(commandHook('echo "rm -rf is not allowed here" >&2; exit 2'));
      expect(result).toMatchObject({ status: 'blocked', exitCode: 2, reason: 'rm -rf is not allowed here' });
    });

    it('exit 1 fails and is shown, not a block', async () => {
      const result = await run(commandHook('echo broken >&2; exit 1'));
      expect(result).toMatchObject({
        status: 'failed',
        exitCode: 1,
        systemMessage: 'test-hook exited with code 1: broken',
      });
      expect(result.reason).toBeUndefined();
    });

    it('a JSON deny blocks with its reason, and an allow with updatedInput rewrites the input', async () => {
      const deny = await run(
        commandHook(
          `echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"use the build script"}}'`,
        ),
      );
      expect(deny).toMatchObject({ status: 'blocked', reason: 'use the build script' });
      // The hook reads the command it was given and answers with a rewritten one.
      const rewrite = await run(
        commandHook(
          `cmd=$(sed -n 's/.*"command":"\\([^"]*\\)".*/\\1/p'); printf '{"hookSpecificOutput":{"permissionDecision":"allow","updatedInput":{"command":"%s --dry-run"}}}' "$cmd"`,
        ),
      );
      expect(rewrite).toMatchObject({ status: 'completed', updatedInput: { command: 'rm -rf build --dry-run' } });
    });

    it('a hanging hook times out, fails saying so, and its processes are gone', async () => {
      const marker = `${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
      const result = await run(commandHook(`sleep 3${marker} & sleep 3${marker}; wait`, {}, 1000));
      expect(result).toMatchObject({ status: 'failed', systemMessage: 'test-hook timed out after 1 s.' });
      await vi.waitFor(() => expect(processesWith(`3${marker}`)).toEqual([]), { timeout: 10_000 });
    });

    it('runs matching hooks concurrently: two hooks that each wait for the other both complete', async () => {
      const wait = (mine: string, theirs: string) => `touch ${mine}; while [ ! -e ${theirs} ]; do sleep 0.01; done`;
      const started: string[] = [];
      const runs = await runHooks(
        [commandHook(wait('a.mark', 'b.mark'), {}, 30_000), commandHook(wait('b.mark', 'a.mark'), {}, 30_000)],
        inputFor(ws),
        {
          executor,
          cwd: ws,
          env: env(),
          onStarted: (hook) => started.push(hook.id),
        },
      );
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
      expect(started).toHaveLength(2);
    });

    it('an async hook is started, not awaited: its end reaches only onCompleted', async () => {
      const completed: HookRun[] = [];
      const command = 'while [ ! -e go.mark ]; do sleep 0.01; done; echo late >&2; exit 2';
      const hook = commandHook('async', { action: { kind: 'command', command, timeoutMs: 30_000, async: true } });
      const options = { executor, cwd: ws, env: env(), onCompleted: (r: HookRun) => completed.push(r) };
      // It waits for a file written only after runHooks returned: awaiting it would never end.
      expect(await runHooks([hook], inputFor(ws), options)).toEqual([]);
      fs.writeFileSync(path.join(ws, 'go.mark'), '');
      await vi.waitFor(
        () =>
          expect(completed.map((r) => [r.status, r.systemMessage])).toEqual([
            ['failed', 'test-hook exited with code 2, but an async hook cannot block: late'],
          ]),
        { timeout: 10_000 },
      );
    });

    it('never sees Trellis’s secrets; a prompt hook gets USER_PROMPT', async () => {
      const input = inputFor(ws, 'UserPromptSubmit', {
        prompt: 'fix the build',
        tool_name: undefined,
        tool_input: undefined,
      });
      const result = await run(commandHook('env > env.txt', { event: 'UserPromptSubmit' }), input);
      expect(result.status).toBe('completed');
      const seen = fs.readFileSync(path.join(ws, 'env.txt'), 'utf8');
      expect(seen).toContain('USER_PROMPT=fix the build');
      for (const [name, value] of Object.entries(secrets)) {
        expect(seen).not.toContain(name);
        expect(seen).not.toContain(value);
      }
    });
  });
}

suite('runCommandHook, unconfined', posixSkip, () => new UnconfinedExecutor());

suite('runCommandHook under bubblewrap', bwrapSkip, (ws) => {
  if (!detection?.ok) throw new Error('unreachable');
  const policy = buildSandboxPolicy({
    mode: 'workspace-write',
    cwd: ws,
    home: path.join(ws, '../home/.trellis'),
    userHome: path.join(ws, '../home'),
    tmpdir: '',
  });
  return new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms });
});

describe.skipIf(!!bwrapSkip)(`the sandbox applies to hooks${bwrapSkip ? ` (skipped: ${bwrapSkip})` : ''}`, () => {
  it('a hook cannot write outside the writable roots', async () => {
    if (!detection?.ok) throw new Error('unreachable');
    const root = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-hook-sandbox-'));
    try {
      const ws = path.join(root, 'ws');
      fs.mkdirSync(ws);
      const policy = buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: ws,
        home: path.join(root, 'home/.trellis'),
        userHome: path.join(root, 'home'),
        tmpdir: '',
      });
      const executor = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms });
      const outside = path.join(root, 'outside.txt');
      const result = await runCommandHook(commandHook(`echo escaped > ${outside}`), inputFor(ws), {
        executor,
        cwd: ws,
        env: { PATH: '/usr/bin:/bin' },
      });
      expect(result.status).toBe('failed');
      expect(fs.existsSync(outside)).toBe(false);
      // And inside the repository it can.
      await runCommandHook(commandHook('echo fine > inside.txt'), inputFor(ws), {
        executor,
        cwd: ws,
        env: { PATH: '/usr/bin:/bin' },
      });
      expect(fs.readFileSync(path.join(ws, 'inside.txt'), 'utf8')).toBe('fine\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
