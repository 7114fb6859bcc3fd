import fs from 'node:fs/promises';
import path from 'node:path';
import type { SpecStage, SpecSummary } from '../../contract/specs';
import { SpecError } from './spec-error';
import { checkSpecFolder } from './spec-location';
import { CONFIG_FILE, loadSpec, SPEC_DOCUMENTS } from './load-spec';
import type { Spec } from './spec-model';

const LAYOUTS = ['specs', 'plans'] as const;

const EMPTY = {
  kind: 'feature',
  workflow: null,
  documents: [],
  stage: 'requirements',
  tasks: { total: 0, done: 0, inProgress: 0, queued: 0, todo: 0, optional: 0 },
} as const;

/** The refused documents of a loaded spec, as one sentence for the list. */
function problemOf(spec: Spec): { problem?: string } {
  const refused = spec.diagnostics.filter((d) => d.code === 'outside-repository');
  return refused.length ? { problem: refused.map((d) => `${d.file}: ${d.message}`).join('; ') } : {};
}

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
    // Symlinked folders too: one leading outside the repository is listed with its problem, never read.
    const dirs = entries
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort();
    const specs = await Promise.all(
      dirs.map(async (name): Promise<SpecSummary | null> => {
        const dir = path.join(root, name);
        const files = await fs.readdir(dir).catch(() => [] as string[]);
        const isLink = entries.find((e) => e.name === name)!.isSymbolicLink();
        // A .config.kiro alone is a spec whose first document is not written yet (the agent's workflow made it, or Kiro).
        const isSpec = SPEC_DOCUMENTS.some((d) => files.includes(d)) || files.includes(CONFIG_FILE);
        if (!isLink && !isSpec) return null;
        try {
          await checkSpecFolder(dir, repoRoot);
          if (
            isLink &&
            !(await fs.stat(dir).then(
              (s) => s.isDirectory(),
              () => false,
            ))
          )
            return null; // a link to a file, or nowhere
          if (!isSpec) return null;
          const spec = await loadSpec(dir);
          return {
            name,
            dir: path.resolve(dir),
            layout,
            kind: spec.kind,
            workflow: spec.config?.workflow ?? null,
            documents: SPEC_DOCUMENTS.filter((d) => files.includes(d)),
            ...summarizeSpec(spec),
            ...problemOf(spec),
          };
        } catch (err) {
          // A bad spec is a line in the list naming its problem; the others still list.
          if (!(err instanceof SpecError)) throw err;
          return {
            ...EMPTY,
            documents: [],
            tasks: { ...EMPTY.tasks },
            name,
            dir: path.resolve(dir),
            layout,
            problem: err.message,
          };
        }
      }),
    );
    for (const spec of specs) if (spec) found.push(spec);
  }
  return found;
}
