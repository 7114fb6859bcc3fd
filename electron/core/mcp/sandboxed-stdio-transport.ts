import fs from 'node:fs';
import path from 'node:path';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ExpectedFailure } from '../errors/expected-failure';
import { isSecretVariable } from '../sandbox/command-environment';
import type { Executor, ProcessExit, SpawnedProcess } from '../sandbox/executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import type { McpStdioTransportFactory } from './mcp-types';

/**
 * What a server inherits from Trellis's own environment, whatever its definition says (the SDK's
 * getDefaultEnvironment list, plus the locale): enough to find programs and a home, never a provider's key.
 */
const BASE_VARIABLES = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE'];

/** How much of the server's stderr is kept to explain a failure the sandbox caused. */
const STDERR_TAIL = 16 * 1024;

export interface SandboxedStdioOptions {
  executor: Executor;
  /** The server's name and where it was defined (`file:line`), for the sentence when it cannot start. */
  name?: string;
  definedIn?: string;
  command: string;
  args: string[];
  /** Where the server starts. */
  cwd: string;
  /** The server's own variables (its definition's `env` and the `env_vars` it names): passed as they are, secrets too. */
  env: Record<string, string>;
  /** Where the base variables come from; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Everything the server writes to stderr, as it comes. */
  onStderr?: (chunk: string) => void;
  /** How long the server is given to end on close before its process group is killed; default 2 s. */
  killGraceMs?: number;
}

/**
 * The environment a stdio server starts with: the base variables (secret-looking values dropped), then its own.
 * The executor filters again (inside a sandbox, secret-looking variables the server did not ask for never pass).
 */
export function serverEnvironment(own: Record<string, string>, base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE_VARIABLES) {
    const value = base[name];
    // A value starting with `()` is an exported shell function: never handed on (as the SDK does).
    if (value === undefined || value.startsWith('()') || isSecretVariable(name, value)) continue;
    env[name] = value;
  }
  return { ...env, ...own };
}

/** A sandbox refusal, with the way to run this server unconfined when the person trusts it. */
function outsideSandboxHint(note: string | null | undefined, name: string | undefined): string | null {
  if (!note || !name) return note ?? null;
  return `${note}\nTo run ${name} outside the sandbox: trusted_outside_sandbox = true in [mcp_servers.${name}] of config.toml.`;
}

/** The server's command itself could not be found: Node's spawn said ENOENT, or the sandbox's launcher (bash `exec`) said so. */
function commandNotFound(exit: ProcessExit, stderr: string, command: string): boolean {
  if (exit.error) return /\bENOENT\b/.test(exit.error);
  return exit.exitCode === 127 && stderr.includes(`exec: ${command}: not found`);
}

/** How a process ended, in words for a failure sentence: "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  if (exit.error) return `could not be started (${exit.error})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.exitCode}`;
}

/**
 * The MCP SDK's stdio framing (one JSON-RPC message per line) over a process an Executor started, so a server
 * defined by (possibly hostile) configuration runs under the session's sandbox like any command. `onclose` fires
 * once, when the process has ended (`exit` then says how) or after `close()` killed its process group.
 */
