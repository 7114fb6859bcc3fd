import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { ConfigError } from '../config/config-error';
import { projectTrust, type ProjectTrust } from '../config/project-trust';
import { judgeRole, narrowBaseline, type ConfigChange, type RoleBaseline } from '../config/role-allowance';

/**
 * A subagent's role: Codex's agent role files (`name`, `description`, `model`,
 * `model_reasoning_effort`, `developer_instructions`, `sandbox_mode`, and other
 * config keys), from the Trellis home's `agents/` and the repository's
 * `.trellis/agents/` (which wins on the same name, within what the repository's
 * trust allows), over three built-ins.
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
    overrides: [
      'sandbox_mode="read-only"',
      `developer_instructions=${JSON.stringify('You are an explorer: read the code and report what you find. Do not change files.')}`,
    ],
  },
  {
    name: 'worker',
    description: 'Implements the task and its tests, and runs them.',
    overrides: [
      `developer_instructions=${JSON.stringify('You are a worker: implement the task completely, add or update its tests, and run them before you finish.')}`,
    ],
  },
];

export interface LoadedRoles {
  roles: Map<string, AgentRole>;
  /** The repository's trust, for the configuration files its roles come from. */
  trust: ProjectTrust;
  /** Keys of the repository's role files that were ignored because the repository is not trusted (or changed since). */
  ignored: ConfigChange[];
}

/**
 * Every role: built-ins, then `<home>/agents/*.toml` (the person's own, applied whole), then
 * `<repo>/.trellis/agents/*.toml`; a later one replaces an earlier one of the same name. A repository's
 * role applies whole only when the person trusts the repository's configuration as it is now; otherwise
 * it keeps what the untrusted allowance permits (role-allowance.ts), measured against `baseline`
 * narrowed by the role it replaces.
 */
export async function loadRoles(
  home: string,
  repo: string,
  baseline: RoleBaseline,
  options: { judgeUntrusted?: boolean } = {},
): Promise<LoadedRoles> {
  const roles = new Map(BUILT_IN_ROLES.map((r) => [r.name, r]));
  const homeDir = path.join(home, 'agents');
  let names: string[] = [];
  try {
    names = (await fs.readdir(homeDir)).filter((n) => n.endsWith('.toml')).sort();
  } catch {
    // no such folder
  }
  for (const name of names) {
    const file = path.join(homeDir, name);
    const role = roleFromToml(await fs.readFile(file, 'utf8'), file, baseline, true);
    roles.set(role.name, role);
  }
  const trust = await projectTrust(home, repo);
  const ignored: ConfigChange[] = [];
  // judgeUntrusted: list everything that needs trust, whatever the trust (what `trellis trust` and the window show).
  const trusted = trust.state === 'trusted' && !options.judgeUntrusted;
  // The trust covers more than roles (.kiro/settings/mcp.json); the roles are the files of .trellis/agents.
  for (const { file, text } of trust.files.filter((f) => f.file.startsWith('.trellis/agents/'))) {
    // Untrusted, a role of a name already known (the read-only explorer, one of the person's) builds on it: it may
    // tighten that role, never drop what the role had (replacing `explorer` must not lift its read-only).
    const prior = (name: string) => (trusted ? undefined : roles.get(name));
    const role = roleFromToml(
      text,
      path.join(trust.repo, file),
      (name) => narrowBaseline(baseline, prior(name)?.overrides ?? []),
      trusted,
      file,
    );
    ignored.push(...(role.ignored ?? []));
    roles.set(role.name, { ...role, overrides: [...(prior(role.name)?.overrides ?? []), ...role.overrides] });
  }
  return { roles, trust, ignored };
}

/** A role from its TOML text; `shown` names the file in what was ignored. */
export function roleFromToml(
  text: string,
  file: string,
  baseline: RoleBaseline | ((name: string) => RoleBaseline),
  trusted: boolean,
  shown = file,
): AgentRole & { ignored?: ConfigChange[] } {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const name = typeof doc.name === 'string' && doc.name.trim() ? doc.name.trim() : path.basename(file, '.toml');
  if (!/^[\w.-]+$/.test(name))
    throw new ConfigError(
      `${file}: name: a role name is letters, digits, dots, dashes and underscores; got ${JSON.stringify(name)}`,
    );
  const { overrides, changes } = judgeRole(
    doc,
    shown,
    typeof baseline === 'function' ? baseline(name) : baseline,
    trusted,
  );
  return {
    name,
    description: typeof doc.description === 'string' ? doc.description : '',
    overrides,
    file,
    ignored: changes,
  };
}

/** The role a task names with `_Role: NAME_`, or `default`. An unknown name is an error naming the task. */
export function roleFor(
  roles: Map<string, AgentRole>,
  taskId: string,
  details: { label: string; value: string }[],
): AgentRole {
  const named = details.find((d) => /^role$/i.test(d.label))?.value.trim();
  if (!named) return roles.get('default')!;
  const role = roles.get(named);
  if (!role)
    throw new ConfigError(
      `task ${taskId} names the role ${JSON.stringify(named)}; known: ${[...roles.keys()].sort().join(', ')}`,
    );
  return role;
}
