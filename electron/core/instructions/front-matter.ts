/**
 * The YAML subset steering files use between `---` lines: `key: value` with plain or quoted
 * scalars, inline lists (`[a, "b"]`) and block lists (`- a`), plus comments. Anything else is
 * reported, never thrown: the caller decides how to degrade.
 */

export type FrontMatterValue = string | string[];

export interface FrontMatter {
  /** null when the document has no front matter. */
  data: Record<string, FrontMatterValue> | null;
  body: string;
  /** Why the front matter could not be read completely; `data` holds what could. */
  error?: string;
}

export function parseFrontMatter(source: string): FrontMatter {
  const text = source.replace(/^\ufeff/, '');
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return { data: null, body: text };
  const close = /^---[ \t]*$/m;
  const rest = text.slice(open[0].length);
  const end = close.exec(rest);
  if (!end) return { data: {}, body: text, error: 'front matter has no closing --- line' };
  const body = rest.slice(end.index + end[0].length).replace(/^\r?\n/, '');
  const data: Record<string, FrontMatterValue> = {};
  const lines = rest.slice(0, end.index).split(/\r?\n/);
  let listKey: string | null = null;
  for (const [n, raw] of lines.entries()) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (data[listKey] as string[]).push(scalar(item[1]!));
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!pair) return { data, body, error: `cannot read front matter line ${n + 2}: ${JSON.stringify(raw.trim())}` };
    const [, key, value] = pair as unknown as [string, string, string];
    listKey = null;
    if (value === '') {
      data[key] = [];
      listKey = key;
    } else if (value.startsWith('[')) {
      if (!value.endsWith(']')) return { data, body, error: `unclosed list for ${key}` };
      data[key] = splitList(value.slice(1, -1)).map(scalar);
    } else {
      data[key] = scalar(value);
    }
  }
  return { data, body };
}

function scalar(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** Split on commas outside quotes and braces (so `"{a,b}/*.ts"` and `{a,b}` stay whole). */
function splitList(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') {
        current += c + (inner[++i] ?? '');
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== '');
}
