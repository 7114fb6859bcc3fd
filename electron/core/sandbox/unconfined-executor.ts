import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import type { Executor, ExecRequest, ExecResult } from './executor';
import { HeadTailBuffer } from './head-tail-buffer';
import { sandboxMarkers, withMarkers } from './sandbox-markers';

const OUTPUT_HEAD = 16 * 1024;
const OUTPUT_TAIL = 16 * 1024;

/**
 * Runs a command with no kernel confinement (danger-full-access, or until a
 * sandbox executor exists for the platform). The command gets its own process
 * group, so a timeout or an interrupt kills everything it started.
 */
export class UnconfinedExecutor implements Executor {
  readonly description = 'no sandbox (danger-full-access)';

  run(request: ExecRequest): Promise<ExecResult> {
    // Whatever mode the session is in, this command has full access: it is told so.
    return runProcessGroup({
      ...request,
      env: withMarkers(request.env, sandboxMarkers('danger-full-access', 'none', true)),
    });
  }
}

export interface ProcessGroupOptions {
  /** Written to the child's file descriptors 3, 4, … and closed, e.g. bubblewrap's `--seccomp 3` program. */
  inputs?: Buffer[];
  /**
   * Opens a Node IPC channel to the child, on the descriptor after the inputs (NODE_CHANNEL_FD says
   * which), and hands each message to this: the allow-hosts bridge asks for proxy connections there.
   */
  onMessage?: (message: unknown, child: ChildProcess) => void;
}

/** Spawn `request.argv` in its own process group; a timeout (unless Infinity) or an abort kills the whole group. */
export function runProcessGroup(request: ExecRequest, options: ProcessGroupOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const output = new HeadTailBuffer(OUTPUT_HEAD, OUTPUT_TAIL);
    let timedOut = false;
    let aborted = false;
    const inputs = options.inputs ?? [];
    const std =
      request.stdio === 'inherit'
        ? (['inherit', 'inherit', 'inherit'] as const)
        : (['ignore', 'pipe', 'pipe'] as const);
    const child = spawn(request.argv[0], request.argv.slice(1), {
      cwd: request.cwd,
      env: request.env,
      stdio: [...std, ...inputs.map(() => 'pipe' as const), ...(options.onMessage ? (['ipc'] as const) : [])],
      detached: process.platform !== 'win32',
    });
    inputs.forEach((data, i) => {
      const stream = child.stdio[3 + i] as
        (NodeJS.WritableStream & { destroy(): void; _handle?: { fd?: number } }) | null;
      if (!stream) return;
      stream.on('error', () => {}); // the child may exit before reading it; its exit status tells why
      // Written and closed now, not on a later turn of the event loop: the child is waiting for it.
      const fd = stream._handle?.fd;
      let written = 0;
      if (typeof fd === 'number' && fd >= 0) {
        try {
          written = writeSync(fd, data);
        } catch {
          // EAGAIN and the like: the stream writes it instead
        }
      }
      if (written === data.length) stream.destroy();
      else stream.end(data.subarray(written));
    });
    if (options.onMessage) {
      const onMessage = options.onMessage;
      child.on('message', (message) => onMessage(message, child));
      child.on('error', () => {}); // a send after the child went away; its exit is reported as usual
    }
    const killGroup = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = Number.isFinite(request.timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          killGroup();
        }, request.timeoutMs)
      : undefined;
    const onAbort = () => {
      aborted = true;
      killGroup();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    for (const stream of ['stdout', 'stderr'] as const) {
      if (!child[stream]) continue; // inherited
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        output.push(chunk);
        request.onOutput?.(stream, chunk);
      });
    }
    const finish = (exitCode: number | null, signal: string | null, extra = '') => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (extra) output.push(extra);
      resolve({
        exitCode,
        signal,
        timedOut,
        aborted,
        output: output.toString(),
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (err) => finish(127, null, `${err.message}\n`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
