/**
 * A small glob matcher for steering `fileMatchPattern`s: `**` (any number of folders), `*` and `?`
 * (within one path segment), `{a,b}` (nested alternatives) and `\` escapes. Written here rather than
 * using `path.matchesGlob`, which is experimental in Node 20 (it prints a warning) and may change.
 * Paths and patterns are relative to the workspace root, `/`-separated.
 */

const cache = new Map<string, RegExp>();

export function matchesGlob(file: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(stripLeading(file.replace(/\\/g, '/')));
}

/** `./src/x` and `/src/x` both mean `src/x` (relative to the root). Backslashes in patterns stay escapes. */
function stripLeading(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

export function globToRegExp(pattern: string): RegExp {
  const glob = stripLeading(pattern);
  let i = 0;

  const sequence = (inBraces: boolean): string => {
    let out = '';
    while (i < glob.length) {
      const c = glob[i]!;
      if (inBraces && (c === ',' || c === '}')) return out;
      if (c === '\\' && i + 1 < glob.length) {
        out += escape(glob[i + 1]!);
        i += 2;
      } else if (c === '*') {
        let end = i;
        while (glob[end] === '*') end++;
        const prev = glob[i - 1];
        const next = glob[end];
        const segmentStart = i === 0 || prev === '/' || (inBraces && (prev === '{' || prev === ','));
        const segmentEnd = next === undefined || next === '/' || (inBraces && (next === ',' || next === '}'));
        if (end - i >= 2 && segmentStart && next === '/') {
          out += '(?:.*/)?'; // `**/`: zero or more folders
          end++;
        } else if (end - i >= 2 && segmentStart && segmentEnd) {
          out += '.*'; // a trailing `**`: anything below
        } else {
          out += '[^/]*';
        }
        i = end;
      } else if (c === '?') {
        out += '[^/]';
        i++;
      } else if (c === '{' && closingBrace(glob, i) >= 0) {
        i++;
        const options: string[] = [];
        for (;;) {
          options.push(sequence(true));
          if (glob[i++] === '}') break;
        }
        out += `(?:${options.join('|')})`;
      } else {
        out += escape(c);
        i++;
      }
    }
    return out;
  };

  return new RegExp(`^${sequence(false)}$`);
}

/** Index of the `}` closing the `{` at `open`, or -1 (then the `{` is literal). */
function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
