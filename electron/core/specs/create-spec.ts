import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from '../security/confined-fs';
import { confinedToSpecError } from './spec-location';
import type { SpecKind, SpecWorkflow } from '../../contract/specs';
import { CONFIG_FILE } from './load-spec';
import { KIRO_WORKFLOW } from './spec-config';
import { SpecError } from './spec-error';
import { specTemplates } from './spec-templates';

const SPEC_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME = 64;

export interface CreateSpecOptions {
  kind: SpecKind;
  workflow: SpecWorkflow;
  /** false: only the folder and `.config.kiro` (the agent writes every document itself). Default true. */
  templates?: boolean;
  /** The documents themselves, instead of the templates (a plan saved as a spec). */
  documents?: Record<string, string>;
}

/** Why `name` cannot name a spec folder, or null when it can. */
export function specNameProblem(name: string): string | null {
  if (!SPEC_NAME.test(name))
    return `a spec name is short kebab-case, such as todo-export (lower-case letters, digits and single hyphens); got ${JSON.stringify(name)}`;
  if (name.length > MAX_NAME)
    return `a spec name has at most ${MAX_NAME} characters; ${JSON.stringify(name)} has ${name.length}`;
  return null;
}

/**
 * Creates `.kiro/specs/<name>/` with the 2026 `.config.kiro` (fresh specId, workflowType, specType; no keys of
 * our own) and the first document of the workflow. Refuses a bad name, a bugfix that is design-first, and a
 * name already used in `.kiro/specs` or `.kiro/plans`; never touches an existing folder.
 */
export async function createSpec(
  repoRoot: string,
  name: string,
  options: CreateSpecOptions,
): Promise<{ dir: string; files: string[] }> {
  const problem = specNameProblem(name);
  if (problem) throw new SpecError('invalid-name', problem);
  if (options.kind === 'bugfix' && options.workflow === 'design-first') {
    throw new SpecError('invalid-options', 'a bugfix spec starts from bugfix.md, so it cannot be design-first');
  }
  const specsDir = path.join(repoRoot, '.kiro', 'specs');
  const dir = path.join(specsDir, name);
  const plansDir = path.join(repoRoot, '.kiro', 'plans', name);
  if (await exists(plansDir)) throw new SpecError('exists', `a spec named ${name} already exists at ${plansDir}`);
  // Every folder walked from the repository without following a symlink: a shipped `.kiro -> ~` is refused.
  const cfs = await ConfinedFs.create({ roots: [repoRoot] });
  const refuse = confinedToSpecError(dir);
  for (const folder of [path.join(repoRoot, '.kiro'), specsDir]) {
    await cfs.mkdir(folder).catch((err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : refuse(err)));
  }
  try {
    await cfs.mkdir(dir); // not recursive: EEXIST is how we learn the name is taken, without a race
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new SpecError('exists', `a spec named ${name} already exists at ${dir}`);
    refuse(err as Error);
  }
  const config = { specId: randomUUID(), workflowType: KIRO_WORKFLOW[options.workflow], specType: options.kind };
  const files: Record<string, string> = {
    [CONFIG_FILE]: JSON.stringify(config),
    ...(options.documents ?? (options.templates === false ? {} : specTemplates(options.kind, options.workflow))),
  };
  for (const [file, text] of Object.entries(files)) await cfs.createExclusive(path.join(dir, file), text).catch(refuse);
  return { dir, files: Object.keys(files) };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
