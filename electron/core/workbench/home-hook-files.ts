import fs from 'node:fs';

/** The Trellis home's files that define or switch hooks: the home's own hooks.json, and config.toml ([hooks], [hooks.state]). */
const HOOK_FILES: ReadonlySet<string> = new Set(['hooks.json', 'config.toml']);
/** An editor's or `trellis hooks trust`'s save is a few events (write, rename); the list is read once for them. */
const SETTLE_MS = 100;

/**
 * Calls `onChange` when the home's hooks.json or config.toml changes, from anywhere (a terminal's `trellis hooks
 * trust`, an editor): the window's hooks list then reads the files again. The home is one folder, watched without
 * recursion. Returns a stop; a home that cannot be watched is logged and the list is read on the next request.
 */
export function watchHomeHookFiles(home: string, onChange: () => void, log: (message: string) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher;
  try {
    watcher = fs.watch(home, { persistent: false }, (_type, name) => {
      if (name === null || !HOOK_FILES.has(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, SETTLE_MS);
    });
  } catch (err) {
    log(`cannot watch ${home} for hook changes: ${(err as Error).message}`);
    return () => {};
  }
  watcher.on('error', (err) => log(`watching ${home} for hook changes stopped: ${err.message}`));
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
