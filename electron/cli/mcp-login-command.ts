import { spawn } from 'node:child_process';
import os from 'node:os';
import type { TrellisConfig } from '../core/config/config-types';
import { loadConfig } from '../core/config/load-config';
import { trellisHome } from '../core/config/trellis-home';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { commandLines } from './command-lines';
import { loadMcpDefinitions } from '../core/mcp/mcp-definitions';
import type { McpServerDefinition } from '../core/mcp/mcp-types';
import { loginMcpServer, logoutMcpServer } from '../core/mcp/oauth/mcp-login';

/** An expected failure (config, no such server, the login refused) is one line; anything else is a bug. */
const { failed } = commandLines('mcp');

export interface McpLoginCommandOptions {
  json?: boolean;
  /** Print the URL only; never try to open a browser. */
  browser?: boolean;
  /** Seconds to wait for the browser to come back. */
  timeout?: number;
  /** The folder whose repository's .kiro/settings/mcp.json is read too (default: the current one). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Headless, a browser is a nicety: tried only where one can appear (a desktop session on Linux, always on macOS
 * and Windows), never waited for, its absence not an error. No shell: the URL is one argument, whatever it holds.
 */
function openInSystemBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32.exe', ['url.dll,FileProtocolHandler', url]]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', [url]]
          : [undefined, []];
  if (!command) return;
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** The named server as a session in `cwd` would see it; refused when it is not there or not to be used yet. */
async function findServer(
  name: string,
  options: McpLoginCommandOptions,
): Promise<{ server: McpServerDefinition; config: TrellisConfig }> {
  const home = trellisHome(options.env);
  const env = options.env ?? process.env;
  const { config } = await loadConfig({ home, env });
  const { servers, repositoryTrusted } = await loadMcpDefinitions({
    home,
    cwd: options.cwd ?? process.cwd(),
    userHome: env.HOME ?? os.homedir(),
    config,
    env,
  });
  const server = servers.find((s) => s.name === name);
  if (!server) throw new ExpectedFailure('not-found', `No MCP server named "${name}" is configured.`);
  if (server.source.scope === 'repository' && !repositoryTrusted) {
    throw new ExpectedFailure(
      'untrusted',
      `The MCP server "${name}" is defined by this repository (${server.source.file}); trust the repository first: trellis trust`,
    );
  }
  return { server, config };
}

/**
 * `trellis mcp login NAME`: the OAuth login of an HTTP server. Prints the URL to open (and opens a browser where
 * one can appear), waits for the redirect on 127.0.0.1, and says where the token went; never prints the token.
 * Exit 0 logged in, 1 the login failed, 2 no such server or not an OAuth server.
 */
export async function mcpLoginCommand(name: string, options: McpLoginCommandOptions): Promise<number> {
  const env = options.env ?? process.env;
  let found: Awaited<ReturnType<typeof findServer>>;
  try {
    found = await findServer(name, options);
  } catch (err) {
    return failed(err, 2);
  }
  const { server, config } = found;
  if (
    server.transport.kind === 'http' &&
    server.transport.oauth?.clientId &&
    config.mcp_oauth_callback_port === undefined
  ) {
    // A pre-registered client was registered with one redirect address; a free port would not match it.
    process.stderr.write(
      `Note: "${name}" uses a pre-registered client (oauth.client_id); the login listens on a free port, so if its authorization server expects a fixed redirect, set mcp_oauth_callback_port in config.toml.\n`,
    );
  }
  try {
    const result = await loginMcpServer(server, {
      home: trellisHome(env),
      callbackPort: config.mcp_oauth_callback_port,
      timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
      onAuthorizationUrl: (url) => {
        process.stderr.write(`To log in to "${name}", open this address in a browser:\n\n  ${url}\n\n`);
      },
      openBrowser: options.browser === false ? undefined : (url) => openInSystemBrowser(url, env),
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ server: result.server, storedIn: result.storedIn })}\n`);
    else process.stdout.write(`Logged in to "${name}"; the token is stored in ${result.storedIn}\n`);
    return 0;
  } catch (err) {
    return failed(err, 1);
  }
}

/** `trellis mcp logout NAME`: forgets the server's token and registration. Exit 0 (also when there was none). */
export async function mcpLogoutCommand(name: string, options: McpLoginCommandOptions): Promise<number> {
  try {
    const { server } = await findServer(name, options);
    const result = await logoutMcpServer(server, { home: trellisHome(options.env) });
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        result.removed ? `Logged out of "${name}"; its token is deleted\n` : `"${name}" had no stored login\n`,
      );
    return 0;
  } catch (err) {
    return failed(err, 2);
  }
}
