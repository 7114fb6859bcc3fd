import type { z } from 'zod';
import type { ChangeRequests, ChangeSource, CrewRequests as CrewTable } from '../../contract';
import { changeFile, changeList, revertChange } from '../review/change-review';
import { insideRoot } from '../review/safe-files';
import type { CrewRuns } from './crew-runs';
import type { SessionManager } from './session-manager';
import { failingAs } from '../errors/expected-failure';
import { specFolder } from './spec-handlers';
import { ExpectedFailure } from '../errors/expected-failure';

type CrewRequests = CrewTable & ChangeRequests;
type CrewMethod = keyof CrewRequests;
export type CrewHandlers<C> = {
  [M in CrewMethod]: (
    params: z.infer<CrewRequests[M]['params']>,
    client: C,
  ) => Promise<z.infer<CrewRequests[M]['value']>>;
};

/**
 * The `crew.*` requests (runs of a spec's tasks, their review, retry and worktrees) and the `changes.*`
 * requests, which review a turn's or a task's change the same way. `rootOf` resolves a workspace id for the
 * asking client (and throws when it has not opened it).
 */
export function crewHandlers<C>(
  crews: CrewRuns,
  sessions: SessionManager,
  rootOf: (workspaceId: string, client: C) => string,
  reveal: (absolutePath: string) => Promise<void>,
): CrewHandlers<C> {
  /** A task's change lives in its worktree, against the commit it started from. */
  const taskChange = async (source: Extract<ChangeSource, { kind: 'task' }>, client: C) =>
    crews.taskChange(rootOf(source.workspaceId, client), source.spec, source.taskId);
  const specDir = (workspaceId: string, spec: string, client: C) =>
    specFolder(rootOf(workspaceId, client), 'specs', spec);

  return {
    'changes.list': async ({ source, counts }, client) => {
      if (source.kind === 'turn') return sessions.turnChanges(source.sessionId, source.turn, counts);
      const { worktree, base } = await taskChange(source, client);
      return changeList(worktree, base, counts);
    },
    'changes.file': async ({ source, path, oldPath, kind }, client) => {
      if (source.kind === 'turn') return sessions.turnFile(source.sessionId, source.turn, { path, oldPath, kind });
      const { worktree, base } = await taskChange(source, client);
      return changeFile(worktree, base, { path, oldPath, kind });
    },
    'changes.revert': async ({ source, path, hunks }, client) => {
      if (source.kind === 'turn') await sessions.revert(source.sessionId, source.turn, { path, hunks });
      else {
        const { worktree, base, running } = await taskChange(source, client);
        if (running)
          throw new ExpectedFailure('busy', 'The subagent is still working on that task; wait for it to finish.');
        // Git and file failures of a revert reach the person as they are, not as an internal error.
        await failingAs('revert-failed', () => revertChange(worktree, base, { path, hunks }));
      }
      return null;
    },
    'changes.reveal': async ({ source, path }, client) => {
      const folder =
        source.kind === 'turn'
          ? await sessions.turnFolder(source.sessionId, source.turn)
          : (await taskChange(source, client)).worktree;
      const target = await failingAs('outside-workspace', () => insideRoot(folder, path));
      await failingAs('reveal-failed', () => reveal(target));
      return null;
    },
    'crew.start': async ({ workspaceId, spec, tasks, maxParallel, includeOptional }, client) => ({
      runId: await crews.start(workspaceId, await specDir(workspaceId, spec, client), spec, {
        tasks,
        maxParallel,
        includeOptional,
      }),
    }),
    'crew.stop': async ({ runId }) => (crews.stop(runId), null),
    'crew.pause': async ({ runId }) => (crews.pause(runId), null),
    'crew.resume': async ({ runId }) => (crews.resume(runId), null),
    'crew.approve': async ({ workspaceId, spec, taskId }, client) => (
      crews.approve(await specDir(workspaceId, spec, client), taskId),
      null
    ),
    'crew.resolve': async ({ workspaceId, spec, taskId, by }, client) => (
      crews.resolve(await specDir(workspaceId, spec, client), taskId, by),
      null
    ),
    'crew.reject': async ({ workspaceId, spec, taskId, comment }, client) => (
      crews.reject(await specDir(workspaceId, spec, client), taskId, comment),
      null
    ),
    'crew.retry': async ({ workspaceId, spec, taskId }, client) => ({
      runId: await crews.retry(workspaceId, await specDir(workspaceId, spec, client), spec, taskId),
    }),
    'crew.runs': async ({ workspaceId }, client) => crews.list(workspaceId, rootOf(workspaceId, client)),
    'crew.resumeRun': async ({ workspaceId, runId }, client) => ({
      runId: await crews.resumeRun(workspaceId, rootOf(workspaceId, client), runId),
    }),
    'crew.dismissRun': async ({ workspaceId, runId }, client) => (
      await crews.dismissRun(rootOf(workspaceId, client), runId),
      null
    ),
    'crew.worktrees': async ({ workspaceId }, client) => crews.worktrees(rootOf(workspaceId, client)),
    'crew.removeWorktree': async ({ workspaceId, path }, client) => (
      await crews.removeWorktree(rootOf(workspaceId, client), path),
      null
    ),
  };
}