export class SandboxedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** How the process ended, once it has. */
  exit?: ProcessExit;

  private process?: SpawnedProcess;
  private readonly readBuffer = new ReadBuffer();
  private started = false;
  private closed = false;

  constructor(private readonly options: SandboxedStdioOptions) {}

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('SandboxedStdioTransport already started');
    this.started = true;
    const { executor, command, args, cwd } = this.options;
    const server = `MCP server ${this.options.name ?? command}`;
    if (!fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
      const where = this.options.definedIn ? ` (\`cwd\` in ${this.options.definedIn})` : '';
      throw new ExpectedFailure(
        'mcp-server-cwd',
        `${server} could not start: its folder ${cwd}${where} does not exist.`,
      );
    }
    const env = serverEnvironment(this.options.env, this.options.baseEnv ?? process.env);
    let child: SpawnedProcess;
    try {
      child = await executor.spawn({
        argv: [command, ...args],
        cwd,
        env,
        keepSecrets: Object.keys(this.options.env),
        // The server's own program (`node /tmp/tools/server.js`) stays readable under the private /tmp.
        readable: [command, ...args].filter((arg) => path.isAbsolute(arg)),
      });
    } catch (error) {
      // The sandbox cannot run here (Windows, no sandbox-exec): the reason and the fix, naming the server.
      if (!(error instanceof ExpectedFailure)) throw error;
      throw new ExpectedFailure(error.code, `${server} could not start: ${error.message}`, { cause: error });
    }
    this.process = child;
    child.stdout.on('data', (chunk: Buffer) => this.received(chunk));
    child.stdout.on('error', (error: Error) => this.onerror?.(error));
    child.stderr.setEncoding('utf8');
    let tail = '';
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL);
      this.options.onStderr?.(chunk);
    });
    void child.exited.then((exit) => {
      this.exit = exit;
      if (exit.error) this.options.onStderr?.(`${command}: ${exit.error}\n`);
      // A server that died of the sandbox says why in its log, and so in the failure the person sees.
      const failed = !this.closed && (exit.exitCode !== 0 || exit.signal !== null);
      const note = !failed
        ? null
        : commandNotFound(exit, tail, command)
          ? `The command ${command} was not found${path.isAbsolute(command) ? '' : ` on the server's PATH (${env.PATH ?? ''})`}.`
          : outsideSandboxHint(child.explainFailure?.(exit, tail), this.options.name);
      if (note) this.options.onStderr?.(`${tail && !tail.endsWith('\n') ? '\n' : ''}${note}\n`);
      this.finish();
    });
    // Already closed while the executor was starting it: nothing may outlive close().
    if (this.closed) await child.kill(this.options.killGraceMs);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.process?.stdin;
    if (!stdin || this.exit || this.closed) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) return resolve();
      // A server that stops reading: the write settles when it drains, or when the server is gone (never hangs).
      const settle = () => {
        stdin.off('drain', settle);
        stdin.off('close', settle);
        resolve();
      };
      stdin.on('drain', settle);
      stdin.on('close', settle);
    });
  }

  /** Ends the server's whole process group (SIGTERM, then SIGKILL after the grace period); settles once it is gone. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.process) await this.process.kill(this.options.killGraceMs);
    this.finish();
  }

  private received(chunk: Buffer): void {
    try {
      this.readBuffer.append(chunk);
    } catch (error) {
      // A message larger than the buffer allows: the stream cannot be followed any more.
      this.onerror?.(error as Error);
      void this.close();
      return;
    }
    for (;;) {
      try {
        const message = this.readBuffer.readMessage();
        if (message === null) break;
        this.onmessage?.(message);
      } catch (error) {
        this.onerror?.(error as Error); // a line that is not JSON-RPC: reported, and the next one read
      }
    }
  }

  private finished = false;

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.readBuffer.clear();
    this.onclose?.();
  }
}

export interface SandboxedStdioFactoryOptions {
  /** Where a server without `cwd` starts, and what a relative `cwd` is relative to (the session's folder). */
  cwd: string;
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * The manager's stdio transport factory: each server runs under `executor` (the session's sandbox), but one the
 * person marked trusted (`trustedOutsideSandbox`) runs unconfined. `context.env` is the server's own variables,
 * resolved by the manager.
 */
export function sandboxedStdioTransport(
  executor: Executor,
  options: SandboxedStdioFactoryOptions,
): McpStdioTransportFactory {
  const unconfined = new UnconfinedExecutor();
  return (definition, context) =>
    new SandboxedStdioTransport({
      executor: definition.trustedOutsideSandbox ? unconfined : executor,
      name: definition.name,
      definedIn: definition.source.line
        ? `${definition.source.file}:${definition.source.line}`
        : definition.source.file,
      command: definition.transport.command,
      args: definition.transport.args,
      cwd: path.resolve(options.cwd, definition.transport.cwd ?? '.'),
      env: context.env,
      baseEnv: options.baseEnv,
      onStderr: (chunk) => context.onStderr(chunk),
    });
}
