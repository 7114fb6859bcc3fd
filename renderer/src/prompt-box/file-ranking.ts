/** Characters after which a query letter starts a word of the path: a folder, an extension, snake or kebab case. */
const BOUNDARY = new Set(['/', '.', '_', '-', ' ']);

/**
 * How well `query` matches `path` as a subsequence (each letter in order, any case), or null when it does not:
 * letters that start a word or follow the previous match count more, a match inside the file's own name counts
 * more than one spread over its folders, and a shorter path wins a tie. The person types `@apts` for `src/app.ts`.
 */
export function fileScore(path: string, query: string): number | null {
  if (!query) return -path.length;
  const whole = subsequenceScore(path, query, 0);
  if (whole === null) return null;
  const slash = path.lastIndexOf('/') + 1;
  const inName = subsequenceScore(path, query, slash);
  const base = inName === null ? whole : Math.max(whole, inName + 20);
  const stem = path.slice(slash).replace(/\.[^.]*$/, '');
  const exact = stem.toLowerCase() === query.toLowerCase() ? 40 : 0;
  return base + exact - path.length / 10;
}

/** The best files for what the person typed, best first (equal scores in path order). */
export function rankFiles(files: readonly string[], query: string, limit: number): string[] {
  const scored: { path: string; score: number }[] = [];
  for (const path of files) {
    const score = fileScore(path, query);
    if (score !== null) scored.push({ path, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.path);
}

/**
 * Score of matching `query` in `text` from `from` on, greedily but preferring a letter that starts a word when the
 * next occurrences of it include one before the following query letter is needed; null when it is no subsequence.
 */
function subsequenceScore(text: string, query: string, from: number): number | null {
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let score = 0;
  let at = from;
  let previous = -2;
  for (let i = 0; i < q.length; i++) {
    let found = lower.indexOf(q[i], at);
    if (found < 0) return null;
    // A later occurrence at a word start is worth the jump when the rest of the query still fits after it.
    const atWord = wordStartFrom(text, lower, q[i], found);
    if (atWord !== found && atWord >= 0 && previous !== found - 1 && fits(lower, q, i + 1, atWord + 1)) found = atWord;
    score += 1;
    if (found === previous + 1) score += 5;
    if (isWordStart(text, found)) score += 8;
    previous = found;
    at = found + 1;
  }
  return score;
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text[index - 1];
  if (BOUNDARY.has(before)) return true;
  // camelCase: a capital after a small letter starts a word.
  return text[index] !== text[index].toLowerCase() && before === before.toLowerCase() && /[a-z]/.test(before);
}

function wordStartFrom(text: string, lower: string, letter: string, from: number): number {
  for (let i = lower.indexOf(letter, from); i >= 0; i = lower.indexOf(letter, i + 1))
    if (isWordStart(text, i)) return i;
  return -1;
}

function fits(lower: string, q: string, fromLetter: number, at: number): boolean {
  for (let i = fromLetter; i < q.length; i++) {
    const found = lower.indexOf(q[i], at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}
