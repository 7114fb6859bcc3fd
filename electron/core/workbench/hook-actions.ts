import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { SessionEventBody } from '../../contract';
import { loadConfig } from '../config/load-config';
import { ExpectedFailure } from '../errors/expected-failure';
import { loadHookDefinitions } from '../hooks/hook-definitions';
import { permissionModeFor } from '../hooks/hook-engine';
import { runCommandHook } from '../hooks/hook-runner';
import {
  NO_SESSION_ID,
  type HookDefinition,
  type HookEventName,
  type HookInput,
  type HookRun,
} from '../hooks/hook-types';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import { commandEnvironment } from '../sandbox/command-environment';
import { createExecutor } from '../sandbox/create-executor';
import { sandboxPolicyOptions } from '../session/sandbox-policy-options';

/** The events a hook fires on outside any turn: a file of the workspace changed, or the person pressed Run. */
export type StandaloneEvent = Extract<HookEventName, 'FileCreated' | 'FileSaved' | 'FileDeleted' | 'Manual'>;

export interface HookTrigger {
  event: StandaloneEvent;
  /** File events: the workspace-relative paths (`/`-separated) of one burst; Manual: none. */
  paths: readonly string[];
}

/** What a hook outside a turn needs of the window's sessions (SessionManager has them). */
export interface HookSessions {
  /** The open session the workspace's hook work goes to (chosen for hooks, or last prompted), if any. */
  hookSession(workspaceId: string): string | undefined;
  /** The prompt as a turn of that session, after its current turn; none open: a new session. */
  promptForHook(
    workspaceId: string,
    root: string,
    prompt: string,
  ): Promise<{ sessionId: string; turnDone: Promise<void> }>;
  /** Log an event in an open session (it reaches the windows as that session's event). */
  record(sessionId: string, body: SessionEventBody): Promise<void>;
}

export interface StandaloneHookDeps {
  home: string;
  workspaceId: string;
  /** The workspace's folder: the hook's working folder, whose repository's hooks and trust apply. */
  root: string;
  sessions: HookSessions;
  /** A run's start and end when the workspace has no open session to log them in: shown by its windows. */
  notify(body: SessionEventBody): void;
  /** The environment commands start from (process.env); anything credential-like is dropped. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export type StandaloneHookResult =
  /** A command hook ran to its end; `sessionId`: the session whose log holds its run, if one was open. */
  | { kind: 'command'; run: HookRun; sessionId?: string }
  /** An agent hook's prompt is a turn of `sessionId` (started, or waiting for the turn before it). */
  | { kind: 'agent'; sessionId: string; turnDone: Promise<void> };

/**
 * Runs one hook outside any turn (a file hook, or Run on a manual hook). A command runs in the workspace's
 * sandbox (config.toml's mode, as the window's sessions get it) with the event on stdin; an agent hook's prompt,
 * with the changed files, becomes a turn of the workspace's hook session. The hook must be runnable as its file
 * reads now (enabled, trusted, same definition): the caller's copy may be stale or come from an untrusted window.
 */
export async function runStandaloneHook(
  hook: HookDefinition,
  trigger: HookTrigger,
  deps: StandaloneHookDeps,
): Promise<StandaloneHookResult> {
  const { config } = await loadConfig({ home: deps.home });
  const definitions = await loadHookDefinitions({ home: deps.home, cwd: deps.root, userHome: os.homedir(), config });
  if (!definitions.runnable.some((h) => h.id === hook.id && h.hash === hook.hash))
    throw new ExpectedFailure(
      'hook-not-runnable',
      `${hook.name} (${hook.source.file}) is not trusted and enabled as it reads now; review it in the hooks list.`,
    );

  if (hook.action.kind === 'agent') {
    const prompt = withPaths(hook.action.prompt, trigger);
    const { sessionId, turnDone } = await deps.sessions.promptForHook(deps.workspaceId, deps.root, prompt);
    return { kind: 'agent', sessionId, turnDone };
  }

  const sessionId = deps.sessions.hookSession(deps.workspaceId);
  const show = (body: SessionEventBody) =>
    sessionId ? deps.sessions.record(sessionId, body).catch(() => deps.notify(body)) : deps.notify(body);
  const input: HookInput = {
    session_id: sessionId ?? NO_SESSION_ID,
    transcript_path: null,
    cwd: deps.root,
    hook_event_name: trigger.event,
    model: config.model ?? '',
    permission_mode: permissionModeFor(config.approval_policy, config.sandbox_mode),
    ...(trigger.paths.length ? { file_path: trigger.paths[0], file_paths: [...trigger.paths] } : {}),
  };
  const ref = {
    runId: randomUUID(),
    hook: hook.name,
    file: hook.source.file,
    format: hook.source.format,
    event: trigger.event,
  };
  await show({ type: 'hook.started', ...ref });
  const run = await runInSandbox(hook, input, config, deps);
  await show({
    type: 'hook.completed',
    ...ref,
    status: run.status,
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    ...(run.reason ? { reason: run.reason } : {}),
    ...(run.systemMessage ? { systemMessage: run.systemMessage } : {}),
    output: run.output,
  });
  return { kind: 'command', run, ...(sessionId ? { sessionId } : {}) };
}

/** The hook's prompt, and for a file event the files that changed, one a line. */
function withPaths(prompt: string, trigger: HookTrigger): string {
  if (!trigger.paths.length) return prompt;
  return `${prompt}\n\nFiles ${VERBS[trigger.event]}:\n${trigger.paths.map((p) => `- ${p}`).join('\n')}`;
}

const VERBS: Record<StandaloneEvent, string> = {
  FileCreated: 'created',
  FileSaved: 'saved',
  FileDeleted: 'deleted',
  Manual: 'named',
};

async function runInSandbox(
  hook: HookDefinition,
  input: HookInput,
  config: Awaited<ReturnType<typeof loadConfig>>['config'],
  deps: StandaloneHookDeps,
): Promise<HookRun> {
  const started = performance.now();
  try {
    const policy = buildSandboxPolicy({
      ...sandboxPolicyOptions(config, { cwd: deps.root, home: deps.home }),
      mode: config.sandbox_mode,
    });
    // Never an unconfined fallback: without the kernel sandbox the run fails, saying why.
    const executor = await createExecutor(policy, { userHome: os.homedir() });
    const envPolicy = config.shell_environment_policy;
    const env = commandEnvironment(deps.env ?? process.env, {
      inherit: envPolicy.inherit,
      exclude: envPolicy.exclude,
      set: envPolicy.set,
      includeOnly: envPolicy.include_only,
    });
    return await runCommandHook(hook, input, { executor, cwd: deps.root, env, signal: deps.signal });
  } catch (err) {
    return {
      hook,
      status: 'failed',
      durationMs: performance.now() - started,
      exitCode: null,
      systemMessage: `${hook.name} could not run in the sandbox: ${(err as Error).message}`,
      output: '',
    };
  }
}
