import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DirListing, FileContent, GitStatus, WorkbenchEvent, WorkspaceSummary } from '../../contract';
import { readGitInfo } from '../git/git-info';
import { commonDirOf, pinRepository } from '../git/git-dir';
import { readGitStatus } from '../git/git-status';
import { runGit } from '../git/git';
import { listDir } from './dir-listing';
import { listWorkspaceFiles } from './file-index';
import { readWorkspaceFile } from './read-file';
import { resolveFolder } from './resolve-folder';
import { toRelative } from './workspace-paths';
import { watchWorkspace, type WatchBatch } from './workspace-watcher';

export type WorkspaceListener = (event: WorkbenchEvent) => void;

/** A stable id for a folder, so every window that opens it shares one Workspace. */
export const workspaceIdFor = (root: string) => createHash('sha256').update(root).digest('hex').slice(0, 16);

/**
 * An open folder: its tree, its git state, and a watcher that keeps both fresh.
 * Opening reads and never writes; git features are off outside a repository.
 */
export class Workspace {
  readonly id: string;
  readonly name: string;
  private listed = new Set<string>();
  private statusRun: Promise<GitStatus | null> | null = null;
  private statusAgain = false;
  private stopWatching: (() => Promise<void>) | null = null;
  private watchStarting: Promise<void> | null = null;
  private disposed = false;
  private readonly batchListeners = new Set<(batch: WatchBatch) => void>();

  private constructor(
    readonly root: string,
    private git: WorkspaceSummary['git'],
    /** The repository's git dir as found when opening (null outside a repository). */
    private gitDir: string | null,
    private readonly emit: WorkspaceListener,
  ) {
    this.id = workspaceIdFor(root);
    this.name = path.basename(root) || root;
  }

  static async open(input: string, emit: WorkspaceListener): Promise<Workspace> {
    const root = await resolveFolder(input);
    const found = await pinRepository(root); // git from now on uses the git dir the folder has as it opens
    return new Workspace(root, await readGitInfo(root), found?.gitDir ?? null, emit);
  }

  summary(): WorkspaceSummary {
    return { id: this.id, root: this.root, name: this.name, git: this.git };
  }

  async listDir(dir: string): Promise<DirListing> {
    const listing = await listDir(this.root, dir);
    this.listed.add(dir);
    return listing;
  }

  /** Every file of the workspace (what git lists, or a walk), for `@` mentions. */
  listFiles(): Promise<{ files: string[]; truncated: boolean }> {
    return listWorkspaceFiles(this.root, this.git !== null);
  }

  readFile(relative: string): Promise<FileContent> {
    return readWorkspaceFile(this.root, relative);
  }

  /**
   * Git status. Callers share a run already under way; a `fresh` caller (the
   * watcher, after a change) also queues one more run that starts after it.
   */
  status(options: { fresh?: boolean } = {}): Promise<GitStatus | null> {
    if (!this.git) return Promise.resolve(null);
    if (this.statusRun) {
      if (options.fresh) this.statusAgain = true;
      return this.statusRun;
    }
    // Paths relative to the opened folder, as the file tree and file views name them (a subfolder of a repository included).
    this.statusRun = readGitStatus(this.root, { folder: this.folderInRepository() }).finally(() => {
      this.statusRun = null;
      if (this.statusAgain) {
        this.statusAgain = false;
        void this.refreshStatus();
      }
    });
    return this.statusRun;
  }

  /** Make this folder a git repository (only when the person asks). */
  async initGit(): Promise<WorkspaceSummary> {
    if (!this.git) {
      const result = await runGit(this.root, ['init']);
      if (result.code !== 0) throw new Error(`git init failed: ${result.stderr}`);
      this.git = await readGitInfo(this.root);
      this.gitDir = (await pinRepository(this.root))?.gitDir ?? null;
      void this.refreshStatus();
    }
    return this.summary();
  }

  startWatching(): Promise<void> {
    this.watchStarting ??= (async () => {
      // The native watcher's first crawl of a big tree takes a while; the workspace may be closed meanwhile.
      const stop = await watchWorkspace(
        this.root,
        (batch) => void this.onBatch(batch),
        (err) =>
          this.emit({
            type: 'workspace.removed',
            workspaceId: this.id,
            message: `Watching ${this.root} stopped: ${err.message}`,
          }),
        { gitDirs: await this.gitDirs() },
      );
      if (this.disposed) await stop();
      else this.stopWatching = stop;
    })();
    return this.watchStarting;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.watchStarting?.catch(() => {});
    await this.stopWatching?.();
    this.stopWatching = null;
  }

  /** Every batch of changes the watcher reports (what else follows the folder's files: its hooks); returns a stop. */
  onWatchBatch(listener: (batch: WatchBatch) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** The git dir, and a linked worktree's common dir (where its branch moves), for the watcher. */
  private async gitDirs(): Promise<string[]> {
    if (!this.gitDir) return [];
    const common = await commonDirOf(this.gitDir);
    return common ? [this.gitDir, common] : [this.gitDir];
  }

  /** The opened folder relative to its repository's top level ('' at the top). */
  private folderInRepository(): string {
    return this.git ? toRelative(this.git.topLevel, this.root) : '';
  }

  private async onBatch(batch: WatchBatch): Promise<void> {
    for (const listener of this.batchListeners) listener(batch);
    // A folder that appeared with content: every listed folder under it is read again.
    const dirs = new Set(batch.dirs);
    for (const tree of batch.trees)
      for (const dir of this.listed) if (dir === tree || dir.startsWith(`${tree}/`)) dirs.add(dir);
    for (const dir of dirs) {
      if (!this.listed.has(dir)) continue;
      try {
        this.emit({ type: 'workspace.dirChanged', workspaceId: this.id, listing: await listDir(this.root, dir) });
      } catch {
        this.listed.delete(dir); // the folder went away; its parent's listing says so
      }
    }
    if (batch.headMayHaveChanged || (!this.git && batch.dirs.has(''))) {
      const git = await readGitInfo(this.root);
      if (JSON.stringify(git) !== JSON.stringify(this.git)) {
        this.git = git;
        this.emit({ type: 'workspace.summary', workspaceId: this.id, summary: this.summary() });
      }
    }
    if (batch.gitMayHaveChanged) await this.refreshStatus();
  }

  private async refreshStatus(): Promise<void> {
    try {
      this.emit({ type: 'workspace.status', workspaceId: this.id, status: await this.status({ fresh: true }) });
    } catch {
      // A failing status (e.g. mid-rebase lock) is retried on the next change.
    }
  }
}
