/**
 * A file as lines, each with its own line ending, so a patch rewrites only the lines it touches:
 * a CRLF file stays CRLF, a mixed file keeps its mix outside the changes, and a line that is not
 * valid UTF-8 keeps its exact bytes unless the patch removes it.
 */
import { isUtf8 } from 'node:buffer';

export const NO_EOL = 0;
export const LF = 1;
export const CRLF = 2;
export type LineEnding = typeof NO_EOL | typeof LF | typeof CRLF;

export interface TextFile {
  /** Each line's text without its ending. Lines that are not valid UTF-8 hold a lossy decoding, for matching only. */
  lines: string[];
  endings: LineEnding[];
  /** The original bytes of lines that are not valid UTF-8 (without the ending); null when every line is. */
  raw: (Buffer | undefined)[] | null;
  /** The ending new lines get: the file's first one, as rustfmt and Codex choose it. */
  preferred: typeof LF | typeof CRLF;
}

/** Split a file's bytes into lines. Null for what is not text (a NUL byte and not UTF-8: binary, UTF-16). */
export function decodeText(bytes: Buffer): TextFile | null {
  if (isUtf8(bytes)) return splitString(bytes.toString('utf8'));
  if (bytes.includes(0)) return null;
  return splitBytes(bytes);
}

export function textFromString(text: string): TextFile {
  return splitString(text);
}

function splitString(text: string): TextFile {
  // One native split, then a pass for `\r`: much cheaper than slicing line by line.
  const lines = text.split('\n');
  const endings = new Array<LineEnding>(lines.length);
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) {
    const line = lines[i];
    if (line.charCodeAt(line.length - 1) === 13) {
      lines[i] = line.slice(0, -1);
      endings[i] = CRLF;
    } else {
      endings[i] = LF;
    }
  }
  // The piece after the last newline is a line without an ending, or nothing.
  if (lines[last] === '') {
    lines.pop();
    endings.pop();
  } else {
    endings[last] = NO_EOL;
  }
  const preferred = endings.length > 0 && endings[0] !== NO_EOL ? endings[0] : LF;
  return { lines, endings, raw: null, preferred };
}

function splitBytes(bytes: Buffer): TextFile {
  const lines: string[] = [];
  const endings: LineEnding[] = [];
  const raw: (Buffer | undefined)[] = [];
  let preferred: LineEnding = NO_EOL;
  const push = (line: Buffer, ending: LineEnding) => {
    lines.push(line.toString('utf8'));
    raw.push(isUtf8(line) ? undefined : line);
    endings.push(ending);
  };
  let pos = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, pos)) {
    const crlf = nl > pos && bytes[nl - 1] === 13;
    push(bytes.subarray(pos, crlf ? nl - 1 : nl), crlf ? CRLF : LF);
    if (preferred === NO_EOL) preferred = crlf ? CRLF : LF;
    pos = nl + 1;
  }
  if (pos < bytes.length) push(bytes.subarray(pos), NO_EOL);
  return { lines, endings, raw, preferred: preferred === NO_EOL ? LF : preferred };
}

const ENDING_TEXT = ['', '\n', '\r\n'];
const ENDING_BYTES = [Buffer.alloc(0), Buffer.from('\n'), Buffer.from('\r\n')];

export function encodeText(file: TextFile): Buffer {
  const { lines, endings, raw } = file;
  if (!raw || !raw.some(Boolean)) {
    // The common case, one ending throughout (the last line may lack it): a single join.
    const n = lines.length;
    if (n === 0) return Buffer.alloc(0);
    const ending = endings[0];
    let uniform = true;
    for (let i = 1; i < n - 1 && uniform; i++) uniform = endings[i] === ending;
    const lastEnding = endings[n - 1];
    if (uniform && (n === 1 || lastEnding === ending || lastEnding === NO_EOL)) {
      return Buffer.from(lines.join(ENDING_TEXT[ending]) + ENDING_TEXT[lastEnding], 'utf8');
    }
    const parts = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) parts[i] = lines[i] + ENDING_TEXT[endings[i]];
    return Buffer.from(parts.join(''), 'utf8');
  }
  const parts: Buffer[] = [];
  for (let i = 0; i < lines.length; i++) {
    parts.push(raw[i] ?? Buffer.from(lines[i], 'utf8'), ENDING_BYTES[endings[i]]);
  }
  return Buffer.concat(parts);
}
