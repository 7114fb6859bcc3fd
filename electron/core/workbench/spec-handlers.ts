import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { SpecDetail, SpecRequests, SpecDiagnostic, SpecDocument, SpecLayout, TaskGraph } from '../../contract';
import { createSpec } from '../specs/create-spec';
import { lintSpec } from '../specs/lint-spec';
import { listSpecs } from '../specs/list-specs';
import { loadSpec } from '../specs/load-spec';
import { setTaskStatus } from '../specs/set-task-status';
import { SpecError } from '../specs/spec-error';
import { editSpecFile } from '../specs/spec-location';
import type { Spec } from '../specs/spec-model';
import { buildTaskGraph } from '../specs/task-graph';
import { resolveInside, toRelative } from '../workspace/workspace-paths';

/** What the spec handlers need of an open workspace: its root, and a way to have a folder watched. */
export interface SpecWorkspace {
  readonly root: string;
  /** Listing a folder also subscribes it to `workspace.dirChanged` events. */
  listDir(dir: string): Promise<unknown>;
}

/** The spec files' requests; the workflow's (`specs.startWorkflow`, `specs.decide`) drive a session and are the session manager's. */
type SpecMethod = Exclude<keyof SpecRequests, 'specs.startWorkflow' | 'specs.decide'>;
export type SpecHandlers<C> = {
  [M in SpecMethod]: (
    params: z.infer<SpecRequests[M]['params']>,
    client: C,
  ) => Promise<z.infer<SpecRequests[M]['value']>>;
};

/**
 * The `specs.*` requests over the spec domain (electron/core/specs). `workspaceFor` resolves a workspace id for the
 * asking client (and throws when it has not opened it). Spec folders are addressed by a single folder name, checked
 * by the contract and again here against symlinks leading out of the repository.
 */
export function specHandlers<C>(workspaceFor: (workspaceId: string, client: C) => SpecWorkspace): SpecHandlers<C> {
  const writing = new Map<string, Promise<unknown>>();
  /** One writer per tasks.md: status changes to the same file run one after another. */
  const serialized = <T>(file: string, run: () => Promise<T>): Promise<T> => {
    const next = (writing.get(file) ?? Promise.resolve()).catch(() => {}).then(run);
    writing.set(file, next);
    return next.finally(() => {
      if (writing.get(file) === next) writing.delete(file);
    });
  };

  return {
    'specs.list': async ({ workspaceId }, client) => {
      const workspace = workspaceFor(workspaceId, client);
      const specs = await listSpecs(workspace.root);
      watch(workspace, ['.kiro', '.kiro/specs', '.kiro/plans', ...specs.map((s) => `.kiro/${s.layout}/${s.name}`)]);
      return specs;
    },

    'specs.load': async ({ workspaceId, spec, layout }, client) => {
      const workspace = workspaceFor(workspaceId, client);
      const dir = await specFolder(workspace.root, layout ?? 'specs', spec);
      watch(workspace, [toRelative(workspace.root, dir)]);
      return describeSpec(workspace.root, await loadSpec(dir));
    },

    'specs.setTaskStatus': async ({ workspaceId, spec, layout, taskId, status }, client) => {
      const workspace = workspaceFor(workspaceId, client);
      const dir = await specFolder(workspace.root, layout ?? 'specs', spec);
      const before = await loadSpec(dir);
      if (!before.tasks) throw new SpecError('not-a-spec', `${spec} has no tasks.md yet`);
      if (before.tasksReadOnly)
        throw new SpecError(
          'read-only',
          `${path.basename(before.tasks.file)} is shown read-only because the folder has no tasks.md; edit it by hand`,
        );
      const file = before.tasks.file;
      await serialized(file, () => editSpecFile(file, (text) => setTaskStatus(text, taskId, status), workspace.root));
      return describeSpec(workspace.root, await loadSpec(dir));
    },

    'specs.create': async ({ workspaceId, name, kind, workflow }, client) => {
      const workspace = workspaceFor(workspaceId, client);
      // createSpec checks the name (kebab-case, one segment); the folders it writes into must not be symlinks out.
      for (const dir of ['.kiro', '.kiro/specs']) await insideIfPresent(workspace.root, dir);
      const { dir, files } = await createSpec(workspace.root, name, { kind, workflow });
      const relative = toRelative(workspace.root, dir);
      watch(workspace, ['.kiro', '.kiro/specs', relative]);
      return { name, layout: 'specs' as const, path: relative, files: files.map((f) => `${relative}/${f}`) };
    },
  };
}

/** The spec folder's absolute path, refused when it is missing or a symlink leads outside the repository. */
export async function specFolder(root: string, layout: SpecLayout, name: string): Promise<string> {
  const relative = `.kiro/${layout}/${name}`;
  await resolveInside(root, relative); // throws not-found / outside-workspace
  return path.join(root, '.kiro', layout, name);
}

async function insideIfPresent(root: string, relative: string): Promise<void> {
  try {
    await fs.lstat(path.join(root, relative));
  } catch {
    return; // createSpec makes it
  }
  await resolveInside(root, relative);
}

/** Subscribe folders to change events; a folder that does not exist (yet) is skipped. */
function watch(workspace: SpecWorkspace, dirs: string[]): void {
  for (const dir of dirs) workspace.listDir(dir).catch(() => {});
}

/** The contract's view of a loaded spec: texts, requirements, graph and diagnostics, paths relative to `root`. */
export function describeSpec(root: string, spec: Spec): SpecDetail {
  const rel = (file: string) => toRelative(root, path.resolve(file));
  const relDiagnostic = (d: SpecDiagnostic): SpecDiagnostic => ({ ...d, file: rel(d.file) });
  const documents: SpecDocument[] = [];
  if (spec.requirements)
    documents.push({
      kind: spec.requirements.kind,
      path: rel(spec.requirements.file),
      text: spec.requirements.source,
      readOnly: false,
    });
  if (spec.design)
    documents.push({ kind: 'design', path: rel(spec.design.file), text: spec.design.source, readOnly: false });
  if (spec.tasks)
    documents.push({
      kind: 'tasks',
      path: rel(spec.tasks.file),
      text: spec.tasks.source,
      readOnly: spec.tasksReadOnly,
    });
  let graph: TaskGraph | null = null;
  if (spec.tasks) {
    const built = buildTaskGraph(spec.tasks);
    graph = { ...built, diagnostics: built.diagnostics.map(relDiagnostic) };
  }
  return {
    name: spec.name,
    layout: spec.layout,
    path: rel(spec.dir),
    kind: spec.kind,
    workflow: spec.config?.workflow ?? null,
    documents,
    requirements: (spec.requirements?.requirements ?? []).map((r) => ({
      id: r.id,
      title: r.title,
      line: r.line,
      criteria: r.criteria.map((c) => ({ id: c.id, text: c.text, line: c.line })),
    })),
    graph,
    diagnostics: lintSpec(spec).map(relDiagnostic),
    attachments: spec.attachments,
  };
}
