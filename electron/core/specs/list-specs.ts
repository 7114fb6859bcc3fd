import fs from 'node:fs/promises';
import path from 'node:path';
import type { SpecStage, SpecSummary } from '../../contract/specs';
import { loadSpec, SPEC_DOCUMENTS } from './load-spec';
import type { Spec } from './spec-model';

const LAYOUTS = ['specs', 'plans'] as const;

/** Task counts and the stage a spec is at, judged from its documents alone (Kiro stores no approvals). */
export function summarizeSpec(spec: Spec): Pick<SpecSummary, 'stage' | 'tasks'> {
  const tasks = spec.tasks?.tasks ?? [];
  const counts = { total: tasks.length, done: 0, inProgress: 0, queued: 0, todo: 0, optional: 0 };
  for (const t of tasks) {
    if (t.optional) counts.optional++;
    if (t.status === 'done') counts.done++;
    else if (t.status === 'in_progress') counts.inProgress++;
    else if (t.status === 'queued') counts.queued++;
    else counts.todo++;
  }
  let stage: SpecStage;
  if (spec.tasks) {
    const required = tasks.filter((t) => !t.optional);
    if (required.length && required.every((t) => t.status === 'done')) stage = 'done';
    else if (tasks.some((t) => t.status !== 'todo')) stage = 'in-progress';
    else stage = 'tasks';
  } else stage = spec.design ? 'design' : 'requirements';
  return { stage, tasks: counts };
}

/**
 * Every spec under `.kiro/specs` and the pre-GA `.kiro/plans` of a repository: direct child folders holding at
 * least one spec document, keyed by folder (specIds are copied around and are not unique).
 */
export async function listSpecs(repoRoot: string): Promise<SpecSummary[]> {
  const found: SpecSummary[] = [];
  for (const layout of LAYOUTS) {
    const root = path.join(repoRoot, '.kiro', layout);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(root, { withFileTypes: true });
    } catch {
      continue;
    }
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const specs = await Promise.all(
      dirs.map(async (name) => {
        const dir = path.join(root, name);
        const files = await fs.readdir(dir).catch(() => [] as string[]);
        if (!SPEC_DOCUMENTS.some((d) => files.includes(d))) return null;
        const spec = await loadSpec(dir);
        return {
          name,
          dir: path.resolve(dir),
          layout,
          kind: spec.kind,
          workflow: spec.config?.workflow ?? null,
          documents: SPEC_DOCUMENTS.filter((d) => files.includes(d)),
          ...summarizeSpec(spec),
        } satisfies SpecSummary;
      }),
    );
    for (const spec of specs) if (spec) found.push(spec);
  }
  return found;
}
