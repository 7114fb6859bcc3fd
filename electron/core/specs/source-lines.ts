/** One line of a document: its text without the line ending, and where it sits in the original string. */
export interface SourceLine {
  /** 1-based. */
  number: number;
  /** Offset of the first character of `text` in the original string (after a BOM on line 1). */
  start: number;
  text: string;
}

/**
 * Splits a document into lines in one pass, keeping offsets into the original string,
 * so edits can be spliced back without re-serialising anything. A BOM and CR of CRLF
 * are left out of `text` but stay in the source.
 */
export function sourceLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let number = 1;
  for (;;) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 ? source.length : nl;
    const contentEnd = end > start && source.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ number, start, text: source.slice(start, contentEnd) });
    if (nl === -1) break;
    start = nl + 1;
    number++;
  }
  return lines;
}

/** A fence opener (``` or ~~~, up to 3 spaces of indent): its character, length and info string. */
export function fenceOpen(text: string): { char: string; length: number; info: string } | null {
  let i = 0;
  while (i < 3 && text.charCodeAt(i) === 32) i++;
  const char = text[i];
  if (char !== '`' && char !== '~') return null;
  let j = i;
  while (text[j] === char) j++;
  if (j - i < 3) return null;
  const info = text.slice(j).trim();
  if (char === '`' && info.includes('`')) return null;
  return { char, length: j - i, info };
}

/** Whether a line closes a fence opened with `char` repeated `length` times. */
export function closesFence(text: string, fence: { char: string; length: number }): boolean {
  const trimmed = text.trim();
  if (trimmed.length < fence.length) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== fence.char) return false;
  return true;
}

/** An ATX heading (`## Title`): level and text without the hashes, or null. */
export function heading(text: string): { level: number; text: string } | null {
  let i = 0;
  while (i < 3 && text.charCodeAt(i) === 32) i++;
  let level = 0;
  while (text[i + level] === '#') level++;
  if (level === 0 || level > 6) return null;
  const after = text[i + level];
  if (after !== undefined && after !== ' ' && after !== '\t') return null;
  return {
    level,
    text: text
      .slice(i + level)
      .replace(/[ \t]+#+[ \t]*$/, '')
      .trim(),
  };
}

/**
 * The lines outside fenced code blocks, in order: what the requirements and design parsers read
 * (a heading or a criterion inside a code sample is an example, not part of the spec).
 * `onFence` is told when a fence opens, so a reader can close what it was collecting.
 */
export function* proseLines(source: string, onFence?: () => void): Generator<SourceLine> {
  let fence: { char: string; length: number } | null = null;
  for (const line of sourceLines(source)) {
    if (fence) {
      if (closesFence(line.text, fence)) fence = null;
      continue;
    }
    const opened = fenceOpen(line.text);
    if (opened) {
      onFence?.();
      fence = opened;
      continue;
    }
    yield line;
  }
}
