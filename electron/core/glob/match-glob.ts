import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

// Loaded on first use: most commands (`trellis sandbox -- true`, an exec without deny_read globs) match
// no glob, and loading picomatch costs ~4 ms of every start.
let loaded: typeof Picomatch | undefined;
const picomatch = (): typeof Picomatch => (loaded ??= createRequire(import.meta.url)('picomatch') as typeof Picomatch);

/**
 * The one glob matcher: steering `fileMatchPattern`s, `[sandbox] deny_read` globs, `shell_environment_policy`'s
 * variable-name patterns and the hook patterns to come all match through picomatch (the matcher chokidar, vite and fast-glob use), with one set of options:
 * `**` spans folders, `*` and `?` stay within one, `{a,b}` alternatives, `[...]` classes, `\` escapes, and
 * dotfiles match like any other name (`**` reaches `.env`). Paths and patterns are `/`-separated; a leading
 * `./` or `/` on a relative path means the root it is relative to.
 */

export interface GlobOptions {
  /** gitignore's rule for a pattern without `/`: it matches a name at any depth (`*.pem` matches `a/b/k.pem`). */
  anyDepth?: boolean;
  /** `aws_*` matches `AWS_REGION` (Codex matches environment variable names this way). */
  caseInsensitive?: boolean;
}

export type GlobMatcher = (file: string) => boolean;

const cache = new Map<string, GlobMatcher>();

/** A matcher for one pattern, compiled once and cached (patterns repeat across files and sessions). */
export function globMatcher(pattern: string, options: GlobOptions = {}): GlobMatcher {
  const key = `${options.anyDepth ? 1 : 0}${options.caseInsensitive ? 1 : 0}${pattern}`;
  let matcher = cache.get(key);
  if (!matcher) {
    const test = picomatch()(stripLeading(pattern), {
      dot: true,
      windows: false,
      basename: !!options.anyDepth && !pattern.includes('/'),
      nocase: !!options.caseInsensitive,
    });
    matcher = (file) => test(stripLeading(file.replace(/\\/g, '/')));
    if (cache.size > 500) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}

export function matchesGlob(file: string, pattern: string, options?: GlobOptions): boolean {
  return globMatcher(pattern, options)(file);
}

/** Whether a pattern has glob syntax at all; a plain path is taken as written. */
export function isGlob(pattern: string): boolean {
  // No glob character at all (most deny_read entries): a plain path, without loading the matcher.
  return /[*?[\]{}()!+@]/.test(pattern) && picomatch().scan(pattern).isGlob;
}

/** The part of a pattern before its first glob segment (`src` of `src/**\/*.ts`), and the rest. */
export function splitGlob(pattern: string): { base: string; glob: string } {
  const { base, glob } = picomatch().scan(pattern);
  return { base, glob };
}

/** `./src/x` and `/src/x` both mean `src/x` (relative to the root). Backslashes in patterns stay escapes. */
function stripLeading(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}
