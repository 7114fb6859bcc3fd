import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { ConfigError } from './config-error';
import { isTable } from './config-overrides';
import { formatKeyPath, scanTomlKeys } from './toml-keys';

/** A value the writer can put on a line of its own. */
export type TomlScalar = string | number | boolean;
/** Scalars, and lists of strings (`disabled_tools`, `args`), written on one line. */
export type TomlValue = TomlScalar | readonly string[];

/**
 * Set keys of one `[table]` in a TOML text, or remove the table (`values` null), leaving every other
 * line, comment and key exactly as the person wrote it. The result is parsed again and checked, so a
 * file the writer cannot edit safely (the table written inline or as dotted keys elsewhere) is an error,
 * never a corrupted config.
 */
export function editTomlTable(
  source: string,
  table: string[],
  values: Record<string, TomlValue> | null,
  shown = 'config.toml',
): string {
  const lines = source.split('\n');
  const headers = scanTomlKeys(source).filter((loc) => /^\s*\[/.test(lines[loc.line - 1] ?? ''));
  const index = headers.findIndex(
    (h) => h.path.length === table.length && h.path.every((part, i) => part === table[i]),
  );
  let out: string[];
  if (index < 0) {
    if (values === null) return source;
    const body = lines.slice();
    while (body.length && body[body.length - 1]!.trim() === '') body.pop();
    out = [
      ...body,
      ...(body.length ? [''] : []),
      `[${formatKeyPath(table)}]`,
      ...Object.entries(values).map(([k, v]) => keyLine(k, v)),
      '',
    ];
  } else {
    const start = headers[index]!.line - 1;
    const end = index + 1 < headers.length ? headers[index + 1]!.line - 1 : lines.length;
    if (values === null) {
      // Comments just above the next table are that table's; they stay.
      let stop = start + 1;
      for (let i = start + 1; i < end; i++) if (!/^\s*(#|$)/.test(lines[i]!)) stop = i + 1;
      while (stop < end && lines[stop]!.trim() === '') stop++;
      out = [...lines.slice(0, start), ...lines.slice(stop)];
      // The file still ends with a newline when its last table goes.
      if (out.length && out[out.length - 1] !== '') out.push('');
    } else {
      const section = lines.slice(start, end);
      const keys = scanTomlKeys(section.join('\n'));
      for (const [key, value] of Object.entries(values)) {
        const at = keys.find(
          (k) =>
            k.path.length === 1 + table.length &&
            k.path[table.length] === key &&
            k.path.slice(0, table.length).every((p, i) => p === table[i]),
        );
        if (at) {
          // A value written over several lines (a long array) is replaced whole: up to the next key, comments kept.
          const next = keys.find((k) => k.line > at.line)?.line ?? section.length + 1;
          let end = at.line;
          while (end < next - 1 && !/^\s*(#|$)/.test(section[end]!)) end++;
          section.splice(at.line - 1, end - at.line + 1, keyLine(key, value));
        } else {
          // After the table's last key: blank lines and comments just above the next table stay with that table.
          let last = section.length;
          while (last > 1 && /^\s*(#|$)/.test(section[last - 1]!)) last--;
          section.splice(last, 0, keyLine(key, value));
        }
      }
      out = [...lines.slice(0, start), ...section, ...lines.slice(end)];
    }
  }
  const result = out.join('\n');
  verify(result, table, values, shown);
  return result;
}

function keyLine(key: string, value: TomlValue): string {
  return `${formatKeyPath([key])} = ${tomlText(value)}`;
}

/** JSON's string escapes are all valid in a TOML basic string. */
function tomlText(value: TomlValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
}

function sameValue(got: unknown, want: TomlValue): boolean {
  if (typeof want !== 'object') return got === want;
  return Array.isArray(got) && got.length === want.length && want.every((item, i) => got[i] === item);
}

function verify(text: string, table: string[], values: Record<string, TomlValue> | null, shown: string): void {
  let node: unknown;
  try {
    node = parse(text);
  } catch {
    throw new ConfigError(
      `${shown}: cannot update [${formatKeyPath(table)}] without breaking the file; edit it by hand`,
    );
  }
  for (const part of table) node = isTable(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  const ok =
    values === null
      ? node === undefined
      : isTable(node) &&
        Object.entries(values).every(
          ([k, v]) => node !== undefined && sameValue((node as Record<string, unknown>)[k], v),
        );
  if (!ok)
    throw new ConfigError(
      `${shown}: [${formatKeyPath(table)}] is written in a form Trellis cannot update; edit it by hand`,
    );
}

/** Edit one table of the config file in place: written to a temporary file beside it, then renamed over it. */
export async function writeConfigTable(
  file: string,
  table: string[],
  values: Record<string, TomlValue> | null,
): Promise<void> {
  await editConfigFile(file, (source) => editTomlTable(source, table, values, file));
}

/**
 * Apply `edit` (one or more editTomlTable calls) to the config file's text (without its BOM; '' when there is no
 * file) and write the result through a temporary file renamed over it, keeping the file's mode.
 */
export async function editConfigFile(file: string, edit: (source: string) => string): Promise<void> {
  let source = '';
  let mode = 0o600;
  try {
    source = await fs.readFile(file, 'utf8');
    mode = (await fs.stat(file)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const bom = source.startsWith('\ufeff') ? '\ufeff' : '';
  const next = bom + edit(source.slice(bom.length));
  if (next === source) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.config.toml.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(temp, next, { mode, flag: 'wx' });
  await fs.rename(temp, file);
}
