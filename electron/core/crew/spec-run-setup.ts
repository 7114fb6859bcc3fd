/**
 * Everything a spec run settles before its first task: the spec and its task graph (refused with errors),
 * the repository and the branch tasks merge into, the crew's configuration and the roles it may use.
 */
import path from 'node:path';
import type { TaskNode } from '../../contract/specs';
import { loadConfig } from '../config/load-config';
import { roleBaseline } from '../config/role-allowance';
import { untrustedNotice } from '../config/trust-notice';
import { ExpectedFailure, failingAs } from '../errors/expected-failure';
import { gitText, repoRoot } from '../git/git';
import { pinRepository } from '../git/git-dir';
import { loadSpec } from '../specs/load-spec';
import { SpecError } from '../specs/spec-error';
import type { Spec } from '../specs/spec-model';
import { buildTaskGraph } from '../specs/task-graph';
import type { AgentRole } from './roles';
import { loadRoles } from './roles';
import type { RunSpecOptions } from './run-spec-types';

export interface SpecRunSetup {
  spec: Spec;
  /** The spec's tasks, as the task graph orders and links them. */
  tasks: TaskNode[];
  repo: string;
  /** The branch finished tasks merge into (or HEAD's commit with noMerge on a detached HEAD). */
  baseRef: string;
  tasksFile: string;
  roles: Map<string, AgentRole>;
  /** `[crew] max_added_file_kb`, in bytes. */
  maxAddedFileBytes: number;
  maxParallel: number;
}

export async function setUpSpecRun(options: RunSpecOptions): Promise<SpecRunSetup> {
  const specDir = path.resolve(options.specDir);
  const spec = await loadSpec(specDir);
  // What the person must fix before a run can start is an expected failure: the CLI prints it, exit 2.
  if (!spec.tasks) throw new SpecError('not-a-spec', `${specDir} has no tasks.md to run`);
  const graph = buildTaskGraph(spec.tasks);
  const errors = graph.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    throw new ExpectedFailure(
      'task-graph-errors',
      `the task graph has errors; fix them first:\n${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n')}`,
    );
  options.onTasks?.(graph.tasks);
  const repo = await failingAs('not-git', () => repoRoot(specDir));
  await pinRepository(repo);
  const branch = await gitText(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  if (!branch && !options.noMerge)
    throw new ExpectedFailure(
      'detached-head',
      'HEAD is detached: check out the branch the tasks should merge into, or pass --no-merge',
    );
  const baseRef = branch || (await gitText(repo, ['rev-parse', 'HEAD']));
  // A repository's role may only tighten what the session would be without it: measured on the crew's own settings.
  const { config: base } = await loadConfig({
    home: options.home,
    profile: options.profile,
    overrides: ['sandbox_mode="workspace-write"', ...(options.overrides ?? [])],
  });
  const { roles, trust, ignored } = await loadRoles(options.home, repo, roleBaseline(base));
  options.onWarning?.(...untrustedNotice(trust, ignored));
  const maxParallel =
    options.maxParallel ??
    (await loadConfig({ home: options.home, profile: options.profile, overrides: options.overrides })).config.agents
      .max_threads;
  return {
    spec,
    tasks: graph.tasks,
    repo,
    baseRef,
    tasksFile: path.join(specDir, 'tasks.md'),
    roles,
    maxAddedFileBytes: base.crew.max_added_file_kb * 1024,
    maxParallel,
  };
}
