/** How every command the agent runs is executed; one implementation per sandbox (the unconfined one first). */
export interface ExecRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** `inherit` (`trellis sandbox`): the caller's stdin, stdout and stderr pass straight through and nothing is captured. Default `capture`. */
  stdio?: 'capture' | 'inherit';
  /** Written to the command's stdin, which is then closed (a hook's event JSON); without it stdin is empty. Ignored with `inherit`. */
  stdin?: string;
}

export interface ExecResult {
  exitCode: number | null;
  /** The signal that ended the process, if one did. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** stdout and stderr interleaved as they arrived, head and tail kept when long. */
  output: string;
  durationMs: number;
  /** When the failure looks like the sandbox refused something: what, in plain words (also appended to `output`). */
  sandboxDenial?: string;
}

/** A long-lived process (a stdio MCP server) started under the same confinement as a command. */
export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /**
   * Variables the caller set by name on purpose (an MCP server's own definition asks for its token): they pass
   * even where the sandbox drops secret-looking variables. Everything else in `env` is filtered as for a command.
   */
  keepSecrets?: string[];
  /**
   * Files the process must read though the sandbox hides their place: a stdio server's own program under /tmp,
   * which the private /tmp would hide. Where the working folder's top folder in /tmp is shown read-only, so is theirs.
   */
  readable?: string[];
}

export interface ProcessExit {
  exitCode: number | null;
  /** The signal that ended the process, if one did. */
  signal: string | null;
  /** Why the process could not be started at all (the command was not found…), when that is what happened. */
  error?: string;
}

export interface SpawnedProcess {
  readonly pid: number | undefined;
  readonly stdin: NodeJS.WritableStream;
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  /** Settles once the process has ended and what the executor held for it (placeholders, cgroups, temp folders) is released. */
  readonly exited: Promise<ProcessExit>;
  /** Ends the whole process group: SIGTERM, then SIGKILL after `graceMs` (default 2000). Settles with `exited`. */
  kill(graceMs?: number): Promise<ProcessExit>;
  /** For a process that failed: what the sandbox refused it, in plain words, when its output (stderr) shows one. */
  explainFailure?(exit: ProcessExit, output: string): string | null;
}

export interface Executor {
  /** Shown to the model and the person: what confines the command. */
  readonly description: string;
  run(request: ExecRequest): Promise<ExecResult>;
  /** Starts a process that lives until it exits or is killed, with piped stdin, stdout and stderr, confined as `run` confines a command. */
  spawn(request: SpawnRequest): Promise<SpawnedProcess>;
  /** Stops what the executor keeps running between commands (the allow-hosts network proxy). */
  dispose?(): Promise<void>;
}
