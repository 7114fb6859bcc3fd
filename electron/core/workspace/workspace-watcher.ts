import watcher from '@parcel/watcher';
import path from 'node:path';
import { toRelative } from './workspace-paths';

export interface WatchBatch {
  /** Folders (relative, '' for the root) whose listing may have changed. */
  dirs: Set<string>;
  /** Something git reports on may have changed: a working file, the index, HEAD or a ref. */
  gitMayHaveChanged: boolean;
  /** HEAD or a ref moved: the branch name or commit may differ. */
  headMayHaveChanged: boolean;
}

/** Git internals that change often and never affect status. */
const IGNORED = ['.git/objects', '.git/logs', '.git/lfs', '.git/hooks'];
const DEBOUNCE_MS = 80;

/**
 * Watch a folder with native recursive watchers (inotify, FSEvents,
 * ReadDirectoryChangesW via @parcel/watcher) and report debounced batches.
 */
export async function watchWorkspace(
  root: string,
  onBatch: (batch: WatchBatch) => void,
  onError: (err: Error) => void,
): Promise<() => Promise<void>> {
  let pending: WatchBatch | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = null;
    if (batch) onBatch(batch);
  };
  const subscription = await watcher.subscribe(
    root,
    (err, events) => {
      if (err) return onError(err);
      pending ??= { dirs: new Set(), gitMayHaveChanged: false, headMayHaveChanged: false };
      for (const event of events) classify(toRelative(root, event.path), pending);
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    },
    { ignore: IGNORED.map((p) => path.join(root, p)) },
  );
  return async () => {
    if (timer) clearTimeout(timer);
    await subscription.unsubscribe();
  };
}

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
