import os from 'node:os';
import { loadConfig } from '../config/load-config';
import type { SecretStore } from '../config/secret-store';
import { createMcpManager } from '../mcp/mcp-manager';
import { saveMcpToolEnabled } from '../mcp/mcp-config-writer';
import { loadMcpDefinitions } from '../mcp/mcp-definitions';
import type { McpServerDefinition, McpStdioTransportFactory } from '../mcp/mcp-types';
import { McpAuthenticator } from '../mcp/oauth/mcp-authenticator';
import { mcpAuthProvider } from '../mcp/oauth/mcp-login';
import { sandboxedStdioTransport } from '../mcp/sandboxed-stdio-transport';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import { createExecutor } from '../sandbox/create-executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { sandboxPolicyOptions } from '../session/sandbox-policy-options';
import type { McpBackend } from './workspace-mcp';

export interface WorkbenchMcpOptions {
  home: string;
  secrets?: SecretStore;
  version: string;
  log: (message: string) => void;
  /** Opens the sign-in page in the system browser (Electron's shell.openExternal); serve shows the link instead. */
  openBrowser?: (url: string) => unknown;
}

/** A stdio server that will actually start: enabled, and trusted (the person's own, or a trusted repository's). */
function startsInSandbox(definition: McpServerDefinition, repositoryTrusted: boolean): boolean {
  return (
    definition.enabled &&
    definition.transport.kind === 'stdio' &&
    !definition.trustedOutsideSandbox &&
    (definition.source.scope === 'user' || repositoryTrusted)
  );
}

/**
 * core/mcp for the window: a workspace's definitions (config.toml and both Kiro files, trust applied), its stdio
 * servers under the sandbox policy config.toml gives sessions in that folder, OAuth with the stored tokens, and
 * Authenticate. The sandbox is built only when a server will run in it.
 */
export function workbenchMcpBackend(options: WorkbenchMcpOptions): McpBackend {
  const storage = { home: options.home, secrets: options.secrets };
  const authenticator = new McpAuthenticator(
    { ...storage, ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}) },
    options.log,
  );
  return {
    async createManager(root) {
      const { config } = await loadConfig({ home: options.home });
      const definitions = await loadMcpDefinitions({
        home: options.home,
        cwd: root,
        userHome: os.homedir(),
        config,
        env: process.env,
      });
      for (const line of definitions.diagnostics) options.log(`MCP: ${line}`);
      return createMcpManager({
        servers: definitions.servers,
        env: process.env,
        stdioTransport: definitions.servers.some((d) => startsInSandbox(d, definitions.repositoryTrusted))
          ? await sandboxedTransport(config, options.home, root)
          : // Only servers the person marked trusted run (unconfined): no sandbox to build.
            sandboxedStdioTransport(new UnconfinedExecutor(), { cwd: root }),
        authProvider: (definition) => mcpAuthProvider(definition, storage),
        clientInfo: { name: 'trellis', version: options.version },
        repositoryTrusted: definitions.repositoryTrusted,
      });
    },
    async definitionsKey(root) {
      const { config } = await loadConfig({ home: options.home });
      const { servers, repositoryTrusted } = await loadMcpDefinitions({
        home: options.home,
        cwd: root,
        userHome: os.homedir(),
        config,
        env: process.env,
      });
      const shapes = servers.map(({ enabledTools: _on, disabledTools: _off, ...rest }) => rest);
      return JSON.stringify({ shapes, repositoryTrusted, sandbox: config.sandbox_mode });
    },
    saveToolEnabled: (definition, tool, enabled) =>
      saveMcpToolEnabled(definition, tool, enabled, { home: options.home }),
    authenticate: (manager, definition) => authenticator.authenticate(manager, definition),
  };
}

/** Under the policy sessions in `root` get; where the kernel sandbox is missing, each server fails saying why. */
async function sandboxedTransport(
  config: Awaited<ReturnType<typeof loadConfig>>['config'],
  home: string,
  root: string,
): Promise<McpStdioTransportFactory> {
  try {
    const policy = buildSandboxPolicy({
      ...sandboxPolicyOptions(config, { cwd: root, home }),
      mode: config.sandbox_mode,
    });
    const executor = await createExecutor(policy, { userHome: os.homedir() });
    return sandboxedStdioTransport(executor, { cwd: root });
  } catch (err) {
    const reason = (err as Error).message;
    return () => {
      throw new Error(`cannot start it in the sandbox: ${reason}`);
    };
  }
}
