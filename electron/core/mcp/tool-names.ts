import { createHash } from 'node:crypto';

/**
 * The names the model sees for MCP tools: `mcp__<server>__<tool>`, as Codex names them. Function names must match
 * `[A-Za-z0-9_-]{1,64}` (OpenAI's rule, the strictest of the providers), so other characters become `_` and a longer
 * name keeps a prefix plus a short hash of the full name. The result depends only on the set of tools, never on the
 * order they arrived in, so a resumed session offers the same names.
 */

export const MAX_TOOL_NAME_BYTES = 64;
const HASH_CHARS = 12;

export interface ToolKey {
  server: string;
  name: string;
}

function rawName(tool: ToolKey): string {
  return `mcp__${tool.server}__${tool.name}`;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

function hashOf(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, HASH_CHARS);
}

/** A prefix of `clean` and a hash of `key`, 64 characters at most. */
function hashed(clean: string, key: string): string {
  return `${clean.slice(0, MAX_TOOL_NAME_BYTES - HASH_CHARS - 1)}_${hashOf(key)}`;
}

/** One tool's name on its own: sanitised, and hashed only when too long. */
export function qualifiedToolName(tool: ToolKey): string {
  const raw = rawName(tool);
  const clean = sanitize(raw);
  return clean.length <= MAX_TOOL_NAME_BYTES ? clean : hashed(clean, raw);
}

/**
 * Names for a set of tools (same order as given), unique within the set. Where two tools would share a name
 * (`a.b` and `a_b` both sanitise to `a_b`), a tool whose name is already valid keeps it and the others get a hash
 * of their full name; a hostile server cannot steal another tool's name by picking a clashing one.
 */
export function qualifyToolNames(tools: readonly ToolKey[]): string[] {
  const raws = tools.map(rawName);
  const names = tools.map(qualifiedToolName);
  const holders = new Map<string, number>();
  for (const name of names) holders.set(name, (holders.get(name) ?? 0) + 1);

  // Pass 1: in a clash, every tool whose name had to change takes a hash of its own full name.
  const clashing = new Set(names.filter((name) => (holders.get(name) ?? 0) > 1));
  names.forEach((name, i) => {
    if (clashing.has(name) && raws[i] !== name) names[i] = hashed(sanitize(raws[i]), raws[i]);
  });

  // Pass 2: what still clashes (two identical full names, or a crafted name equal to a hash) is settled in the
  // sorted order of the full names (then server names), so the outcome does not depend on arrival order.
  const order = raws
    .map((raw, i) => ({ raw, i, key: `${raw}\0${tools[i].server}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const taken = new Set<string>();
  for (const { raw, i } of order) {
    let name = names[i];
    for (let attempt = 1; taken.has(name); attempt++) name = hashed(sanitize(raw), `${raw}\0${attempt}`);
    taken.add(name);
    names[i] = name;
  }
  return names;
}
