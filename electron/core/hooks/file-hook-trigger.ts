import { hookMatches } from './hook-matcher';
import type { HookDefinition, HookEventName } from './hook-types';

export type FileHookEvent = Extract<HookEventName, 'FileCreated' | 'FileSaved' | 'FileDeleted'>;

/** The watcher's kinds (workspace-watcher.ts's FileChangeKind, @parcel/watcher's) as file hook events. */
const EVENT_OF = { create: 'FileCreated', update: 'FileSaved', delete: 'FileDeleted' } as const;
export type FileChangeKind = keyof typeof EVENT_OF;

/** A hook to run once for the paths of one burst. */
export interface FileHookFiring {
  hook: HookDefinition;
  event: FileHookEvent;
  /** Workspace-relative, `/`-separated, in the order first changed. */
  paths: string[];
}

/**
 * A burst of writes (an agent's patch, a formatter, a checkout) settles well within this, and a person saving
 * twice this quickly means one save: each hook fires once for the burst, with every path it matched.
 */
export const FILE_HOOK_DEBOUNCE_MS = 500;

/**
 * The backstop against hooks that feed each other (A's command edits what B watches, B's what A does): a hook
 * fires at most this many times a minute; the rest are skipped, and said once.
 */
export const FILE_HOOK_MAX_PER_MINUTE = 20;

/** Folders whose files never fire hooks: git's own, Trellis's, and installed dependencies at any depth. */
export function isHookablePath(relative: string): boolean {
  if (/^(\.git|\.trellis)(\/|$)/.test(relative)) return false;
  return !/(^|\/)node_modules(\/|$)/.test(relative);
}

/** Which file hooks apply to which changed paths (patterns as globs, a v1 matcher as a regex on the path). */
export function fileHookFirings(
  hooks: readonly HookDefinition[],
  changes: ReadonlyMap<string, FileChangeKind>,
): FileHookFiring[] {
  const firings: FileHookFiring[] = [];
  for (const hook of hooks) {
    if (!(hook.event in EVENT_BY_NAME)) continue;
    const paths: string[] = [];
    for (const [filePath, kind] of changes)
      if (
        EVENT_OF[kind] === hook.event &&
        isHookablePath(filePath) &&
        hookMatches(hook, { event: hook.event, filePath })
      )
        paths.push(filePath);
    if (paths.length) firings.push({ hook, event: hook.event as FileHookEvent, paths });
  }
  return firings;
}

const EVENT_BY_NAME: Record<FileHookEvent, true> = { FileCreated: true, FileSaved: true, FileDeleted: true };

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface FileHookTriggerOptions {
  /** Runs the hook; settles when its work is done (a command's end, an agent hook's turn). */
  fire(firing: FileHookFiring): Promise<void>;
  /** A firing skipped by the rate bound (said once per hook until it fires again), or one that failed. */
  onNotice?(hook: HookDefinition, message: string): void;
  debounceMs?: number;
  timers?: Timers;
}

interface Pending {
  firing: FileHookFiring;
  timer: unknown;
}

/**
 * From the watcher's changes to hook runs: per hook, the paths of a burst are gathered until no change has come
 * for the debounce time, then the hook fires once. Never re-entrant: changes that arrive while a hook runs, or
 * within the debounce time after (its own writes, reported late by the watcher), do not fire it again.
 */
export class FileHookTrigger {
  private readonly pending = new Map<string, Pending>();
  /** Per hook: running now, or when its last run ended. */
  private readonly busy = new Map<string, 'running' | number>();
  private readonly recent = new Map<string, number[]>();
  private readonly skippedSaid = new Set<string>();
  private readonly debounceMs: number;
  private readonly timers: Timers;
  private disposed = false;

  constructor(private readonly options: FileHookTriggerOptions) {
    this.debounceMs = options.debounceMs ?? FILE_HOOK_DEBOUNCE_MS;
    this.timers = options.timers ?? realTimers;
  }

  /** One batch of the watcher's changes, against the hooks runnable now (enabled and trusted). */
  changes(hooks: readonly HookDefinition[], changes: ReadonlyMap<string, FileChangeKind>): void {
    if (this.disposed) return;
    for (const firing of fileHookFirings(hooks, changes)) {
      const key = keyOf(firing.hook);
      if (this.isOwnWrite(key)) continue;
      const pending = this.pending.get(key);
      if (pending) {
        this.timers.clear(pending.timer);
        for (const p of firing.paths) if (!pending.firing.paths.includes(p)) pending.firing.paths.push(p);
        pending.firing.hook = firing.hook;
      }
      const next = pending ?? { firing, timer: undefined };
      next.timer = this.timers.set(() => void this.flush(key), this.debounceMs);
      this.pending.set(key, next);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const { timer } of this.pending.values()) this.timers.clear(timer);
    this.pending.clear();
  }

  private isOwnWrite(key: string): boolean {
    const state = this.busy.get(key);
    return state === 'running' || (state !== undefined && this.timers.now() - state < this.debounceMs);
  }

  private async flush(key: string): Promise<void> {
    const pending = this.pending.get(key);
    this.pending.delete(key);
    if (!pending || this.disposed) return;
    const { hook } = pending.firing;
    const now = this.timers.now();
    const lastMinute = (this.recent.get(key) ?? []).filter((t) => now - t < 60_000);
    if (lastMinute.length >= FILE_HOOK_MAX_PER_MINUTE) {
      if (!this.skippedSaid.has(key))
        this.options.onNotice?.(
          hook,
          `${hook.name} fired ${FILE_HOOK_MAX_PER_MINUTE} times in a minute (hooks writing files each other watch?); skipping it for now`,
        );
      this.skippedSaid.add(key);
      return;
    }
    this.skippedSaid.delete(key);
    this.recent.set(key, [...lastMinute, now]);
    this.busy.set(key, 'running');
    try {
      await this.options.fire(pending.firing);
    } catch (err) {
      this.options.onNotice?.(hook, `${hook.name} could not run: ${(err as Error).message}`);
    } finally {
      this.busy.set(key, this.timers.now());
    }
  }
}

/** A hook as defined now: an edit (a new hash) is a new hook. */
function keyOf(hook: HookDefinition): string {
  return `${hook.id}\0${hook.hash}`;
}
