import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { runGit } from '../git/git';
import { FileHookTrigger, isHookablePath, type FileChangeKind, type FileHookFiring } from '../hooks/file-hook-trigger';
import { loadHookDefinitions } from '../hooks/hook-definitions';
import type { HookDefinition } from '../hooks/hook-types';
import { runStandaloneHook, type StandaloneHookDeps } from './hook-actions';

/**
 * While files keep changing (an agent at work), the definitions are read again at most this often: a reading
 * costs 20 to 40 ms. A hook file's own change, or a trust or switch in the hooks pane, reads them at once.
 */
const DEFINITIONS_FRESH_MS = 2000;

/** The repository's hook files (hook-definitions.ts reads these). */
const isHookFile = (p: string) => p === '.codex/hooks.json' || /^\.kiro\/(hooks|agents)\//.test(p);

const FILE_EVENTS = new Set<HookDefinition['event']>(['FileCreated', 'FileSaved', 'FileDeleted']);

export interface WorkspaceFileHooksDeps extends StandaloneHookDeps {
  log(message: string): void;
}

/**
 * The file hooks of one open workspace: the watcher's changes (the person's and the agents' edits alike) go to a
 * FileHookTrigger against the hooks runnable as their files read now (enabled and trusted, read again at each
 * change, so an edit, a trust or a switch counts from the next save), and each firing runs through
 * runStandaloneHook. Disposed with the workspace.
 */
export class WorkspaceFileHooks {
  private readonly trigger: FileHookTrigger;
  /** Batches are matched in the order they came, each against the definitions read for it. */
  private queue: Promise<void> = Promise.resolve();
  private definitions?: { readAt: number; hooks: Promise<HookDefinition[]> };

  constructor(private readonly deps: WorkspaceFileHooksDeps) {
    this.trigger = new FileHookTrigger({
      fire: (firing) => this.fire(firing),
      onNotice: (_hook, message) => deps.log(`file hooks of ${deps.root}: ${message}`),
    });
  }

  /** One batch of the watcher's changes (workspace-relative paths and their kinds). */
  changes(files: ReadonlyMap<string, FileChangeKind>): void {
    if ([...files.keys()].some(isHookFile)) this.reread();
    const hookable = new Map([...files].filter(([p]) => isHookablePath(p)));
    if (!hookable.size) return;
    this.queue = this.queue
      .then(async () => {
        const hooks = await this.fileHooks();
        if (hooks.length) this.trigger.changes(hooks, await this.trackedAsSaved(hookable));
      })
      .catch((err: Error) => this.deps.log(`file hooks of ${this.deps.root}: ${err.message}`));
  }

  /** The hooks changed outside the watcher's sight (a trust or switch recorded in the Trellis home). */
  reread(): void {
    this.definitions = undefined;
  }

  dispose(): void {
    this.trigger.dispose();
  }

  private fileHooks(): Promise<HookDefinition[]> {
    const now = Date.now();
    if (!this.definitions || now - this.definitions.readAt > DEFINITIONS_FRESH_MS)
      this.definitions = {
        readAt: now,
        hooks: this.readFileHooks().catch((err: unknown) => {
          this.definitions = undefined; // a broken config.toml fixed is read at the next change
          throw err;
        }),
      };
    return this.definitions.hooks;
  }

  private async readFileHooks(): Promise<HookDefinition[]> {
    const { home, root } = this.deps;
    const { config } = await loadConfig({ home });
    const { runnable } = await loadHookDefinitions({ home, cwd: root, userHome: os.homedir(), config });
    return runnable.filter((h) => FILE_EVENTS.has(h.event));
  }

  /**
   * An editor's atomic save (write a copy, rename it over the file) reaches the watcher as the file made anew: a
   * file git already tracks that is "made" was saved.
   */
  private async trackedAsSaved(files: Map<string, FileChangeKind>): Promise<Map<string, FileChangeKind>> {
    const made = [...files].filter(([, kind]) => kind === 'create').map(([p]) => p);
    if (!made.length) return files;
    const listed = await runGit(this.deps.root, ['ls-files', '-z', '--', ...made]).catch(() => null);
    if (listed?.code !== 0) return files;
    for (const p of listed.stdout.toString('utf8').split('\0')) if (files.get(p) === 'create') files.set(p, 'update');
    return files;
  }

  private async fire(firing: FileHookFiring): Promise<void> {
    const paths = await this.filesNotIgnored(firing);
    if (!paths.length) return;
    const result = await runStandaloneHook(firing.hook, { event: firing.event, paths }, this.deps);
    // Its turn is the hook's run: the agent's edits meanwhile are its own, and do not fire it again.
    if (result.kind === 'agent') await result.turnDone;
  }

  /** Of a firing's paths, those git does not ignore, and (made or saved) that are files, not folders. */
  private async filesNotIgnored(firing: FileHookFiring): Promise<string[]> {
    const { root } = this.deps;
    // check-ignore refuses the literal pathspecs Trellis's git runs with; ls-files names ignored untracked files.
    const ignored = await runGit(root, [
      'ls-files',
      '-z',
      '--others',
      '--ignored',
      '--exclude-standard',
      '--',
      ...firing.paths,
    ]).catch(() => null);
    // Outside a repository (exit 128) nothing is ignored.
    const skip = new Set(ignored?.code === 0 ? ignored.stdout.toString('utf8').split('\0') : []);
    const kept = firing.paths.filter((p) => !skip.has(p));
    if (firing.event === 'FileDeleted') return kept;
    const isFile = await Promise.all(
      kept.map((p) =>
        fs.lstat(path.join(root, p)).then(
          (s) => !s.isDirectory(),
          () => false, // gone again since
        ),
      ),
    );
    return kept.filter((_, i) => isFile[i]);
  }
}
