import os from 'node:os';
import type { HookRunResult } from '../../contract';
import { loadConfig } from '../config/load-config';
import { runCommandHook } from '../hooks/hook-runner';
import type { HookDefinition } from '../hooks/hook-types';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import { commandEnvironment } from '../sandbox/command-environment';
import { createExecutor } from '../sandbox/create-executor';
import { sandboxPolicyOptions } from '../session/sandbox-policy-options';

/**
 * Run a Manual command hook outside any session: in the workspace's sandbox, as the workspace's sessions' commands
 * run (config.toml's sandbox mode and environment policy), with the repository as its folder. An agent prompt
 * needs a session to go to, which this does not open.
 */
export async function runManualCommandHook(home: string, root: string, hook: HookDefinition): Promise<HookRunResult> {
  if (hook.action.kind !== 'command')
    return {
      id: hook.id,
      status: 'failed',
      durationMs: 0,
      exitCode: null,
      output: '',
      message: `${hook.name} asks the agent; run it from a session.`,
    };
  const { config } = await loadConfig({ home });
  const policy = buildSandboxPolicy({
    ...sandboxPolicyOptions(config, { cwd: root, home }),
    mode: config.sandbox_mode,
  });
  const executor = await createExecutor(policy, { userHome: os.homedir() });
  const envPolicy = config.shell_environment_policy;
  const env = commandEnvironment(process.env, {
    inherit: envPolicy.inherit,
    exclude: envPolicy.exclude,
    set: envPolicy.set,
    includeOnly: envPolicy.include_only,
  });
  const run = await runCommandHook(
    hook,
    {
      session_id: '',
      transcript_path: null,
      cwd: root,
      hook_event_name: 'Manual',
      model: '',
      permission_mode: 'default',
    },
    { executor, cwd: root, env },
  );
  const message = run.reason ?? run.systemMessage;
  return {
    id: hook.id,
    status: run.status,
    durationMs: Math.round(run.durationMs),
    exitCode: run.exitCode,
    output: run.output,
    ...(message !== undefined && { message }),
  };
}
