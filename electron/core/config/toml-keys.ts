/**
 * Where keys sit in a TOML source. smol-toml returns plain values without positions, so error
 * messages find a key's line by scanning the text: table headers, array-of-table headers and key
 * lines (dotted and quoted keys included), skipping over values, strings and comments.
 */

export type KeyPath = readonly (string | number)[];

export interface KeyLocation {
  path: (string | number)[];
  /** 1-based line of the header or key. */
  line: number;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Render a key path the way a person would write it: `model_prices."gpt-4.1".input_per_mtok`, `args[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + (BARE_KEY.test(part) ? part : JSON.stringify(part));
  }
  return out;
}

/** Parse a dotted TOML key (`a."b.c".'d'`) into its parts; throws on malformed input. */
export function parseDottedKey(text: string): string[] {
  const scanner = new Scanner(text);
  const key = scanner.key();
  scanner.skipBlanks();
  if (!scanner.done()) throw new Error(`unexpected ${JSON.stringify(text[scanner.i])} in key`);
  return key;
}

/** Every header and key definition in the source, in order, with its line. Tolerates junk it cannot read. */
export function scanTomlKeys(source: string): KeyLocation[] {
  const scanner = new Scanner(source);
  const found: KeyLocation[] = [];
  const arrayCounts = new Map<string, number>();
  let table: (string | number)[] = [];
  while (!scanner.done()) {
    scanner.skipBlanksAndNewlines();
    if (scanner.done()) break;
    const line = scanner.line;
    try {
      if (scanner.peek('[[')) {
        scanner.i += 2;
        const key = scanner.key();
        scanner.expect(']]');
        const id = JSON.stringify(key);
        const index = arrayCounts.get(id) ?? 0;
        arrayCounts.set(id, index + 1);
        table = [...key, index];
        found.push({ path: key, line }, { path: table, line });
      } else if (scanner.peek('[')) {
        scanner.i += 1;
        const key = scanner.key();
        scanner.expect(']');
        table = key;
        found.push({ path: key, line });
      } else if (scanner.peek('#')) {
        // comment line: fall through to skipLine
      } else {
        const key = scanner.key();
        scanner.skipBlanks();
        scanner.expect('=');
        found.push({ path: [...table, ...key], line });
        scanner.skipValue();
      }
    } catch {
      // Not a statement we understand; the TOML parser reports real syntax errors.
    }
    scanner.skipLine();
  }
  return found;
}

/**
 * The line that best explains `path`: the line defining it exactly, else the line of its longest defined
 * prefix (the table header, or the key holding an inline table or array). Undefined when nothing matches.
 */
export function findKeyLine(source: string | KeyLocation[], path: KeyPath): number | undefined {
  const locations = typeof source === 'string' ? scanTomlKeys(source) : source;
  let best: KeyLocation | undefined;
  for (const loc of locations) {
    if (loc.path.length > path.length || (best && loc.path.length <= best.path.length)) continue;
    if (loc.path.every((part, i) => part === path[i])) best = loc;
  }
  return best?.line;
}

const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

class Scanner {
  i = 0;
  line = 1;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  peek(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }

  expect(text: string): void {
    this.skipBlanks();
    if (!this.peek(text)) throw new Error(`expected ${text}`);
    this.i += text.length;
  }

  skipBlanks(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  skipBlanksAndNewlines(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') this.i++;
      else if (c === '\n') this.newline();
      else return;
    }
  }

  /** Move to the start of the next line. */
  skipLine(): void {
    while (!this.done() && this.s[this.i] !== '\n') this.i++;
    if (!this.done()) this.newline();
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.s[this.i];
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const start = this.i;
        while (this.i < this.s.length && /[A-Za-z0-9_-]/.test(this.s[this.i]!)) this.i++;
        if (this.i === start) throw new Error('expected a key');
        parts.push(this.s.slice(start, this.i));
      }
      this.skipBlanks();
      if (this.s[this.i] !== '.') return parts;
      this.i++;
    }
  }

  /** Skip a value: strings, nested arrays and inline tables, up to the end of its (last) line. */
  skipValue(): void {
    let depth = 0;
    while (!this.done()) {
      const c = this.s[this.i]!;
      if (c === '\n') {
        if (depth === 0) return;
        this.newline();
      } else if (c === '#') {
        while (!this.done() && this.s[this.i] !== '\n') this.i++;
      } else if (this.peek('"""')) this.multilineString('"""');
      else if (this.peek("'''")) this.multilineString("'''");
      else if (c === '"') this.basicString();
      else if (c === "'") this.literalString();
      else {
        if (c === '[' || c === '{') depth++;
        else if ((c === ']' || c === '}') && depth > 0) depth--;
        this.i++;
      }
    }
  }

  private newline(): void {
    this.i++;
    this.line++;
  }

  private basicString(): string {
    this.i++;
    let out = '';
    while (!this.done()) {
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const e = this.s[this.i + 1] ?? '';
        const width = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
        if (width) {
          out += String.fromCodePoint(parseInt(this.s.slice(this.i + 2, this.i + 2 + width), 16) || 0xfffd);
          this.i += 2 + width;
        } else {
          out += ESCAPES[e] ?? e;
          this.i += 2;
        }
        continue;
      }
      out += c;
      this.i++;
    }
    throw new Error('unterminated string');
  }

  private literalString(): string {
    const end = this.s.indexOf("'", this.i + 1);
    const newline = this.s.indexOf('\n', this.i + 1);
    if (end < 0 || (newline >= 0 && newline < end)) throw new Error('unterminated string');
    const out = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return out;
  }

  private multilineString(quote: string): void {
    this.i += 3;
    while (!this.done()) {
      if (quote === '"""' && this.s[this.i] === '\\') {
        if (this.s[this.i + 1] === '\n') this.line++;
        this.i += 2;
      } else if (this.peek(quote)) {
        this.i += 3;
        // Up to two quotes may directly precede the closing delimiter.
        while (this.s[this.i] === quote[0]) this.i++;
        return;
      } else if (this.s[this.i] === '\n') this.newline();
      else this.i++;
    }
  }
}
