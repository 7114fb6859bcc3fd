import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config/load-config';
import type { TrellisConfig } from '../core/config/config-types';
import { trellisHome } from '../core/config/trellis-home';
import { addMcpServer, removeMcpServer, type NewMcpServer } from '../core/mcp/mcp-config-writer';
import { loadMcpDefinitions } from '../core/mcp/mcp-definitions';
import type { McpServerDefinition, McpServerState } from '../core/mcp/mcp-types';
import { createMcpManager } from '../core/mcp/mcp-manager';
import { mcpAuthProvider } from '../core/mcp/oauth/mcp-login';
import { sandboxedStdioTransport } from '../core/mcp/sandboxed-stdio-transport';
import { buildSandboxPolicy } from '../core/sandbox/build-policy';
import { createExecutor } from '../core/sandbox/create-executor';
import { sandboxPolicyOptions } from '../core/session/sandbox-policy-options';
import { describeServer, serverLines, type McpServerReport } from './mcp-report';
import { packageInfo } from './package-info';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { commandLines } from './command-lines';

const { out, err, run } = commandLines('mcp');

export interface McpCommandOptions {
  json?: boolean;
  /** `--no-connect`: list the definitions without starting any server. */
  connect?: boolean;
  /** The folder whose repository's .kiro/settings/mcp.json is read too (default: the current one). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `trellis mcp list|get|add|remove` (login and logout: mcp-login-command.ts). list and get show every server a
 * session in this folder would see, where it was defined and, after one connection attempt (in parallel, under
 * the sandbox sessions get), its state and its tools with their approval modes. Values of variables and headers
 * are never printed, only their names. Exit 0, 1 when a server named by get failed to connect, 2 usage or config.
 */
export async function mcpListCommand(options: McpCommandOptions): Promise<number> {
  return run(async () => {
    const reports = await serverReports(options);
    if (options.json) out(JSON.stringify(reports, null, 2));
    else if (!reports.length)
      out('No MCP servers configured. Add one: trellis mcp add NAME -- COMMAND ARGS... (or --url URL)');
    else for (const report of reports) out(serverLines(report, false).join('\n'));
    return 0;
  });
}

export async function mcpGetCommand(name: string, options: McpCommandOptions): Promise<number> {
  return run(async () => {
    const [report] = await serverReports(options, name);
    if (!report) throw new ExpectedFailure('not-found', `No MCP server named "${name}" is configured.`);
    out(options.json ? JSON.stringify(report, null, 2) : serverLines(report, true).join('\n'));
    return report.status === 'failed' || report.status === 'needs-auth' ? 1 : 0;
  });
}

export interface McpAddOptions {
  env?: string[];
  url?: string;
  bearerTokenEnvVar?: string;
  /** For tests: the environment that names the Trellis home. */
  processEnv?: NodeJS.ProcessEnv;
}

/** `trellis mcp add NAME [--env K=V]... -- COMMAND ARGS...` or `trellis mcp add NAME --url URL [--bearer-token-env-var VAR]`. */
export async function mcpAddCommand(name: string, command: string[], options: McpAddOptions): Promise<number> {
  return run(async () => {
    let server: NewMcpServer;
    if (options.url !== undefined) {
      if (command.length || options.env?.length)
        throw new ExpectedFailure(
          'usage',
          'give either --url (an HTTP server) or -- COMMAND ARGS... with --env, not both',
        );
      server = {
        url: options.url,
        ...(options.bearerTokenEnvVar ? { bearerTokenEnvVar: options.bearerTokenEnvVar } : {}),
      };
    } else {
      if (options.bearerTokenEnvVar)
        throw new ExpectedFailure('usage', '--bearer-token-env-var applies to an HTTP server (--url)');
      const [program, ...args] = command;
      if (!program) throw new ExpectedFailure('usage', 'name the command to run after --, or give --url');
      server = { command: program, args, env: parseEnv(options.env ?? []) };
    }
    const file = await addMcpServer(trellisHome(options.processEnv), name, server);
    out(`Added MCP server "${name}" to ${file}`);
    return 0;
  });
}

export async function mcpRemoveCommand(
  name: string,
  options: { processEnv?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  return run(async () => {
    const home = trellisHome(options.processEnv);
    if (!(await removeMcpServer(home, name)))
      throw new ExpectedFailure(
        'not-found',
        `${path.join(home, 'config.toml')} defines no MCP server named "${name}" (a Kiro mcp.json server is removed by editing that file)`,
      );
    out(`Removed MCP server "${name}" from ${path.join(home, 'config.toml')}`);
    return 0;
  });
}

/** `K=V` pairs; the value may hold `=`. */
function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ExpectedFailure('usage', `--env ${pair.split('=')[0]}: expected KEY=VALUE`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/** Every server (or the one named), with its state after one connection attempt unless `--no-connect`. */
async function serverReports(options: McpCommandOptions, only?: string): Promise<McpServerReport[]> {
  const env = options.env ?? process.env;
  const home = trellisHome(env);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const { config, warnings } = await loadConfig({ home, env });
  for (const warning of warnings) err(warning);
  const definitions = await loadMcpDefinitions({ home, cwd, userHome: env.HOME || os.homedir(), config, env });
  for (const line of definitions.diagnostics) err(line);
  const servers = definitions.servers.filter((s) => only === undefined || s.name === only);
  const states =
    options.connect === false || !servers.length
      ? new Map<string, McpServerState>()
      : await connectOnce(servers, { home, cwd, config, env, repositoryTrusted: definitions.repositoryTrusted });
  return servers.map((s) => describeServer(s, states.get(s.name), definitions.repositoryTrusted, env));
}

/** Start the servers as a session in `cwd` would (its sandbox, stored OAuth tokens), read their states, close them. */
async function connectOnce(
  servers: McpServerDefinition[],
  where: { home: string; cwd: string; config: TrellisConfig; env: NodeJS.ProcessEnv; repositoryTrusted: boolean },
): Promise<Map<string, McpServerState>> {
  const policy = buildSandboxPolicy({
    ...sandboxPolicyOptions(where.config, { cwd: where.cwd, home: where.home, onWarning: err }),
    mode: where.config.sandbox_mode,
  });
  const executor = await createExecutor(policy, { userHome: where.env.HOME || os.homedir() });
  const manager = createMcpManager({
    servers,
    env: where.env,
    stdioTransport: sandboxedStdioTransport(executor, { cwd: where.cwd, baseEnv: where.env }),
    authProvider: (definition) => mcpAuthProvider(definition, { home: where.home }),
    clientInfo: { name: 'trellis', version: packageInfo().version },
    repositoryTrusted: where.repositoryTrusted,
  });
  try {
    await manager.start();
    return new Map(manager.states().map((s) => [s.name, s]));
  } finally {
    await manager.close();
    await executor.dispose?.();
  }
}
