import type { Executor, ExecRequest, ExecResult, SpawnedProcess, SpawnRequest } from './executor';
import { HeadTailBuffer } from './head-tail-buffer';
import { spawnProcessGroup, startProcessGroup, type ProcessGroupOptions } from './process-group';
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

  /** A trusted MCP server: its environment is what the caller built (no filtering: nothing confines it anyway). */
  async spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    const env = withMarkers(request.env, sandboxMarkers('danger-full-access', 'none', true));
    return spawnProcessGroup({ ...request, env });
  }
}

export type { ProcessGroupOptions };

/** Spawn `request.argv` in its own process group; a timeout (unless Infinity) or an abort kills the whole group. */
export function runProcessGroup(request: ExecRequest, options: ProcessGroupOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const output = new HeadTailBuffer(OUTPUT_HEAD, OUTPUT_TAIL);
    let timedOut = false;
    let aborted = false;
    const std =
      request.stdio === 'inherit'
        ? (['inherit', 'inherit', 'inherit'] as const)
        : ([request.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] as const);
    const { child, signalGroup } = startProcessGroup(request, std, options);
    if (child.stdin && request.stdin !== undefined) {
      // A command that exits without reading all of it is no error: its exit status says how it went.
      child.stdin.on('error', () => {});
      child.stdin.end(request.stdin);
    }
    const killGroup = () => signalGroup('SIGKILL');
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
