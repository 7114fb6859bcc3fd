import { existsSync } from 'node:fs';
import type { Executor } from '../sandbox/executor';
import { isSecretVariable, maskCredentialShapes } from '../sandbox/command-environment';
import { HeadTailBuffer } from '../sandbox/head-tail-buffer';
import { interpretHookOutcome } from './hook-output';
import type { HookDefinition, HookInput, HookRun } from './hook-types';

export interface HookRunOptions {
  /** The session's executor: hooks run under its sandbox policy. */
  executor: Executor;
  /** The repository: the hook's working folder. */
  cwd: string;
  /** The session's command environment; secret-looking variables are dropped whatever the executor does. */
  env: Record<string, string>;
  /** The session's interrupt: a running hook's process group is killed. */
  signal?: AbortSignal;
  /** Kiro CLI `cache_ttl_seconds`: the session's earlier completed runs, reused while fresh. */
  cache?: HookRunCache;
}

/**
 * Kiro CLI's `cache_ttl_seconds`: a completed run of a hook is reused, without starting it, until its time is up
 * (per hook and definition, as Kiro keys it; SessionStart, Kiro's agentSpawn, is never cached). One per session.
 */
export class HookRunCache {
  private readonly runs = new Map<string, { run: HookRun; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(hook: HookDefinition): HookRun | undefined {
    const key = cacheKey(hook);
    if (!key) return undefined;
    const entry = this.runs.get(key);
    if (entry && entry.until > this.now()) return entry.run;
    this.runs.delete(key);
    return undefined;
  }

  put(run: HookRun): void {
    const key = cacheKey(run.hook);
    if (key && run.status === 'completed') {
      this.runs.set(key, { run, until: this.now() + (run.hook.cacheTtlSeconds ?? 0) * 1000 });
    }
  }
}

function cacheKey(hook: HookDefinition): string | undefined {
  if (!hook.cacheTtlSeconds || hook.cacheTtlSeconds <= 0 || hook.event === 'SessionStart') return undefined;
  return `${hook.id}\0${hook.hash}`;
}

export interface HookBatchOptions extends HookRunOptions {
  onStarted?: (hook: HookDefinition) => void;
  /** Every run's end, the `async` hooks' included (they finish after runHooks has returned). */
  onCompleted?: (run: HookRun) => void;
}

/** What is kept of each of stdout and stderr: 32 KiB head and 32 KiB tail, 64 KiB in all. */
const STREAM_HEAD = 32 * 1024;
const STREAM_TAIL = 32 * 1024;

let shell: string | undefined;
/** bash where there is one (what hook scripts are written for), else the POSIX shell; cmd on Windows. */
function shellArgv(command: string): string[] {
  if (process.platform === 'win32') return ['cmd.exe', '/d', '/s', '/c', command];
  shell ??= existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  // --norc --noprofile: bash sources ~/.bashrc even non-interactively when its stdin is a socket (it takes it for
  // rshd), and the event JSON comes through Node's pipe, a socket pair: the person's rc file (pyenv init, …) must not
  // run, or hang, in every hook (as the sandbox launcher already does).
  return shell === '/bin/bash' ? [shell, '--norc', '--noprofile', '-c', command] : [shell, '-c', command];
}

/** The hook's environment: the session's without anything credential-like, plus Kiro's `USER_PROMPT` on prompts. */
function hookEnvironment(env: Record<string, string>, input: HookInput): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (!isSecretVariable(name, value)) kept[name] = value;
  if (input.hook_event_name === 'UserPromptSubmit' && input.prompt !== undefined) kept.USER_PROMPT = input.prompt;
  return kept;
}

function mask(text: string | undefined): string | undefined {
  return text === undefined ? undefined : maskCredentialShapes(text);
}

/**
 * Runs one command hook: the command through the shell under the session's executor, the event as JSON on stdin,
 * killed with its process group at its timeout. Never throws: whatever happens is the run's status.
 */
export async function runCommandHook(
  hook: HookDefinition,
  input: HookInput,
  options: HookRunOptions,
): Promise<HookRun> {
  const started = performance.now();
  const action = hook.action;
  const done = (run: Omit<HookRun, 'hook' | 'durationMs'>): HookRun => ({
    hook,
    durationMs: performance.now() - started,
    ...run,
  });
  if (action.kind !== 'command') {
    return done({ status: 'failed', exitCode: null, output: '', systemMessage: `${hook.name} is not a command hook.` });
  }
  const cached = options.cache?.get(hook);
  if (cached) return { ...cached, durationMs: 0 };
  const stdout = new HeadTailBuffer(STREAM_HEAD, STREAM_TAIL);
  const stderr = new HeadTailBuffer(STREAM_HEAD, STREAM_TAIL);
  const timeoutMs = action.timeoutMs > 0 ? action.timeoutMs : Infinity;
  try {
    const result = await options.executor.run({
      argv: shellArgv(action.command),
      cwd: options.cwd,
      env: hookEnvironment(options.env, input),
      timeoutMs,
      signal: options.signal,
      stdin: JSON.stringify(input),
      onOutput: (stream, chunk) => (stream === 'stdout' ? stdout : stderr).push(chunk),
    });
    const verdict = interpretHookOutcome(hook, {
      exitCode: result.exitCode,
      signal: result.signal,
      stdout: stdout.toString(),
      stderr: stderr.toString(),
      timedOutAfterMs: result.timedOut ? timeoutMs : undefined,
      error: result.aborted ? 'interrupted' : undefined,
    });
    // What the sandbox refused it, in plain words, beside the failure.
    const denial = verdict.status === 'failed' && result.sandboxDenial ? `\n${result.sandboxDenial}` : '';
    const run = done({
      ...verdict,
      exitCode: result.exitCode,
      reason: mask(verdict.reason),
      systemMessage: mask(verdict.systemMessage && verdict.systemMessage + denial),
      additionalContext: mask(verdict.additionalContext),
      output: maskCredentialShapes(result.output),
    });
    options.cache?.put(run);
    return run;
  } catch (err) {
    // The sandbox could not start it (bwrap missing, Windows): a failed run, the session goes on.
    const message = err instanceof Error ? err.message : String(err);
    return done({ status: 'failed', exitCode: null, output: '', systemMessage: `${hook.name} failed: ${message}` });
  }
}

/**
 * Runs hooks concurrently and returns the runs that were awaited, in the hooks' order. `async` hooks are started
 * and not waited for: their results cannot block or add context, and reach only `onCompleted`.
 */
export async function runHooks(
  hooks: readonly HookDefinition[],
  input: HookInput,
  options: HookBatchOptions,
): Promise<HookRun[]> {
  const start = (hook: HookDefinition): Promise<HookRun> => {
    options.onStarted?.(hook);
    return runCommandHook(hook, input, options).then((run) => {
      options.onCompleted?.(run);
      return run;
    });
  };
  const awaited: Promise<HookRun>[] = [];
  for (const hook of hooks) {
    if (hook.action.kind === 'command' && hook.action.async) void start(hook);
    else awaited.push(start(hook));
  }
  return Promise.all(awaited);
}
