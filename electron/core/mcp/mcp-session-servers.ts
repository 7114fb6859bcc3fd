import type { SessionEventBody } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import type { McpManager, McpServerState, McpServerStatus } from './mcp-types';

/** A server the configuration marks `required` did not start, so the session does not either. */
export class McpRequiredServerError extends ExpectedFailure {
  constructor(message: string) {
    super('mcp-required-server-failed', message);
  }
}

type Emit = (body: SessionEventBody) => Promise<unknown>;

export const UNTRUSTED_SKIP = 'skipped: the repository is not trusted; run `trellis trust` to start its servers';
const STDERR_TAIL_CHARS = 2000;

/**
 * One session's MCP servers: started (when the session owns the manager) while the rest of the session is
 * prepared, each server's state logged as an `mcp.server` event, and later changes (a crash, a restart) logged as
 * they happen. A manager the window already owns is used as it is and left open when the session closes.
 */
export class McpSessionServers {
  private readonly started: Promise<void>;
  private unsubscribe?: () => void;
  private logged = new Map<string, McpServerStatus>();
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    readonly manager: McpManager,
    private readonly owned: boolean,
  ) {
    // A manager never rejects for a server's failure; anything else surfaces when attach awaits it.
    this.started = owned ? manager.start() : Promise.resolve();
    this.started.catch(() => undefined);
  }

  /** Waits for the servers, logs their states, and fails for a required server that did not start. */
  async attach(emit: Emit): Promise<void> {
    await this.started;
    const states = this.manager.states();
    for (const state of states) await this.log(state, emit);
    this.unsubscribe = this.manager.onChange((state) => {
      if (this.logged.get(state.name) === state.status) return;
      this.logged.set(state.name, state.status);
      this.pending = this.pending.then(() => this.log(state, emit)).catch(() => undefined);
    });
    const failed = states.find((s) => s.definition.required && (s.status === 'failed' || s.status === 'needs-auth'));
    if (failed) throw new McpRequiredServerError(this.requiredFailure(failed));
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.pending;
    if (this.owned) await this.manager.close();
  }

  private async log(state: McpServerState, emit: Emit): Promise<void> {
    this.logged.set(state.name, state.status);
    const error = state.status === 'untrusted' ? UNTRUSTED_SKIP : state.error;
    await emit({
      type: 'mcp.server',
      server: state.name,
      state: state.status,
      ...(error ? { error } : {}),
      ...(state.status === 'connected' ? { tools: state.tools.filter((t) => t.enabled).length } : {}),
    });
  }

  private requiredFailure(state: McpServerState): string {
    const why =
      state.status === 'needs-auth'
        ? `it needs authentication (run \`trellis mcp login ${state.name}\`)`
        : (state.error ?? 'it failed');
    const stderr = this.manager.stderr(state.name).trim().slice(-STDERR_TAIL_CHARS);
    const withStderr = stderr && !why.includes(stderr) ? `${why}; its stderr ends with:\n${stderr}` : why;
    return `The required MCP server ${state.name} (${state.definition.source.file}) did not start: ${withStderr}`;
  }
}
