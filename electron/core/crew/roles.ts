import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { ConfigError } from '../config/config-error';

/**
 * A subagent's role: Codex's agent role files (`name`, `description`, `model`,
 * `model_reasoning_effort`, `developer_instructions`, `sandbox_mode`, and any
 * other config key), from the Trellis home's `agents/` and the repository's
 * `.trellis/agents/` (which wins on the same name), over three built-ins.
 */
export interface AgentRole {
  name: string;
  description: string;
  /** Config keys the role sets for its sessions, as `-c key=value` overrides (TOML values). */
  overrides: string[];
  /** Where it was read from; absent for a built-in. */
  file?: string;
}

export const BUILT_IN_ROLES: AgentRole[] = [
  { name: 'default', description: 'Implements the task in its worktree.', overrides: [] },
  {
    name: 'explorer',
    description: 'Reads and reports; changes nothing.',
    overrides: ['sandbox_mode="read-only"', `developer_instructions=${JSON.stringify('You are an explorer: read the code and report what you find. Do not change files.')}`],
  },
  {
    name: 'worker',
    description: 'Implements the task and its tests, and runs them.',
    overrides: [`developer_instructions=${JSON.stringify('You are a worker: implement the task completely, add or update its tests, and run them before you finish.')}`],
  },
];

/** Keys of a role file that describe it rather than configure its session. */
const DESCRIPTIVE = new Set(['name', 'description', 'nickname_candidates']);

/** Every role: built-ins, then `<home>/agents/*.toml`, then `<repo>/.trellis/agents/*.toml`; a later one replaces an earlier one of the same name. */
export async function loadRoles(home: string, repo: string): Promise<Map<string, AgentRole>> {
  const roles = new Map(BUILT_IN_ROLES.map((r) => [r.name, r]));
  for (const dir of [path.join(home, 'agents'), path.join(repo, '.trellis', 'agents')]) {
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((n) => n.endsWith('.toml')).sort();
    } catch {
      continue; // no such folder
    }
    for (const name of names) {
      const role = roleFromToml(await fs.readFile(path.join(dir, name), 'utf8'), path.join(dir, name));
      roles.set(role.name, role);
    }
  }
  return roles;
}

export function roleFromToml(text: string, file: string): AgentRole {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const name = typeof doc.name === 'string' && doc.name.trim() ? doc.name.trim() : path.basename(file, '.toml');
  if (!/^[\w.-]+$/.test(name)) throw new ConfigError(`${file}: name: a role name is letters, digits, dots, dashes and underscores; got ${JSON.stringify(name)}`);
  const overrides = Object.entries(doc)
    .filter(([key]) => !DESCRIPTIVE.has(key))
    .map(([key, value]) => `${key}=${tomlValue(value)}`);
  return { name, description: typeof doc.description === 'string' ? doc.description : '', overrides, file };
}

/** A value back as TOML text for a `-c key=value` override (tables become inline tables). */
function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${tomlValue(v)}`).join(', ')} }`;
  return JSON.stringify(String(value));
}

/** The role a task names with `_Role: NAME_`, or `default`. An unknown name is an error naming the task. */
export function roleFor(roles: Map<string, AgentRole>, taskId: string, details: { label: string; value: string }[]): AgentRole {
  const named = details.find((d) => /^role$/i.test(d.label))?.value.trim();
  if (!named) return roles.get('default')!;
  const role = roles.get(named);
  if (!role) throw new ConfigError(`task ${taskId} names the role ${JSON.stringify(named)}; known: ${[...roles.keys()].sort().join(', ')}`);
  return role;
}
