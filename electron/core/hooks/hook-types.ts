/**
 * The shapes every part of core/hooks agrees on: a hook as read from any of the four formats (formats/), what it is
 * given when it runs (HookInput, Codex's stdin schema), and what came of it (HookRun). One engine underneath.
 */

/** Codex's lifecycle events, Kiro's task and file events, and Manual (a button); each format's names map onto these. */
export type HookEventName =
  | 'SessionStart'
  | 'SessionEnd'
  | 'UserPromptSubmit'
  | 'PreToolUse'
  | 'PermissionRequest'
  | 'PostToolUse'
  | 'Stop'
  | 'PreCompact'
  | 'PostCompact'
  | 'SubagentStart'
  | 'SubagentStop'
  | 'PreTaskExec'
  | 'PostTaskExec'
  | 'FileCreated'
  | 'FileSaved'
  | 'FileDeleted'
  | 'Manual';

/** Where a hook was read: Codex hooks.json or inline [hooks], Kiro's legacy .kiro.hook, Kiro v1 .json, a Kiro CLI agent file. */
export type HookFormat = 'codex-json' | 'codex-toml' | 'kiro-hook' | 'kiro-v1' | 'kiro-agent';

export interface HookSource {
  format: HookFormat;
  /** `repository`: supplied by the opened folder's files, so it never runs until the person trusts it. */
  scope: 'user' | 'repository';
  /** Absolute path of the file. */
  file: string;
  /** Where in the file, for people: `PreToolUse[0].hooks[1]`, `hooks[2]`, or empty for a one-hook file. */
  position: string;
}

export type HookAction =
  | {
      kind: 'command';
      command: string;
      /** Codex default 600 s; Kiro 60 s; Kiro CLI `timeout_ms` (30 s). 0: none. */
      timeoutMs: number;
      /** Codex `async`: run without waiting (its output cannot block or add context). */
      async?: boolean;
      /** Codex `statusMessage`: shown while it runs. */
      statusMessage?: string;
    }
  /** Kiro `askAgent` / v1 `agent`: the prompt becomes a turn of the agent. */
  | { kind: 'agent'; prompt: string };

export interface HookDefinition {
  /** Stable while the file does not change: file + position. */
  id: string;
  /** The hook's own name (Kiro) or one made from the event and position (Codex). */
  name: string;
  description?: string;
  source: HookSource;
  event: HookEventName;
  /**
   * An unanchored regular expression (Codex, Kiro v1, Kiro CLI's matcher translated), on the tool name for tool
   * events, the SessionStart source (`startup|resume|clear`), or the file path for file events; absent or `*`: all.
   */
  matcher?: string;
  /** Kiro legacy file hooks: globs on the workspace-relative path. */
  patterns?: string[];
  /** Kiro legacy `toolTypes` for tool events (names or categories such as `read`, `write`, `shell`, `*`). */
  toolTypes?: string[];
  action: HookAction;
  enabled: boolean;
  /** Whether this hook may block its event, as its source format defines (Kiro: PreToolUse, UserPromptSubmit, PreTaskExec). */
  canBlock: boolean;
  /** Kiro formats: a zero exit's plain stdout is added to the model's context. */
  plainStdoutIsContext: boolean;
  /** Kiro CLI `cache_ttl_seconds`: a result reused for this long (0: never). */
  cacheTtlSeconds?: number;
  /** sha256 of the definition as written: trust is per hash, so an edited hook asks again. */
  hash: string;
}

/**
 * `session_id` of a hook run outside any session: a file or manual hook while the workspace has no open session
 * (with one open, the run is logged there and carries its id).
 */
export const NO_SESSION_ID = 'none';

/** What a command hook gets as JSON on stdin (Codex's schema; fields present as the event has them). */
export interface HookInput {
  /** The session's id; NO_SESSION_ID for a file or manual hook run outside any session. */
  session_id: string;
  turn_id?: string;
  transcript_path: string | null;
  cwd: string;
  hook_event_name: HookEventName;
  model: string;
  permission_mode: 'default' | 'acceptEdits' | 'plan' | 'dontAsk' | 'bypassPermissions';
  tool_name?: string;
  tool_input?: unknown;
  tool_use_id?: string;
  tool_response?: unknown;
  prompt?: string;
  stop_hook_active?: boolean;
  last_assistant_message?: string | null;
  /** SessionStart: `startup | resume | clear`; Pre/PostCompact: `manual | auto`. */
  source?: string;
  /** SubagentStart / SubagentStop: the subagent (a crew task's id) and its role. */
  agent_id?: string;
  agent_type?: string;
  /** File events: the workspace-relative path (the first, when a burst changed several). */
  file_path?: string;
  /** File events: every workspace-relative path of the burst the hook fires once for. */
  file_paths?: string[];
}

/** How one hook's run ended and what it asked for. */
export interface HookRun {
  hook: HookDefinition;
  status: 'completed' | 'blocked' | 'failed';
  durationMs: number;
  exitCode: number | null;
  /** Blocked: the reason the model is given (stderr on exit 2, or the JSON's reason). */
  reason?: string;
  /** Text for the model's context (Codex `additionalContext`, Kiro plain stdout). */
  additionalContext?: string;
  /** Shown to the person (Codex `systemMessage`; a failure's explanation). */
  systemMessage?: string;
  /** PreToolUse `permissionDecision: "allow"` with `updatedInput`: the tool's input rewritten. */
  updatedInput?: unknown;
  /** PermissionRequest: the hook's answer, if it gave one. */
  permission?: 'allow' | 'deny';
  /** PostToolUse `updatedToolOutput` (or `updatedMCPToolOutput`): what the model is given instead of the tool's output. */
  updatedToolOutput?: unknown;
  /** Codex `suppressOutput`: the transcript keeps the hook's output folded away. */
  suppressOutput?: boolean;
  /** Codex `continue: false`: stop the session after this event, with `stopReason`. */
  stop?: { reason?: string };
  /** What it printed, bounded, for the transcript (folded). */
  output: string;
}
