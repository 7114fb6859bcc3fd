import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { ExpectedFailure } from '../errors/expected-failure';
import { describeCallFailure, errorResult, isConnectionClosed, unavailableText } from './call-failures';
import { connectHttp, isUnauthorized, isUnreachable, McpNeedsAuth, unreachableReason } from './http-transport';
import { listAll } from './list-all';
import type {
  McpCallOptions,
  McpManagerOptions,
  McpServerDefinition,
  McpServerStatus,
  McpStdioDefinition,
} from './mcp-types';
import { stdioServerEnv } from './server-env';
import { secretMasker, serverSecretValues } from './secret-masker';
import { StderrRing } from './stderr-ring';

/** Restarts after a crash: 0.5 s, 1 s, 2 s... up to 8 s apart; at most this many from the start or a Reconnect. */
export const MAX_RESTARTS = 10;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8000;
const PROBE_TIMEOUT_MS = 5000;

type ConnectionOptions = Omit<McpManagerOptions, 'servers' | 'repositoryTrusted'> & {
  definition: McpServerDefinition;
  /** `disabled` and `untrusted` never start; anything else starts when asked. */
  initialStatus: McpServerStatus;
  /** Told after every change of status, error or lists. */
  onChange(): void;
};

class StartupTimeout extends Error {}

/**
 * One server's client: connecting with its startup timeout, its lists kept fresh by list_changed, its calls, and
 * restarts with backoff when a connected server dies. Failures become the state (`failed` with one sentence,
 * `needs-auth`), never an exception to the caller of start().
 */
export class McpConnection {
  status: McpServerStatus;
  error?: string;
  tools: Tool[] = [];
  prompts: Prompt[] = [];
  resources: Resource[] = [];
  resourceTemplates: ResourceTemplate[] = [];
  restarts = 0;
  readonly stderr: StderrRing;

  /** The client of the current attempt (connected or still starting). */
  private client?: Client;
  /** Bumped by every attempt and by close(): a late answer from an older attempt is dropped. */
  private generation = 0;
  private restartTimer?: NodeJS.Timeout;
  private failedAttempts = 0;
  /** Automatic restarts since the start or the last Reconnect, bounded by MAX_RESTARTS. */
  private autoRestarts = 0;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private starting?: Promise<void>;
  private probing = false;

  constructor(private readonly options: ConnectionOptions) {
    this.status = options.initialStatus;
    this.stderr = new StderrRing(undefined, secretMasker(serverSecretValues(options.definition, options.env)));
  }

  get name(): string {
    return this.options.definition.name;
  }

  get definition(): McpServerDefinition {
    return this.options.definition;
  }

  /** Connects unless disabled or untrusted; settles (never rejects) when connected, failed or timed out. */
  start(): Promise<void> {
    if (this.status === 'disabled' || this.status === 'untrusted' || this.closed) return Promise.resolve();
    // Twice is once: a second caller (the window and a session sharing the manager) waits for the same start.
    this.starting ??= this.open().then(() => undefined);
    return this.starting;
  }

  async reconnect(): Promise<void> {
    if (this.status === 'disabled' || this.status === 'untrusted')
      throw new ExpectedFailure('mcp-not-startable', `MCP server ${this.name} is ${this.status}: it is not started.`);
    if (this.closed) return;
    clearTimeout(this.restartTimer);
    this.failedAttempts = 0;
    this.autoRestarts = 0;
    await this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.generation++;
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  async callTool(tool: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<CallToolResult> {
    if (!this.client || this.status !== 'connected') return errorResult(unavailableText(this.name, this.error));
    if (this.definition.parallelToolCalls) return this.invoke(tool, args, options);
    // One at a time on a server that asked for it; invoke() never rejects, so the queue never breaks.
    const call = this.queue.then(() => this.invoke(tool, args, options));
    this.queue = call;
    return call;
  }

  async getPrompt(prompt: string, args: Record<string, string>): Promise<GetPromptResult> {
    const client = this.connectedClient();
    return this.request(`prompt ${prompt}`, () =>
      client.getPrompt({ name: prompt, arguments: args }, { timeout: this.definition.toolTimeoutMs }),
    );
  }

  async readResource(uri: string): Promise<ReadResourceResult> {
    const client = this.connectedClient();
    return this.request(`resource ${uri}`, () =>
      client.readResource({ uri }, { timeout: this.definition.toolTimeoutMs }),
    );
  }

  private connectedClient(): Client {
    if (!this.client || this.status !== 'connected')
      throw new ExpectedFailure('mcp-unavailable', unavailableText(this.name, this.error));
    return this.client;
  }

  private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      const message =
        isConnectionClosed(err) || this.lostOver(this.client, err)
          ? unavailableText(this.name, this.error)
          : `MCP server ${this.name} could not give ${what}: ${err instanceof Error ? err.message : String(err)}`;
      throw new ExpectedFailure('mcp-request-failed', message, { cause: err });
    }
  }

