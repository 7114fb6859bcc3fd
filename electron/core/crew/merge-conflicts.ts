/**
 * A task whose branch conflicts with where the person's branch has moved: the branch's tip is merged into
 * the task's worktree (the conflict markers land there, never in the person's checkout), left for the
 * person or handed to a follow-up subagent; and which files still hold markers.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TaskNode } from '../../contract/specs';
import { git, gitText } from '../git/git';
import type { MergeFailure } from './run-spec-types';
import type { Subagent } from './subagent-session';
import type { TaskRecord } from './worktree-runner';
import { commitTaskWork, resolveCommit, setTaskBase } from './worktrees';

export interface ConflictSetup {
  repo: string;
  /** The branch tasks merge into. */
  baseRef: string;
  specName: string;
  subagent: Subagent;
}

/**
 * Merges the workspace's branch into the task's worktree and either leaves the markers for the person or
 * has a subagent resolve them. From then on the task is reviewed against the branch's new tip.
 * Undefined: nothing is left to resolve.
 */
export async function resolveConflict(
  setup: ConflictSetup,
  task: TaskNode,
  record: TaskRecord,
  by: 'agent' | 'person',
): Promise<MergeFailure | undefined> {
  const { repo, baseRef, specName } = setup;
  const tip = await gitText(repo, ['rev-parse', `refs/heads/${baseRef}`]);
  if ((await resolveCommit(record.worktree, 'MERGE_HEAD')) === null) {
    await commitTaskWork(record.worktree, `${specName} ${task.id}: review edits`).catch(() => null);
    await git(record.worktree, ['merge', '--no-ff', '--no-commit', '--no-edit', tip], { okCodes: [1] });
  }
  record.base = tip;
  await setTaskBase(repo, record.branch, tip);
  const conflicts = await conflictMarkers(record.worktree);
  if (by === 'person' || !conflicts.length) {
    return conflicts.length
      ? {
          ok: false,
          reason: 'conflict',
          conflicts,
          error: `${baseRef} is merged into the task's worktree ${record.worktree}; resolve the conflict markers in ${conflicts.join(', ')} there, then approve`,
        }
      : undefined;
  }
  const prompt = [
    `Task ${task.id} of the spec "${specName}" (${task.title}) is finished, but ${baseRef} moved on meanwhile and the two conflict.`,
    `${baseRef} is being merged into this folder: git left conflict markers (<<<<<<< ======= >>>>>>>) in ${conflicts.join(', ')}.`,
    'Resolve every conflict so that both the task and the other changes keep working, remove all the markers, run the relevant tests, and finish with a short summary. Do not run git commands; Trellis commits the merge.',
  ].join('\n');
  const outcome = await setup.subagent(task, record.worktree, prompt, new AbortController().signal);
  const left = await conflictMarkers(record.worktree);
  if (!outcome.ok || left.length) {
    return {
      ok: false,
      reason: 'conflict',
      conflicts: left.length ? left : conflicts,
      error: `the agent could not resolve the conflict${outcome.ok ? '' : ` (${outcome.error})`}${left.length ? `; markers are left in ${left.join(', ')}` : ''}`,
    };
  }
  return undefined;
}

const MARKER_LINE = /^(<<<<<<<|>>>>>>>) /m;

/** Files of the worktree that still hold conflict markers (whoever resolves them need not tell git). */
export async function conflictMarkers(worktree: string): Promise<string[]> {
  const unmerged = (await git(worktree, ['diff', '--name-only', '--diff-filter=U', '-z']))
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  const marked = (
    await git(worktree, ['grep', '-l', '-z', '-E', '-e', MARKER_LINE.source, '--', '.'], { okCodes: [1] })
  )
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  const files = new Set(marked);
  for (const file of unmerged) {
    const text = await fs.readFile(path.join(worktree, file), 'utf8').catch(() => null);
    if (text !== null && MARKER_LINE.test(text)) files.add(file);
  }
  return [...files];
}
