import os from 'node:os';
import type { TrellisConfig } from '../config/config-types';
import type { BuildPolicyOptions } from '../sandbox/build-policy';

/**
 * What config.toml says of the sandbox for work in `cwd`, as buildSandboxPolicy takes it (the mode apart): one
 * reading for a session's commands and for the window's MCP servers, which run under the same policy.
 */
export function sandboxPolicyOptions(
  config: TrellisConfig,
  where: { cwd: string; home: string; onWarning?: (message: string) => void },
): Omit<BuildPolicyOptions, 'mode'> {
  const writeConfig = config.sandbox_workspace_write;
  return {
    cwd: where.cwd,
    home: where.home,
    userHome: os.homedir(),
    writableRoots: writeConfig.writable_roots,
    denyRead: config.sandbox.deny_read,
    defaultDenyRead: config.sandbox.default_deny_read,
    network: writeConfig.network_access,
    allowHosts: config.sandbox.allow_hosts,
    limits: { maxProcesses: config.sandbox.max_processes, maxMemoryMb: config.sandbox.max_memory_mb },
    excludeSlashTmp: writeConfig.exclude_slash_tmp,
    excludeTmpdirEnvVar: writeConfig.exclude_tmpdir_env_var,
    onWarning: where.onWarning,
  };
}
