import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpToolApprovalMode } from '../config/config-types';

/**
 * The shapes every part of core/mcp agrees on: where a server was defined (definitions), what state its client is
 * in (manager), and what its tools look like to the loop (tools). The SDK's own types are used for what a server
 * sends; these name only what Trellis adds.
 */

export type { McpToolApprovalMode };

/** Where a server's definition was read: Codex's config.toml (the Trellis home) or Kiro's mcp.json (home or repository). */
export interface McpServerSource {
  format: 'codex-toml' | 'kiro-json';
  /** `repository`: supplied by the opened folder's files, so hostile until the person trusts the repository. */
  scope: 'user' | 'repository';
  /** Absolute path of the file, and the 1-based line of the server's table or key when known. */
  file: string;
  line?: number;
}

export type McpTransportConfig =
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      /** The variables set for the server (Codex `env`, Kiro `env` after `${VAR}` expansion). */
      env: Record<string, string>;
      /** Names passed through from Trellis's own environment (Codex `env_vars`). */
      envVars: string[];
      cwd?: string;
    }
  | {
      kind: 'http';
      url: string;
      /** Fixed headers (Codex `http_headers`, Kiro `headers` after `${VAR}` expansion). */
      headers: Record<string, string>;
      /** Header name → environment variable holding its value (Codex `env_http_headers`). */
      envHeaders: Record<string, string>;
      /** The variable whose value is sent as `Authorization: Bearer …` (Codex `bearer_token_env_var`). */
      bearerTokenEnvVar?: string;
      /** OAuth: scopes asked for, a pre-registered client id, the resource indicator (Codex `scopes`, `oauth`, `oauth_resource`). */
      oauth?: { scopes?: string[]; clientId?: string; resource?: string };
    };

/** One configured server, from whichever file defined it; the repository's Kiro file wins per name over the user's. */
export interface McpServerDefinition {
  name: string;
  source: McpServerSource;
  transport: McpTransportConfig;
  /** Codex `enabled` / Kiro `!disabled`. A disabled server is listed and never started. */
  enabled: boolean;
  /** A required server that fails to start fails the session with its error and stderr. */
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** When set, only these tools are offered (Codex `enabled_tools`); `disabledTools` applies after it. */
  enabledTools?: string[];
  disabledTools: string[];
  /** Codex `default_tools_approval_mode` (default `auto`); Kiro `autoApprove: ["*"]` maps to `approve`. */
  defaultApprovalMode: McpToolApprovalMode;
  /** Per tool (Codex `[tools.<tool>] approval_mode`; Kiro `autoApprove` names map to `approve`). */
  toolApprovalModes: Record<string, McpToolApprovalMode>;
  /** Codex `supports_parallel_tool_calls` (default true): false runs this server's calls one at a time. */
  parallelToolCalls: boolean;
  /** The person marked this stdio server to run outside the session's sandbox. */
  trustedOutsideSandbox: boolean;
}

export type McpServerStatus =
  | 'disabled'
  /** Defined by an untrusted repository's files: listed with its exact command line, never started. */
  | 'untrusted'
  | 'starting'
  | 'connected'
  | 'failed'
  /** An HTTP server answered 401 and no usable token is stored: `trellis mcp login` or Authenticate. */
  | 'needs-auth';

export interface McpServerState {
  name: string;
  definition: McpServerDefinition;
  status: McpServerStatus;
  /** The last failure, one sentence (with the tail of stderr for a stdio server that exited). */
  error?: string;
  tools: McpToolInfo[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  /** Restarts after a crash since the session began. */
  restarts: number;
}

/** A tool as the loop offers it: the server's tool under its qualified name. */
export interface McpToolInfo {
  server: string;
  /** The tool's own name on its server. */
  name: string;
  /** `mcp__<server>__<tool>`, at most 64 bytes, shortened deterministically when longer. */
  qualifiedName: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: ToolAnnotations;
  /** Off through enabled_tools / disabled_tools / the window's switch: listed, never offered to the model. */
  enabled: boolean;
}

export interface McpCallOptions {
  signal?: AbortSignal;
  /** Default: the server's toolTimeoutMs. */
  timeoutMs?: number;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/**
 * The running clients of one session or workspace. Never throws for a server's failure: a dead, crashed or
 * unreachable server is a state, and its calls answer an error result ("server unavailable"), never hang.
 */
export interface McpManager {
  /** Starts every enabled, trusted server in parallel; settles when each is connected, failed or timed out. */
  start(): Promise<void>;
  states(): McpServerState[];
  /** The enabled tools of connected servers, in a stable order. */
  tools(): McpToolInfo[];
  callTool(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    options?: McpCallOptions,
  ): Promise<CallToolResult>;
  getPrompt(server: string, prompt: string, args: Record<string, string>): Promise<GetPromptResult>;
  readResource(server: string, uri: string): Promise<ReadResourceResult>;
  reconnect(server: string): Promise<void>;
  /**
   * The window's switch (after the caller saved it where the server was defined): the tool stays listed with
   * `enabled` flipped, is offered to the model or withdrawn from the next turn, and onChange is told.
   */
  setToolEnabled(server: string, tool: string, enabled: boolean): void;
  /** What the server wrote to stderr (stdio), the most recent part kept. */
  stderr(server: string): string;
  /** Told after any server's state, tools, prompts or resources change. */
  onChange(listener: (state: McpServerState) => void): () => void;
  close(): Promise<void>;
}

export type McpStdioDefinition = McpServerDefinition & { transport: Extract<McpTransportConfig, { kind: 'stdio' }> };

export interface McpStdioContext {
  /** The server's own variables: its definition's `env` plus the `env_vars` it names, taken from Trellis's environment. */
  env: Record<string, string>;
  /** Everything the process writes to stderr, as it comes (the manager keeps the recent part per server). */
  onStderr(chunk: string): void;
}

/** Builds the transport of a stdio server (the sandboxed one normally; `unconfinedStdioTransport` when trusted). */
export type McpStdioTransportFactory = (definition: McpStdioDefinition, context: McpStdioContext) => Transport;

export interface McpManagerOptions {
  servers: McpServerDefinition[];
  /** Trellis's environment: the source of `env_vars`, `env_http_headers` and `bearer_token_env_var`. */
  env: NodeJS.ProcessEnv;
  stdioTransport: McpStdioTransportFactory;
  /** OAuth for an HTTP server (slice F); absent: a 401 leaves the server `needs-auth`. */
  authProvider?: (definition: McpServerDefinition) => OAuthClientProvider | undefined;
  clientInfo: { name: string; version: string };
  /** Whether the person trusts the repository: until then its servers (`source.scope: 'repository'`) stay `untrusted`. */
  repositoryTrusted?: boolean;
}
