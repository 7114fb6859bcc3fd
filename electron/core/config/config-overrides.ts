import { parse } from 'smol-toml';
import { ConfigError } from './config-error';
import { formatKeyPath, parseDottedKey } from './toml-keys';

/** One `-c key=value`: a dotted key path and a TOML value. */
export interface ConfigOverride {
  /** The key as the person typed it, for messages. */
  key: string;
  path: string[];
  value: unknown;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Parse `key=value` the way Codex does: the value is TOML (`"o3"`, `true`, `[1, 2]`, `{ a = 1 }`); text
 * that is not valid TOML is taken as a plain string, so `-c model=o3` works. Messages never echo the value.
 */
export function parseOverride(text: string): ConfigOverride {
  const eq = text.indexOf('=');
  const key = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (eq < 0) throw new ConfigError(`-c ${key}: expected key=value`);
  if (!key) throw new ConfigError('-c: expected key=value, got an empty key');
  let path: string[];
  try {
    path = parseDottedKey(key);
  } catch (err) {
    throw new ConfigError(`-c ${key}: invalid key: ${(err as Error).message}`);
  }
  if (path.some((part) => UNSAFE.has(part))) throw new ConfigError(`-c ${key}: invalid key`);
  return { key, path, value: parseTomlValue(text.slice(eq + 1).trim()) };
}

function parseTomlValue(text: string): unknown {
  try {
    return parse(`value = ${text}`, { unsafeKeyBehaviour: 'throw' }).value;
  } catch {
    // Codex's fallback: a bare string, surrounding quotes dropped.
    const quoted = /^(["'])(.*)\1$/s.exec(text);
    return quoted ? quoted[2] : text;
  }
}

/** Set the override's value in a parsed document, creating tables on the way. */
export function applyOverride(doc: Table, override: ConfigOverride): void {
  let table = doc;
  override.path.forEach((part, i) => {
    if (i === override.path.length - 1) {
      table[part] = structuredClone(override.value);
      return;
    }
    const next = Object.hasOwn(table, part) ? table[part] : undefined;
    if (next === undefined) table = table[part] = {};
    else if (isTable(next)) table = next;
    else throw new ConfigError(`-c ${override.key}: ${formatKeyPath(override.path.slice(0, i + 1))} is not a table`);
  });
}
