import { spawn, type ChildProcess, type StdioPipe, type StdioNull } from 'node:child_process';
import { writeSync } from 'node:fs';
import type { ProcessExit, SpawnedProcess } from './executor';

export interface ProcessGroupOptions {
  /** Written to the child's file descriptors 3, 4, … and closed, e.g. bubblewrap's `--seccomp 3` program. */
  inputs?: Buffer[];
  /**
   * Opens a Node IPC channel to the child, on the descriptor after the inputs (NODE_CHANNEL_FD says
   * which), and hands each message to this: the allow-hosts bridge asks for proxy connections there.
   */
  onMessage?: (message: unknown, child: ChildProcess) => void;
}

export interface StartedGroup {
  child: ChildProcess;
  /** Signals every process of the group (SIGKILL unless told); a group already gone is no error. */
  signalGroup(signal?: NodeJS.Signals): void;
}

type Std = StdioPipe | StdioNull;

/**
 * Starts `argv` as the leader of its own process group (so a timeout, an interrupt or a kill reaches everything
 * it started), feeds the extra inputs and opens the IPC channel: the one way every executor starts a process.
 */
export function startProcessGroup(
  request: { argv: string[]; cwd: string; env: Record<string, string> },
  std: readonly [Std, Std, Std],
  options: ProcessGroupOptions = {},
): StartedGroup {
  const inputs = options.inputs ?? [];
  const child = spawn(request.argv[0], request.argv.slice(1), {
    cwd: request.cwd,
    env: request.env,
    stdio: [...std, ...inputs.map(() => 'pipe' as const), ...(options.onMessage ? (['ipc'] as const) : [])],
    detached: process.platform !== 'win32',
  });
  inputs.forEach((data, i) => writeInput(child, 3 + i, data));
  if (options.onMessage) {
    const onMessage = options.onMessage;
    child.on('message', (message) => onMessage(message, child));
    child.on('error', () => {}); // a send after the child went away; its exit is reported as usual
  }
  const signalGroup = (signal: NodeJS.Signals = 'SIGKILL') => {
    try {
      if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  return { child, signalGroup };
}

function writeInput(child: ChildProcess, index: number, data: Buffer): void {
  const stream = child.stdio[index] as (NodeJS.WritableStream & { destroy(): void; _handle?: { fd?: number } }) | null;
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
}

/** How long a process is given to end after SIGTERM before the group is killed. */
export const KILL_GRACE_MS = 2000;

/**
 * A long-lived process group with piped stdio. `release` runs once the process has ended (the executor's
 * placeholders, cgroups, temp folders), before `exited` settles, so a caller that waited holds nothing.
 */
export function spawnProcessGroup(
  request: { argv: string[]; cwd: string; env: Record<string, string> },
  options: ProcessGroupOptions = {},
  release: () => void | Promise<void> = () => {},
): SpawnedProcess {
  const { child, signalGroup } = startProcessGroup(request, ['pipe', 'pipe', 'pipe'], options);
  // A server that exits while being written to: its exit, not an EPIPE, says what happened.
  child.stdin!.on('error', () => {});
  let ended = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (exit: ProcessExit) => {
      if (ended) return;
      ended = true;
      void Promise.resolve()
        .then(release)
        .catch(() => undefined)
        .then(() => resolve(exit));
    };
    // Only a failure to start ends it here; later errors (a signal to a process already gone) do not.
    child.on('error', (err) => {
      if (child.pid === undefined) finish({ exitCode: 127, signal: null, error: err.message });
    });
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
  const kill = (graceMs = KILL_GRACE_MS) => {
    if (ended) return exited;
    child.stdin!.end();
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    void exited.then(() => clearTimeout(timer));
    return exited;
  };
  return { pid: child.pid, stdin: child.stdin!, stdout: child.stdout!, stderr: child.stderr!, exited, kill };
}
