import { createHash } from 'node:crypto';
import type { HookDefinition, HookEventName, HookSource } from '../hook-types';

/** Where a file was read, for its hooks' sources and its diagnostics. */
export interface HookFileContext {
  /** Absolute path. */
  file: string;
  /** How people see it in a diagnostic: the repository-relative path, or the absolute one. */
  shown: string;
  scope: HookSource['scope'];
}

export interface ParsedHooks {
  hooks: HookDefinition[];
  /** One sentence each, naming the file (and the entry) and what is wrong. */
  diagnostics: string[];
}

export type JsonTable = Record<string, unknown>;

export function isTable(value: unknown): value is JsonTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with keys sorted at every depth: the same definition hashes the same however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isTable(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** `sha256:<hex>` of one hook's own definition as written: editing it changes this, editing its neighbours does not. */
export function hookHash(definition: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(definition)).digest('hex')}`;
}

/** Codex's `[hooks.state]` key part for an event: `PreToolUse` → `pre_tool_use`. */
export function snakeEvent(event: HookEventName): string {
  return event.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A hook's id, shaped as Codex keys `[hooks.state."<file>:<event>:<i>:<j>"]`, so that table applies to every format. */
export function hookId(file: string, event: HookEventName, i: number, j: number): string {
  return `${file}:${snakeEvent(event)}:${i}:${j}`;
}

/** Events that may block, per Kiro (both IDE formats and the CLI): a pre-tool check, a prompt check, a task gate. */
export const KIRO_BLOCKING: ReadonlySet<HookEventName> = new Set(['PreToolUse', 'UserPromptSubmit', 'PreTaskExec']);

/** Seconds as written (a non-negative number), or the default; a wrong value is reported and the default used. */
export function seconds(value: unknown, fallback: number, where: string, diagnostics: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  diagnostics.push(`${where}: timeout must be a non-negative number; using ${fallback}`);
  return fallback;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parse JSON text, or say in one sentence why it is not JSON. */
export function parseJsonText(text: string, shown: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text.replace(/^\ufeff/, '')) as unknown };
  } catch (err) {
    return { problem: `${shown}: not valid JSON (${(err as Error).message}); skipped` };
  }
}
