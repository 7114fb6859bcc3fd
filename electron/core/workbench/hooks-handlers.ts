import type { HookList, HookRunResult, RequestValue } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import { isHookTrusted, recordHookTrust } from '../hooks/hook-trust';
import type { HookDefinition } from '../hooks/hook-types';
import type { StandaloneHookResult } from './hook-actions';
import { hookList, readWorkspaceHooks, saveHookEnabled, type WorkspaceHookRead } from './workspace-hooks';

/** Runs a trusted, enabled Manual hook of the workspace now (runStandaloneHook): its command in the workspace's sandbox, or its prompt to the agent. */
export type ManualHookRunner = (
  workspaceId: string,
  root: string,
  hook: HookDefinition,
) => Promise<StandaloneHookResult>;

/** What the pane shows of a Run: a command's end and output, or the session its prompt went to. */
function runResult(hook: HookDefinition, result: StandaloneHookResult): HookRunResult {
  if (result.kind === 'agent')
    return { id: hook.id, status: 'sent', durationMs: 0, exitCode: null, output: '', message: 'Sent to the agent.' };
  const { run } = result;
  const message = run.reason ?? run.systemMessage;
  return {
    id: hook.id,
    status: run.status,
    durationMs: Math.round(run.durationMs),
    exitCode: run.exitCode,
    output: run.output,
    ...(message !== undefined && { message }),
  };
}

/**
 * hooks.list, hooks.trust, hooks.setEnabled and hooks.run. Each reads the files afresh, so what the person acts on
 * is what is on disk now (an edited hook is untrusted again before any button reaches it). `changed` tells every
 * window of the workspace that the list is different.
 */
export function hooksHandlers<C>(
  home: string,
  rootFor: (workspaceId: string, client: C) => string,
  run: ManualHookRunner,
  changed: (workspaceId: string, list: HookList) => void,
) {
  const read = async (workspaceId: string, client: C) => {
    const root = rootFor(workspaceId, client);
    return { root, read: await readWorkspaceHooks(home, root) };
  };
  const hookOf = (found: WorkspaceHookRead, id: string): HookDefinition => {
    const hook = found.definitions.hooks.find((h) => h.id === id);
    if (!hook)
      throw new ExpectedFailure('not-found', `No hook ${id} is defined for this workspace any more; its file changed.`);
    return hook;
  };
  const listAgain = async (workspaceId: string, client: C): Promise<HookList> => {
    const { root, read: found } = await read(workspaceId, client);
    const list = hookList(found, root);
    changed(workspaceId, list);
    return list;
  };

  return {
    'hooks.list': async ({ workspaceId }: { workspaceId: string }, client: C): Promise<RequestValue<'hooks.list'>> => {
      const { root, read: found } = await read(workspaceId, client);
      return hookList(found, root);
    },

    'hooks.trust': async (
      { workspaceId, ids }: { workspaceId: string; ids: string[] },
      client: C,
    ): Promise<RequestValue<'hooks.trust'>> => {
      const { read: found } = await read(workspaceId, client);
      const hooks = ids.map((id) => hookOf(found, id));
      // A hook is trusted one by one only in a repository the person trusted before (its files changed since):
      // a repository never looked at is reviewed as a whole first, in the trust dialog.
      if (found.project?.state === 'untrusted' && hooks.some((h) => h.source.scope === 'repository'))
        throw new ExpectedFailure(
          'untrusted',
          "This hook comes from the repository's files, and the repository is not trusted: review and trust the repository first (Review repository trust).",
        );
      await recordHookTrust(
        home,
        hooks.filter((h) => !isHookTrusted(h, found.definitions.trust)),
      );
      return listAgain(workspaceId, client);
    },

    'hooks.setEnabled': async (
      { workspaceId, id, enabled }: { workspaceId: string; id: string; enabled: boolean },
      client: C,
    ): Promise<RequestValue<'hooks.setEnabled'>> => {
      const { read: found } = await read(workspaceId, client);
      hookOf(found, id);
      await saveHookEnabled(home, id, enabled);
      return listAgain(workspaceId, client);
    },

    'hooks.run': async (
      { workspaceId, id }: { workspaceId: string; id: string },
      client: C,
    ): Promise<RequestValue<'hooks.run'>> => {
      const { root, read: found } = await read(workspaceId, client);
      const hook = hookOf(found, id);
      if (hook.event !== 'Manual')
        throw new ExpectedFailure('invalid-params', `${hook.name} runs on ${hook.event}, not from a button.`);
      if (!isHookTrusted(hook, found.definitions.trust))
        throw new ExpectedFailure('untrusted', `${hook.name} is not trusted; trust it before running it.`);
      if (!hook.enabled) throw new ExpectedFailure('disabled', `${hook.name} is disabled; enable it to run it.`);
      return runResult(hook, await run(workspaceId, root, hook));
    },
  };
}
