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

export interface Executor {
  /** Shown to the model and the person: what confines the command. */
  readonly description: string;
  run(request: ExecRequest): Promise<ExecResult>;
  /** Stops what the executor keeps running between commands (the allow-hosts network proxy). */
  dispose?(): Promise<void>;
}