  private async invoke(tool: string, args: Record<string, unknown>, options: McpCallOptions): Promise<CallToolResult> {
    const client = this.client;
    if (!client || this.status !== 'connected') return errorResult(unavailableText(this.name, this.error));
    const timeoutMs = options.timeoutMs ?? this.definition.toolTimeoutMs;
    const onProgress = options.onProgress;
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal: options.signal,
        timeout: timeoutMs,
        onprogress: onProgress ? ({ progress, total, message }) => onProgress({ progress, total, message }) : undefined,
      });
      return result as CallToolResult;
    } catch (err) {
      if (isConnectionClosed(err) || this.lostOver(client, err))
        return errorResult(unavailableText(this.name, this.error));
      if (options.signal?.aborted) return errorResult(`The call to MCP tool ${tool} was cancelled.`);
      return errorResult(describeCallFailure(this.name, tool, err, timeoutMs));
    }
  }

  /**
   * An HTTP server has no process to watch: it is found gone (or its token lapsed beyond refreshing) when a request
   * fails. Then it is failed and restarted like a crashed stdio server, or `needs-auth`. True when so.
   */
  private lostOver(client: Client | undefined, err: unknown): boolean {
    if (!client || client !== this.client || this.definition.transport.kind !== 'http') return false;
    if (isUnauthorized(err)) {
      this.client = undefined;
      void client.close().catch(() => undefined);
      this.setState('needs-auth', new McpNeedsAuth(this.name).message);
      return true;
    }
    if (!isUnreachable(err)) return false;
    this.client = undefined;
    void client.close().catch(() => undefined);
    this.setState('failed', `MCP server ${this.name} could not be reached: ${unreachableReason(err)}.`);
    this.scheduleRestart();
    return true;
  }

  /** One attempt to connect and list; true when connected. The startup timeout bounds all of it. */
  private async open(): Promise<boolean> {
    const generation = ++this.generation;
    const previous = this.client;
    this.client = undefined;
    // While it restarts, the last failure stays the reason its calls are refused.
    this.setState('starting', this.error);
    // The old process ends before the new one starts: never two copies of a server at once.
    await previous?.close().catch(() => undefined);
    if (generation !== this.generation) return false;

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StartupTimeout()), this.definition.startupTimeoutMs);
    });
    try {
      await Promise.race([this.connectAndList(generation), timeout]);
      if (generation !== this.generation) return false;
      this.setState('connected', undefined);
      return true;
    } catch (err) {
      if (generation !== this.generation) return false;
      // What this attempt still does (the SSE fallback after a timeout, say) now finds itself superseded.
      this.generation++;
      // Read again: connectAndList set it meanwhile (the narrowing above predates the await).
      const client = this.client as Client | undefined;
      this.client = undefined;
      void client?.close().catch(() => undefined);
      if (err instanceof McpNeedsAuth) this.setState('needs-auth', err.message);
      else this.setState('failed', this.describeStartFailure(err));
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async connectAndList(generation: number): Promise<void> {
    const definition = this.definition;
    const transport = definition.transport;
    const newClient = () => {
      const client = this.newClient(generation);
      if (generation === this.generation) this.client = client;
      return client;
    };
    let client: Client;
    if (transport.kind === 'stdio') {
      client = newClient();
      const stdio = this.options.stdioTransport(definition as McpStdioDefinition, {
        env: stdioServerEnv(definition as McpStdioDefinition, this.options.env),
        onStderr: (chunk) => this.stderr.append(chunk),
      });
      await client.connect(stdio, { timeout: definition.startupTimeoutMs });
    } else {
      ({ client } = await connectHttp({
        server: this.name,
        config: transport,
        env: this.options.env,
        authProvider: this.options.authProvider?.(definition),
        newClient,
        timeoutMs: definition.startupTimeoutMs,
      }));
    }
    // Connected after this attempt was given up (timed out, closed, superseded): end it, leave nothing running.
    if (generation !== this.generation || this.client !== client) {
      await client.close().catch(() => undefined);
      return;
    }
    const capabilities = client.getServerCapabilities() ?? {};
    const lists: Promise<void>[] = [];
    if (capabilities.tools) lists.push(this.refresh('tools', client));
    if (capabilities.prompts) lists.push(this.refresh('prompts', client));
    if (capabilities.resources) lists.push(this.refresh('resources', client), this.refresh('templates', client));
    await Promise.all(lists);
  }

  private newClient(generation: number): Client {
    const client = new Client(this.options.clientInfo, { capabilities: {} });
    const refreshLater = (list: ListName) => () => {
      if (this.client === client && this.status === 'connected')
        this.refresh(list, client).then(
          () => this.options.onChange(),
          () => undefined, // the old list stays; a dead server is reported by onclose
        );
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, refreshLater('tools'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, refreshLater('prompts'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      refreshLater('resources')();
      refreshLater('templates')();
    });
    client.onclose = () => this.closedUnexpectedly(client, generation);
    client.onerror = () => this.probe(client);
    return client;
  }

  /**
   * The HTTP transport reports a broken stream (a call's response cut off, its resumption refused) as an error,
   * not a close, and the call would wait for its timeout. A ping tells a server that is gone from a glitch: gone,
   * the client is closed, which ends its calls at once as 'unavailable'.
   */
  private probe(client: Client): void {
    if (this.definition.transport.kind !== 'http' || this.probing || this.client !== client) return;
    if (this.status !== 'connected') return;
    this.probing = true;
    client
      .ping({ timeout: PROBE_TIMEOUT_MS })
      .catch((err: unknown) => this.lostOver(client, err))
      .finally(() => (this.probing = false));
  }

  /** The connected server went away (its process exited, its stream closed): failed at once, then a restart. */
  private closedUnexpectedly(client: Client, generation: number): void {
    if (this.closed || generation !== this.generation || this.client !== client || this.status !== 'connected') return;
    this.client = undefined;
    const tail = this.stderr.tail();
    this.setState('failed', `MCP server ${this.name} exited${tail ? `: ${tail}` : '.'}`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    if (this.closed) return;
    if (this.autoRestarts >= MAX_RESTARTS) {
      this.setState('failed', `${this.error} Gave up after ${MAX_RESTARTS} restarts; Reconnect tries again.`);
      return;
    }
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** this.failedAttempts, MAX_BACKOFF_MS);
    this.restartTimer = setTimeout(() => {
      this.restarts++;
      this.autoRestarts++;
      void this.open().then((connected) => {
        this.failedAttempts = connected ? 0 : this.failedAttempts + 1;
        if (!connected && this.status === 'failed') this.scheduleRestart();
      });
    }, delay);
    this.restartTimer.unref();
  }

  private async refresh(list: ListName, client: Client): Promise<void> {
    const timeout = { timeout: this.definition.startupTimeoutMs };
    if (list === 'tools') {
      const tools = await listAll(async (cursor) => {
        const page = await client.listTools(cursor ? { cursor } : undefined, timeout);
        return { items: page.tools, nextCursor: page.nextCursor };
      });
      if (this.client === client) this.tools = tools;
    } else if (list === 'prompts') {
      const prompts = await listAll(async (cursor) => {
        const page = await client.listPrompts(cursor ? { cursor } : undefined, timeout);
        return { items: page.prompts, nextCursor: page.nextCursor };
      });
      if (this.client === client) this.prompts = prompts;
    } else if (list === 'resources') {
      const resources = await listAll(async (cursor) => {
        const page = await client.listResources(cursor ? { cursor } : undefined, timeout);
        return { items: page.resources, nextCursor: page.nextCursor };
      });
      if (this.client === client) this.resources = resources;
    } else {
      const templates = await listAll(async (cursor) => {
        const page = await client.listResourceTemplates(cursor ? { cursor } : undefined, timeout);
        return { items: page.resourceTemplates, nextCursor: page.nextCursor };
      });
      if (this.client === client) this.resourceTemplates = templates;
    }
  }

  private describeStartFailure(err: unknown): string {
    const tail = this.stderr.tail();
    const withStderr = (sentence: string) => (tail ? `${sentence} Its stderr: ${tail}` : sentence);
    if (err instanceof StartupTimeout)
      return withStderr(
        `MCP server ${this.name} did not start within ${Math.round(this.definition.startupTimeoutMs / 100) / 10} s.`,
      );
    if (isConnectionClosed(err)) return withStderr(`MCP server ${this.name} exited during startup.`);
    if (err instanceof ExpectedFailure) return err.message;
    if (isUnreachable(err)) return `MCP server ${this.name} could not be reached: ${unreachableReason(err)}.`;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.definition.transport.kind === 'stdio')
      return `MCP server ${this.name} could not start: the command ${this.definition.transport.command} was not found.`;
    const message = err instanceof Error ? err.message : String(err);
    return withStderr(`MCP server ${this.name} could not start: ${message}.`);
  }

  private setState(status: McpServerStatus, error: string | undefined): void {
    this.status = status;
    this.error = error;
    this.options.onChange();
  }
}

type ListName = 'tools' | 'prompts' | 'resources' | 'templates';
