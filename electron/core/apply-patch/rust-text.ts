/**
 * The string helpers Codex's matcher relies on, with Rust's semantics rather than JavaScript's:
 * `str::trim` strips Unicode White_Space (which has U+0085 but not U+FEFF, unlike `String.prototype.trim`).
 */

export function isRustWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000))
  );
}

export function trimEndRust(s: string): string {
  let end = s.length;
  while (end > 0 && isRustWhitespace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function trimRust(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isRustWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isRustWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

// Codex's pass-4 table: typographic dashes, quotes and spaces to their ASCII look-alikes.
const PUNCTUATION_CLASS = '[\u2010-\u2015\u2212\u2018-\u201f\u00a0\u2002-\u200a\u202f\u205f\u3000]';
const HAS_PUNCTUATION = new RegExp(PUNCTUATION_CLASS);
const PUNCTUATION = new RegExp(PUNCTUATION_CLASS, 'g');
const FOLDED: Record<string, string> = {};
for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') FOLDED[c] = '-';
for (const c of '\u2018\u2019\u201a\u201b') FOLDED[c] = "'";
for (const c of '\u201c\u201d\u201e\u201f') FOLDED[c] = '"';
for (const c of '\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000') FOLDED[c] = ' ';

/** Trim (Rust's way), then fold Unicode punctuation to ASCII: Codex's most lenient comparison key. */
export function foldPunctuation(s: string): string {
  const trimmed = trimRust(s);
  return HAS_PUNCTUATION.test(trimmed) ? trimmed.replace(PUNCTUATION, (c) => FOLDED[c]) : trimmed;
}

/** Rust's `str::lines`: split on `\n`, drop one `\r` before it, no element for a final newline. */
export function rustLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  // Only a line that a `\n` ended can have its `\r` dropped.
  const ended = lines.length - 1;
  if (lines[ended] === '') lines.pop();
  for (let i = 0; i < ended; i++) {
    if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  }
  return lines;
}
