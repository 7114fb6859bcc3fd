import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { ConfigError } from './config-error';
import { isTable } from './config-overrides';
import { formatKeyPath, scanTomlKeys } from './toml-keys';

/** A value the writer can put on a line of its own. */
export type TomlScalar = string | number | boolean;

/**
 * Set keys of one `[table]` in a TOML text, or remove the table (`values` null), leaving every other
 * line, comment and key exactly as the person wrote it. The result is parsed again and checked, so a
 * file the writer cannot edit safely (the table written inline or as dotted keys elsewhere) is an error,
 * never a corrupted config.
 */
export function editTomlTable(
  source: string,
  table: string[],
  values: Record<string, TomlScalar> | null,
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
        if (at) section[at.line - 1] = keyLine(key, value);
        else {
          let last = section.length;
          while (last > 1 && section[last - 1]!.trim() === '') last--;
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

function keyLine(key: string, value: TomlScalar): string {
  return `${formatKeyPath([key])} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

function verify(text: string, table: string[], values: Record<string, TomlScalar> | null, shown: string): void {
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
        Object.entries(values).every(([k, v]) => node !== undefined && (node as Record<string, unknown>)[k] === v);
  if (!ok)
    throw new ConfigError(
      `${shown}: [${formatKeyPath(table)}] is written in a form Trellis cannot update; edit it by hand`,
    );
}

/** Edit one table of the config file in place: written to a temporary file beside it, then renamed over it. */
export async function writeConfigTable(
  file: string,
  table: string[],
  values: Record<string, TomlScalar> | null,
): Promise<void> {
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
  const next = bom + editTomlTable(source.slice(bom.length), table, values, file);
  if (next === source) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.config.toml.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(temp, next, { mode, flag: 'wx' });
  await fs.rename(temp, file);
}
