/**
 * Bounds on what one session keeps and logs, so a model that streams without end or a command that
 * prints gigabytes costs bounded disk and memory: config.toml's `model_max_response_bytes`,
 * `session_log_max_delta_bytes` and `session_log_max_exec_output_bytes`.
 */
import { ExpectedFailure } from '../errors/expected-failure';
import { DEFAULT_LOGGED_OUTPUT_BYTES, formatBytes } from './output-caps';

export interface SessionLimits {
  /** One model response (text and tool calls): past it the stream is stopped and the turn fails. */
  maxResponseBytes: number;
  /** Message deltas logged per response; the completed message still carries the whole text. */
  maxLoggedDeltaBytes: number;
  /** Streamed output logged per command: its head, then what was left out is counted, then its tail. */
  maxLoggedExecOutputBytes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxResponseBytes: 8 * 1024 * 1024,
  maxLoggedDeltaBytes: 1024 * 1024,
  maxLoggedExecOutputBytes: DEFAULT_LOGGED_OUTPUT_BYTES,
};

/** The model's response passed `model_max_response_bytes`: not retried, the turn ends. */
export class ResponseTooLargeError extends ExpectedFailure {
  constructor(limit: number) {
    super(
      'response-too-large',
      `The model's response passed ${formatBytes(limit)} (model_max_response_bytes); the stream was stopped and the turn ended. What was received before is kept in the session log.`,
    );
    this.name = 'ResponseTooLargeError';
  }
}
