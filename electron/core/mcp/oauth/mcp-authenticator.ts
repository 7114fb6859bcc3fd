import { loadConfig } from '../../config/load-config';
import type { McpManager, McpServerDefinition } from '../mcp-types';
import { beginMcpLogin, type McpLoginOptions, type McpLoginResult } from './mcp-login';

type AuthenticatorOptions = Omit<McpLoginOptions, 'signal' | 'onAuthorizationUrl'>;

interface PendingLogin {
  controller: AbortController;
  finished: Promise<unknown>;
}

/**
 * Authenticate in the window (the workbench's `McpBackend.authenticate`): one login per server at a time. Pressing
 * it again abandons the earlier login (its listener closed first, so a fixed callback port is free), and once the
 * browser comes back the server is reconnected with the new token.
 */
export class McpAuthenticator {
  private readonly pending = new Map<string, PendingLogin>();

  constructor(
    private readonly options: AuthenticatorOptions,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the login; answers the authorization URL (the desktop has also opened it when given `openBrowser`). */
  async authenticate(manager: Pick<McpManager, 'reconnect'>, definition: McpServerDefinition): Promise<string> {
    const key = `${definition.name}\n${definition.transport.kind === 'http' ? definition.transport.url : ''}`;
    const earlier = this.pending.get(key);
    if (earlier) {
      earlier.controller.abort();
      await earlier.finished;
    }
    const controller = new AbortController();
    const callbackPort = this.options.callbackPort ?? (await configuredCallbackPort(this.options.home));
    const begun = beginMcpLogin(definition, { ...this.options, callbackPort, signal: controller.signal });
    const settled = begun
      .then(({ finished }) => finished)
      .then(
        (result: McpLoginResult) => manager.reconnect(result.server),
        (err: Error) => {
          if (!controller.signal.aborted) this.log(`MCP login to "${definition.name}" failed: ${err.message}`);
        },
      )
      .catch((err: Error) => this.log(`reconnecting "${definition.name}" after its login failed: ${err.message}`))
      .finally(() => {
        if (this.pending.get(key)?.controller === controller) this.pending.delete(key);
      });
    // Recorded before the URL is known, so a second press right away still abandons this one.
    this.pending.set(key, { controller, finished: settled });
    return (await begun).url;
  }

  /** Abandons every login in progress (the workspace or the app closes). */
  async close(): Promise<void> {
    const all = [...this.pending.values()];
    for (const login of all) login.controller.abort();
    await Promise.all(all.map((login) => login.finished));
  }
}

/** config.toml's `mcp_oauth_callback_port`, read at each login so an edit applies without a restart. */
async function configuredCallbackPort(home: string): Promise<number | undefined> {
  // A config that does not load leaves the login on a free port; the config's own error is shown where it is read.
  const loaded = await loadConfig({ home }).catch(() => undefined);
  return loaded?.config.mcp_oauth_callback_port;
}
