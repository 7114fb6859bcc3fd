import watcher, { type AsyncSubscription, type Event } from '@parcel/watcher';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WORKTREES_FOLDER } from '../crew/worktrees';
import { toRelative } from './workspace-paths';

export interface WatchBatch {
  /** Folders (relative, '' for the root) whose listing may have changed. */
  dirs: Set<string>;
  /** Folders (relative) that appeared with content: every folder under them may be new or changed. */
  trees: Set<string>;
  /** Something git reports on may have changed: a working file, the index, HEAD or a ref. */
  gitMayHaveChanged: boolean;
  /** HEAD or a ref moved: the branch name or commit may differ. */
  headMayHaveChanged: boolean;
  /** Paths (relative, outside `.git`) created, updated or deleted, as the native watcher reported them (file hooks). */
  files: Map<string, FileChangeKind>;
}

/** @parcel/watcher's kinds; a folder's own creation or deletion is reported like a file's. */
export type FileChangeKind = 'create' | 'update' | 'delete';

/**
 * One path's changes within a batch as one: made and changed is made, replaced (deleted then made, as editors'
 * atomic saves may arrive) is changed, made and gone again is nothing (undefined).
 */
export function mergeFileChange(before: FileChangeKind | undefined, now: FileChangeKind): FileChangeKind | undefined {
  if (before === 'create') return now === 'delete' ? undefined : 'create';
  if (before === 'delete' && now !== 'delete') return 'update';
  return now;
}

export interface WatchOptions {
  /**
   * The repository's git dirs (its git dir, and a linked worktree's common dir where its branches live); those
   * outside the watched folder (a subfolder of a repository, a worktree) are watched on their own.
   */
  gitDirs?: string[];
}

/** Git internals that change often and never affect status (the crew's task worktrees: a checkout per task). */
const IGNORED = ['objects', 'logs', 'lfs', 'hooks', WORKTREES_FOLDER];
const DEBOUNCE_MS = 80;
/**
 * inotify (Linux) watches folder by folder: @parcel/watcher adds a watch to a folder as its creation is
 * reported, but never looks inside it, so folders made inside it before that (`mkdir -p a/b/c`, a checkout,
 * a folder moved in) are never watched (parcel-bundler/watcher#97, open upstream). Elsewhere (FSEvents,
 * ReadDirectoryChangesW) watching is recursive in the kernel.
 */
const WATCHES_FOLDER_BY_FOLDER = process.platform === 'linux';

export const emptyBatch = (): WatchBatch => ({
  dirs: new Set(),
  trees: new Set(),
  gitMayHaveChanged: false,
  headMayHaveChanged: false,
  files: new Map(),
});

/**
 * Watch a folder (and its repository's git dir when that lies elsewhere) with native recursive watchers
 * (inotify, FSEvents, ReadDirectoryChangesW via @parcel/watcher) and report debounced batches.
 * A folder created with content is reported as a tree, once it is itself watched: whoever shows the
 * folders re-reads them then, so what is shown converges on what is on disk.
 */
export async function watchWorkspace(
  root: string,
  onBatch: (batch: WatchBatch) => void,
  onError: (err: Error) => void,
  options: WatchOptions = {},
): Promise<() => Promise<void>> {
  let pending: WatchBatch | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = null;
    if (batch && !stopped) onBatch(batch);
  };
  const report = (fill: (batch: WatchBatch) => void) => {
    if (stopped) return;
    pending ??= emptyBatch();
    fill(pending);
    timer ??= setTimeout(flush, DEBOUNCE_MS);
  };

  /** Extra watchers, one per folder created with subfolders inside the working tree (Linux only). */
  const created = new Map<string, Promise<AsyncSubscription | null>>();

  const watchCreated = async (dir: string, made: 'created' | 'made-again') => {
    if (stopped || (made === 'created' && created.has(dir))) return; // reported by two watchers: the first one's covers it
    // A watcher started now covers everything under `dir`, the older ones under it included. They go first:
    // @parcel/watcher shares one watcher per folder, and a shared one would not look at the folder again.
    const older: Promise<unknown>[] = [];
    for (const [other, sub] of created) {
      if (isInside(dir, other)) {
        created.delete(other);
        older.push(sub.then((s) => s?.unsubscribe()).catch(() => {}));
      }
    }
    const sub = Promise.all(older).then(() =>
      watcher
        .subscribe(dir, (err, events) => (err ? undefined : onTreeEvents(events)), { ignore: [] })
        .catch(() => null),
    );
    created.set(dir, sub);
    await sub; // a stop meanwhile ends it: it is in `created`
    report((b) => b.trees.add(toRelative(root, dir)));
  };

  const forgetDeleted = (dir: string) => {
    for (const [other, sub] of created) {
      if (isInside(dir, other)) {
        created.delete(other);
        void sub.then((s) => s?.unsubscribe()).catch(() => {}); // its folder is gone; the watch may be gone with it
      }
    }
  };

  const onTreeEvents = (events: Event[]) => {
    report((b) => {
      for (const event of events) {
        const relative = toRelative(root, event.path);
        classify(relative, b);
        if (relative !== '.git' && !relative.startsWith('.git/')) {
          const kind = mergeFileChange(b.files.get(relative), event.type);
          if (kind) b.files.set(relative, kind);
          else b.files.delete(relative);
        }
      }
    });
    void followCreatedFolders(root, events, {
      onFolder: (dir) => report((b) => b.trees.add(toRelative(root, dir))),
      onNested: (dir, made) => (WATCHES_FOLDER_BY_FOLDER ? watchCreated(dir, made) : undefined),
      onDeleted: forgetDeleted,
    });
  };

  const main = await watcher.subscribe(root, (err, events) => (err ? onError(err) : onTreeEvents(events)), {
    ignore: IGNORED.map((p) => path.join(root, '.git', p)),
  });

  // Index, HEAD and ref changes of a repository whose git dir is elsewhere (above the opened folder, a
  // worktree's admin dir and common dir) still refresh status and the branch.
  const gitSubs = await Promise.all(
    (options.gitDirs ?? [])
      .filter((dir) => !isInside(root, dir))
      .map((gitDir) =>
        watcher
          .subscribe(
            gitDir,
            (err, events) => {
              if (err) return;
              report((b) => {
                for (const event of events) classify(`.git/${toRelative(gitDir, event.path)}`, b);
              });
            },
            { ignore: [...IGNORED, 'worktrees'].map((p) => path.join(gitDir, p)) },
          )
          .catch(() => null),
      ),
  );

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const subs = [main, ...gitSubs, ...(await Promise.all(created.values()))];
    created.clear();
    await Promise.all(subs.map((s) => s?.unsubscribe().catch(() => {})));
  };
}

