import os from 'node:os';
import path from 'node:path';
import type { HookInfo, HookList } from '../../contract';
import { editConfigFile, editTomlTable } from '../config/config-writer';
import { loadConfig } from '../config/load-config';
import { sessionTrust, trustConfigFile, type ProjectTrust } from '../config/project-trust';
import { loadHookDefinitions, type HookDefinitions } from '../hooks/hook-definitions';
import { isHookTrusted } from '../hooks/hook-trust';
import type { HookDefinition } from '../hooks/hook-types';

/** A workspace's hooks as read now: the definitions the engine would get, and the repository's trust beside them. */
export interface WorkspaceHookRead {
  definitions: HookDefinitions;
  project: ProjectTrust | null;
}

/** Every hook a session in `root` would see, read afresh (config.toml, the home's hooks.json, the repository's files). */
export async function readWorkspaceHooks(home: string, root: string): Promise<WorkspaceHookRead> {
  const { config } = await loadConfig({ home });
  const userHome = os.homedir();
  const project = await sessionTrust(home, root, userHome);
  const definitions = await loadHookDefinitions({ home, cwd: root, userHome, config, trust: project });
  return { definitions, project };
}

/** The list the window shows: every hook, its state in words the person can act on, and the unreadable files. */
export function hookList({ definitions, project }: WorkspaceHookRead, root: string): HookList {
  return {
    hooks: definitions.hooks.map((hook) => hookInfo(hook, isHookTrusted(hook, definitions.trust), root)),
    diagnostics: definitions.diagnostics,
    repositoryTrust: project?.state ?? null,
  };
}

function hookInfo(hook: HookDefinition, trusted: boolean, root: string): HookInfo {
  const { action, source } = hook;
  const relative = path.relative(root, source.file);
  const inside = source.scope === 'repository' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    id: hook.id,
    name: hook.name,
    ...(hook.description !== undefined && { description: hook.description }),
    source: {
      format: source.format,
      scope: source.scope,
      file: source.file,
      ...(inside && { relative: relative.split(path.sep).join('/') }),
      position: source.position,
    },
    event: hook.event,
    ...(hook.matcher !== undefined && { matcher: hook.matcher }),
    ...(hook.patterns && { patterns: hook.patterns }),
    ...(hook.toolTypes && { toolTypes: hook.toolTypes }),
    action:
      action.kind === 'command'
        ? { kind: 'command', command: action.command, timeoutMs: action.timeoutMs }
        : { kind: 'agent', prompt: action.prompt },
    trusted,
    enabled: hook.enabled,
    manual: hook.event === 'Manual',
  };
}

/** The person's switch for one hook, `[hooks.state."<id>"] enabled`, written into their config.toml keeping its comments. */
export async function saveHookEnabled(home: string, id: string, enabled: boolean): Promise<void> {
  const file = trustConfigFile(home);
  await editConfigFile(file, (text) => editTomlTable(text, ['hooks', 'state', id], { enabled }, file));
}

/** Whether a file (relative to the workspace) is one of the repository's hook files: the list is read again when it changes. */
export function isHookPlace(relative: string): boolean {
  return (
    relative === '.codex' ||
    relative.startsWith('.codex/') ||
    relative === '.kiro' ||
    relative.startsWith('.kiro/hooks') ||
    relative.startsWith('.kiro/agents')
  );
}
