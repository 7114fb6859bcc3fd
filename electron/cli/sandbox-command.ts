import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { trellisHome } from '../core/config/trellis-home';
import { commandEnvironment } from '../core/sandbox/command-environment';
import { buildSandboxPolicy } from '../core/sandbox/build-policy';
import { parseHostPattern } from '../core/sandbox/network-proxy/host-allowlist';
import { detectBwrap } from '../core/sandbox/linux/detect-bwrap';
import type { SandboxMode } from '../core/sandbox/sandbox-policy';
import { SandboxUnavailableError } from '../core/sandbox/sandbox-unavailable-error';

export interface SandboxOptions {
  sandbox?: string;
  writableRoot?: string[];
  denyRead?: string[];
  allowHost?: string[];
  network?: string;
  cd?: string;
}

/** Exit statuses of `trellis sandbox` itself; otherwise it exits with the command's status (128+N for signal N). */
export const SANDBOX_EXIT = { usage: 2, notFound: 127 } as const;

const MODES: SandboxMode[] = ['read-only', 'workspace-write', 'danger-full-access'];
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

class UsageError extends ExpectedFailure {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * `trellis sandbox [flags] -- CMD ARGS...`: run one command under the policy
 * from config.toml plus the flags, with stdin, stdout and stderr passed
 * through, and exit with its status. For debugging policies and for tests.
 */
export async function sandboxCommand(argv: string[], options: SandboxOptions): Promise<number> {
  const fail = (message: string, code: number = SANDBOX_EXIT.usage) => {
    process.stderr.write(`trellis sandbox: ${message}\n`);
    return code;
  };
  try {
    if (!argv.length) throw new UsageError('name a command to run: trellis sandbox [options] -- CMD ARGS...');
    // bubblewrap's one-time check runs in its own processes while the config code loads and runs;
    // createExecutor awaits the same cached answer.
    if (process.platform === 'linux') void detectBwrap();
    const [{ loadConfig }, { createExecutor }] = await Promise.all([
      import('../core/config/load-config'),
      import('../core/sandbox/create-executor'),
    ]);
    const home = trellisHome();
    const { config, warnings } = await loadConfig({ home });
    for (const warning of warnings) process.stderr.write(`trellis sandbox: warning: ${warning}\n`);

    const mode = (options.sandbox ?? config.sandbox_mode) as SandboxMode;
    if (!MODES.includes(mode))
      throw new UsageError(`--sandbox must be one of ${MODES.join(', ')}; got ${JSON.stringify(options.sandbox)}`);
    if (options.network !== undefined && options.network !== 'on' && options.network !== 'off')
      throw new UsageError(`--network must be on or off; got ${JSON.stringify(options.network)}`);
    const allowHosts = options.allowHost ?? config.sandbox.allow_hosts;
    for (const host of options.allowHost ?? []) {
      try {
        parseHostPattern(host);
      } catch (err) {
        throw new UsageError(`--allow-host ${(err as Error).message}`);
      }
    }
    if (options.allowHost?.length && options.network === 'on')
      throw new UsageError('--allow-host limits the network to some hosts; it cannot be combined with --network on');
    const extraRoots = options.writableRoot ?? [];
    if (extraRoots.length && mode !== 'workspace-write')
      throw new UsageError(`--writable-root needs --sandbox workspace-write (the sandbox is ${mode})`);

    const cwd = path.resolve(options.cd ?? '.');
    if (!isDirectory(cwd)) throw new UsageError(`there is no folder at ${cwd}`);
    for (const root of extraRoots)
      if (!isDirectory(path.resolve(cwd, root)))
        throw new UsageError(`--writable-root: there is no folder at ${path.resolve(cwd, root)}`);

    const sww = config.sandbox_workspace_write;
    const network =
      options.network !== undefined
        ? options.network === 'on'
        : mode === 'workspace-write' && sww.network_access && !options.allowHost?.length;
    const policy = buildSandboxPolicy({
      mode,
      cwd,
      home,
      userHome: os.homedir(),
      writableRoots: [...sww.writable_roots, ...extraRoots],
      denyRead: [...config.sandbox.deny_read, ...(options.denyRead ?? [])],
      defaultDenyRead: config.sandbox.default_deny_read,
      network,
      allowHosts,
      limits: { maxProcesses: config.sandbox.max_processes, maxMemoryMb: config.sandbox.max_memory_mb },
      excludeSlashTmp: sww.exclude_slash_tmp,
      excludeTmpdirEnvVar: sww.exclude_tmpdir_env_var,
      onWarning: (warning) => process.stderr.write(`trellis sandbox: warning: ${warning}\n`),
    });

    const envPolicy = config.shell_environment_policy;
    const env = commandEnvironment(
      process.env,
      {
        inherit: envPolicy.inherit,
        exclude: envPolicy.exclude,
        set: envPolicy.set,
        includeOnly: envPolicy.include_only,
      },
      { secretNames: Object.values(config.model_providers).flatMap((p) => (p.env_key ? [p.env_key] : [])) },
    );
    if (!findCommand(argv[0], env.PATH ?? '', cwd)) return fail(`command not found: ${argv[0]}`, SANDBOX_EXIT.notFound);

    const executor = await createExecutor(policy, { userHome: os.homedir() });

    // The command runs in its own session (bubblewrap's --new-session): signals sent to trellis end it.
    const controller = new AbortController();
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      received ??= signal;
      controller.abort();
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
    try {
      const result = await executor.run({
        argv,
        cwd,
        env,
        timeoutMs: Infinity,
        signal: controller.signal,
        stdio: 'inherit',
      });
      if (received) return 128 + os.constants.signals[received];
      if (result.signal) return 128 + (os.constants.signals[result.signal as NodeJS.Signals] ?? 0);
      return result.exitCode ?? 1;
    } finally {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
      await executor.dispose?.();
    }
  } catch (err) {
    if (err instanceof SandboxUnavailableError)
      return fail(`cannot sandbox the command: ${err.reason}.${err.fix ? `\nTo fix it: ${err.fix}.` : ''}`);
    if (err instanceof ExpectedFailure) return fail(err.message);
    throw err;
  }
}

function isDirectory(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Whether the command exists as the sandbox will look for it (PATH for a bare name): a missing one exits 127, as in a shell. */
function findCommand(command: string, pathEnv: string, cwd: string): boolean {
  const executable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return executable(path.resolve(cwd, command));
  return pathEnv.split(':').some((dir) => dir && executable(path.join(path.resolve(cwd, dir), command)));
}
