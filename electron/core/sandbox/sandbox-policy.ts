/**
 * What a command may do, independent of the OS that enforces it. Each
 * executor (bubblewrap + seccomp on Linux, Seatbelt on macOS, a restricted
 * token on Windows) turns this into kernel rules; none may grant more.
 */
export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

export type NetworkPolicy =
  | { mode: 'off' }
  /** Only these hosts, through the proxy Trellis runs; the sandbox reaches nothing else. */
  | { mode: 'allow-hosts'; hosts: string[]; proxyUrl?: string }
  | { mode: 'on' };

export interface SandboxPolicy {
  mode: SandboxMode;
  /** Absolute, real paths a command may write (workspace-write only). */
  writableRoots: string[];
  /**
   * Absolute paths inside writable roots that stay read-only (.git, .trellis, the Trellis home).
   * An entry that does not exist yet cannot be created either: first creation is blocked too.
   */
  readOnlySubpaths: string[];
  /** Absolute paths hidden even from reads (credential stores, the Trellis home, host IPC sockets). */
  denyRead: string[];
  /**
   * deny_read globs (`**\/.env`), looked for again before each command (refreshDenyRead), so a matching file
   * made after the policy was built is hidden too. `denyRead` holds what they matched when it was built.
   */
  denyReadGlobs?: DenyReadGlobs;
  network: NetworkPolicy;
  /**
   * `/tmp` as the command sees it. `private` (the default): an empty folder only this command sees,
   * writable in every sandboxed mode because nothing in it outlives the command; `private-read-only`
   * (`exclude_slash_tmp`): empty and read-only. A platform that cannot give a command its own /tmp
   * treats `private` as a writable /tmp and `private-read-only` as a read-only one.
   */
  tmp?: 'private' | 'private-read-only';
  /** Resource limits for each command; what each OS can enforce is in PLATFORMS.md. */
  limits?: SandboxLimits;
}

export interface DenyReadGlobs {
  /** The glob entries as written (`~/` not yet expanded). */
  entries: string[];
  /** Where relative globs are looked for: the working folder first, then the writable roots (real paths). */
  roots: string[];
  /** What `~` means. */
  userHome: string;
}

export interface SandboxLimits {
  /** Processes (and threads) one command may have at once; 0 or absent: no limit. */
  maxProcesses?: number;
  /** Memory in MiB: each process's data on every platform, the whole command's where the OS can count it; 0 or absent: no limit. */
  maxMemoryMb?: number;
}

/** `[sandbox] max_processes` and `max_memory_mb` when unset: a fork bomb or a runaway allocation stops there; builds fit. */
export const DEFAULT_SANDBOX_LIMITS = { maxProcesses: 1024, maxMemoryMb: 2048 } as const;