/**
 * Of a batch's events, the folders created (reported to `onFolder`, which may show files made inside them
 * before they were watched) and, among those, the top-most ones with subfolders already inside (reported to
 * `onNested`: those subfolders may have been made before the folder was watched, so nobody watches them).
 * A folder deleted and made again within one batch arrives as an update (@parcel/watcher merges the two),
 * so updated folders count as made again. Deleted paths go to `onDeleted`.
 */
export async function followCreatedFolders(
  root: string,
  events: Event[],
  on: {
    onFolder: (dir: string) => void;
    onNested: (dir: string, made: 'created' | 'made-again') => unknown;
    onDeleted: (p: string) => void;
  },
): Promise<void> {
  const nested = new Map<string, 'created' | 'made-again'>();
  const candidates: Event[] = [];
  for (const event of events) {
    if (event.type === 'delete') on.onDeleted(event.path);
    else if (!isGitInternal(root, event.path)) candidates.push(event);
  }
  // Which of them are folders: one listing of each parent says, rather than a look at each path (a build
  // rewriting 100,000 files in 100 folders costs 100 listings).
  const subfolders = new Map<string, Set<string> | null>();
  await inChunks([...new Set(candidates.map((e) => path.dirname(e.path)))], async (parent) => {
    const entries = await fs.readdir(parent, { withFileTypes: true }).catch(() => null);
    subfolders.set(parent, entries && new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name)));
  });
  const folders = candidates.filter((e) => subfolders.get(path.dirname(e.path))?.has(path.basename(e.path)));
  // In path order a folder comes before what is inside it: once a folder is found with subfolders, the
  // watcher started on it covers the rest of its tree, which is not looked at (a checkout of many folders),
  // so only top-most folders are watched.
  folders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const covered = (p: string) => [...nested.keys()].some((dir) => isInside(dir, p));
  for (const event of folders) {
    if (covered(event.path)) continue;
    const entries = await fs.readdir(event.path, { withFileTypes: true }).catch(() => null); // null: gone again
    if (!entries) continue;
    on.onFolder(event.path);
    if (entries.some((e) => e.isDirectory()))
      nested.set(event.path, event.type === 'create' ? 'created' : 'made-again');
  }
  for (const [dir, made] of nested) await on.onNested(dir, made);
}

async function inChunks<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += READDIR_AT_ONCE)
    await Promise.all(items.slice(i, i + READDIR_AT_ONCE).map(run));
}

/** Folders listed at once when a batch is checked for created folders. */
const READDIR_AT_ONCE = 32;

export function classify(relative: string, batch: WatchBatch): void {
  if (relative === '.git' || relative.startsWith('.git/')) {
    const inner = relative.slice(5);
    if (inner.endsWith('.lock')) return;
    if (inner === 'index') batch.gitMayHaveChanged = true;
    if (inner === 'HEAD' || inner.startsWith('refs/') || inner === 'packed-refs') {
      batch.gitMayHaveChanged = true;
      batch.headMayHaveChanged = true;
    }
    return;
  }
  const slash = relative.lastIndexOf('/');
  batch.dirs.add(slash < 0 ? '' : relative.slice(0, slash));
  batch.gitMayHaveChanged = true;
}

function isGitInternal(root: string, p: string): boolean {
  const dotGit = path.join(root, '.git');
  return p === dotGit || p.startsWith(dotGit + path.sep);
}

function isInside(parent: string, p: string): boolean {
  const rel = path.relative(parent, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
