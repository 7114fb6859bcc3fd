import fs from 'node:fs';
import path from 'node:path';
import { globMatcher, isGlob, splitGlob, type GlobMatcher } from '../glob/match-glob';

export interface ExpandDenyReadOptions {
  /** `[sandbox] deny_read` and `--deny-read` entries as written: paths or globs, `~` for the home. */
  entries: string[];
  /** The working folder: relative paths resolve against it. */
  cwd: string;
  /** Where relative globs are looked for: the working folder and the writable roots. */
  roots: string[];
  /** What `~` means. */
  userHome: string;
  /** Folder entries one glob may visit per root before the walk stops (and says so). Default 20,000. */
  maxVisited?: number;
  /** Folder entries all globs together may visit (a role file listing a thousand globs is one budget). Default 100,000. */
  maxVisitedTotal?: number;
  /** Paths one glob may yield before the rest are left out (and it says so). Default 1,000. */
  maxMatches?: number;
  onWarning?: (message: string) => void;
}

const DEFAULT_TOTAL = 100_000;

/** Folders a walk does not enter: big, rebuilt by tools, and never where a person keeps a secret file by hand. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn']);
/** Kernel file systems (`/**\/*.key` would walk them): the sandbox has its own /proc and /dev anyway. */
const SKIPPED_PATHS = new Set(['/proc', '/sys', '/dev']);

/**
 * deny_read entries as absolute paths the sandbox can hide (a bind mount needs a concrete path). A plain
 * entry is taken as written (`~/` is the home, a relative one is under the working folder). A glob is
 * expanded now, by walking the folders it can reach without following symlinks: `~/…` and `/…` globs from
 * their plain base (`~/.config/gh/**` from ~/.config/gh); relative ones (`**\/.env`, `secrets/*.json`)
 * under the working folder and every writable root, and one without a `/` (`*.pem`) at any depth, as in
 * .gitignore. A matching folder is hidden whole. `.git`, `node_modules`, `.hg` and `.svn` are not entered
 * unless the pattern's base is inside them. Run when the policy is built, and again before each command and
 * patch (refreshDenyRead), so a matching file made later is hidden from then on.
 */
export function expandDenyRead(options: ExpandDenyReadOptions): string[] {
  const out = new Set<string>();
  const budget = { left: options.maxVisitedTotal ?? DEFAULT_TOTAL, warned: false };
  const home = (p: string) =>
    p === '~' ? options.userHome : p.startsWith('~/') ? path.join(options.userHome, p.slice(2)) : p;
  for (const entry of options.entries) {
    const written = home(entry.trim());
    if (!written) continue;
    if (!isGlob(written)) {
      out.add(path.resolve(options.cwd, written));
      continue;
    }
    if (written.startsWith('!')) {
      // gitignore's `!` un-ignores; there is nothing to un-hide here, and reading it as a positive glob would hide the opposite.
      options.onWarning?.(`deny_read ${JSON.stringify(entry)}: a negated glob hides nothing; ignored`);
      continue;
    }
    const { base, glob } = splitGlob(written);
    const anchored = path.isAbsolute(written);
    // Each walk starts at the plain base and is bounded by its root: a matching symlink may lead only there.
    const walks = anchored
      ? [{ root: base || '/', start: base || '/' }]
      : [...new Set(options.roots)].map((root) => ({ root, start: path.join(root, base) }));
    const anyDepth = !anchored && !written.includes('/');
    const match = globMatcher(glob, { anyDepth });
    // Without `**` (or any-depth matching) a glob cannot reach deeper than its own segments.
    const maxDepth = glob.includes('**') || anyDepth ? Infinity : glob.split('/').length;
    for (const { root, start } of walks)
      for (const found of walk(root, start, maxDepth, match, entry, options, budget)) out.add(found);
  }
  return [...out];
}

function walk(
  root: string,
  start: string,
  maxDepth: number,
  match: GlobMatcher,
  entry: string,
  options: ExpandDenyReadOptions,
  budget: { left: number; warned: boolean },
): string[] {
  const maxVisited = options.maxVisited ?? 20_000;
  const maxMatches = options.maxMatches ?? 1_000;
  const found: string[] = [];
  const queue: Array<[dir: string, rel: string, depth: number]> = [[start, '', 1]];
  let visited = 0;
  while (queue.length) {
    const [dir, rel, depth] = queue.shift()!;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // missing or unreadable: nothing there to hide
    }
    for (const item of names) {
      if (++visited > maxVisited) {
        options.onWarning?.(
          `deny_read ${JSON.stringify(entry)}: stopped looking after ${maxVisited} entries under ${start}; files further on are not hidden; narrow the pattern`,
        );
        return found;
      }
      if (--budget.left < 0) {
        if (!budget.warned)
          options.onWarning?.(
            `deny_read: stopped looking after ${options.maxVisitedTotal ?? DEFAULT_TOTAL} entries for all globs together; ${JSON.stringify(entry)} and the globs after it are not fully expanded; use fewer or narrower globs`,
          );
        budget.warned = true;
        return found;
      }
      const abs = path.join(dir, item.name);
      const itemRel = rel ? `${rel}/${item.name}` : item.name;
      if (match(itemRel)) {
        const target = item.isSymbolicLink() ? linkTarget(abs, root) : abs;
        if (target) found.push(target);
        if (found.length >= maxMatches) {
          options.onWarning?.(
            `deny_read ${JSON.stringify(entry)}: matches more than ${maxMatches} paths under ${start}; only the first ${maxMatches} are hidden; narrow the pattern`,
          );
          return found;
        }
        continue; // a hidden folder hides what is in it
      }
      if (item.isDirectory() && !SKIPPED_FOLDERS.has(item.name) && !SKIPPED_PATHS.has(abs) && depth < maxDepth)
        queue.push([abs, itemRel, depth + 1]);
    }
  }
  return found;
}

/**
 * A mount cannot cover a symlink, only what it leads to: a matching link is hidden at its target when that
 * lies under the walk's root (a repository's link cannot make the sandbox hide /usr); a target elsewhere
 * is as readable as the sandbox already makes it.
 */
function linkTarget(link: string, root: string): string | null {
  try {
    const real = fs.realpathSync.native(link);
    const rel = path.relative(fs.realpathSync.native(root), real);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? real : null;
  } catch {
    return null;
  }
}
