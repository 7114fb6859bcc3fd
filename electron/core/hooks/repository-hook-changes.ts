import path from 'node:path';
import type { ProjectTrust } from '../config/project-trust';
import type { ConfigChange } from '../config/role-allowance';
import { repositoryHooks } from './hook-definitions';

/**
 * What trusting the repository lets its hook files do: one line per hook with the command it would run or the
 * prompt it would give the agent, and when, for `trellis trust` and the window's trust dialog.
 */
export function repositoryHookChanges(trust: ProjectTrust): ConfigChange[] {
  return repositoryHooks(trust).hooks.map((hook) => ({
    file: path.relative(trust.repo, hook.source.file).split(path.sep).join('/'),
    key: hook.source.position || hook.name,
    value: hook.action.kind === 'command' ? hook.action.command : hook.action.prompt,
    reason: `${hook.action.kind === 'command' ? 'runs this command' : 'asks the agent this'} on ${hook.event}${hook.matcher ? ` /${hook.matcher}/` : ''}${hook.enabled ? '' : ' (disabled for now)'}`,
  }));
}
