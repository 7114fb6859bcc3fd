/**
 * Codex's line matcher: find a block of lines at or after a cursor, in four passes of growing
 * leniency (exact; trailing whitespace ignored; surrounding whitespace ignored; that plus Unicode
 * punctuation folded). The first pass with a hit wins, even if a later pass would hit earlier.
 */
import { foldPunctuation, trimEndRust, trimRust } from './rust-text';

const NORMALIZERS: ((line: string) => string)[] = [(line) => line, trimEndRust, trimRust, foldPunctuation];
const PASS_COUNT = NORMALIZERS.length;

/**
 * A file's lines, with each pass's normalized copy computed on first use and then reused by every
 * later chunk: a patch of many hunks normalizes the file at most once per pass.
 */
export class SeekTarget {
  private readonly views: (readonly string[] | undefined)[];

  constructor(readonly lines: readonly string[]) {
    this.views = [lines];
  }

  view(pass: number): readonly string[] {
    return (this.views[pass] ??= this.lines.map(NORMALIZERS[pass]));
  }
}

/**
 * Index of the first occurrence of `pattern` at or after `start`, or null. With `eof`, only the
 * last possible position is tried (the chunk said `*** End of File`). An empty pattern matches at `start`.
 */
export function seekSequence(
  target: SeekTarget,
  pattern: readonly string[],
  start: number,
  eof: boolean,
): number | null {
  if (pattern.length === 0) return start;
  const last = target.lines.length - pattern.length;
  if (last < 0) return null;
  const from = eof ? last : start;
  if (from > last) return null;
  for (let pass = 0; pass < PASS_COUNT; pass++) {
    const hit = seekInPass(target.view(pass), pass === 0 ? pattern : pattern.map(NORMALIZERS[pass]), from, last);
    if (hit !== null) return hit;
  }
  return null;
}

function seekInPass(lines: readonly string[], pattern: readonly string[], from: number, last: number): number | null {
  const first = pattern[0];
  const length = pattern.length;
  outer: for (let i = from; i <= last; i++) {
    if (lines[i] !== first) continue;
    for (let j = 1; j < length; j++) if (lines[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return null;
}
