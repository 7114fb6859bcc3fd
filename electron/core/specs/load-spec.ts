import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDesign } from './parse-design';
import { parseBugfix, parseRequirements } from './parse-requirements';
import { parseTasks } from './parse-tasks';
import { parseSpecConfig } from './spec-config';
import { readFileInside } from '../security/read-inside';
import { SpecError } from './spec-error';
import { checkSpecFolder, documentProblem, specRepository } from './spec-location';
import type { Spec, SpecDiagnostic } from './spec-model';
import { diagnostic } from './spec-model';

export const SPEC_DOCUMENTS = ['requirements.md', 'bugfix.md', 'design.md', 'tasks.md'] as const;
export const CONFIG_FILE = '.config.kiro';

/** The second task file Kiro users sometimes leave (`phase-2-tasks.md`): read only when tasks.md is missing. */
const TASKS_CANDIDATE = /tasks.*\.md$/i;

const isDocumentName = (name: string) =>
  (SPEC_DOCUMENTS as readonly string[]).includes(name) || name === CONFIG_FILE || TASKS_CANDIDATE.test(name);

/** A document's text, read through confined-fs from the repository: a swap after the checks reads as absent. */
async function readText(repo: string, file: string): Promise<string | null> {
  const read = await readFileInside(repo, file);
  return read.ok ? read.data.toString('utf8') : null;
}

/**
 * Reads one spec folder (`.kiro/specs/<name>` or `.kiro/plans/<name>`), any of its documents missing. Paths in
 * diagnostics are `dir` joined with the file name, so they read as the caller named the folder.
 */
export async function loadSpec(dir: string): Promise<Spec> {
  // The folder must really be inside its repository; documents that are symlinks out (or nowhere) are not read.
  await checkSpecFolder(dir);
  const repo = specRepository(dir);
  let dirents: import('node:fs').Dirent[];
  try {
    dirents = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new SpecError('not-a-folder', `there is no folder at ${dir}`);
    throw err;
  }
  const entries = dirents.filter((e) => e.isFile()).map((e) => e.name);
  const refused: SpecDiagnostic[] = [];
  for (const link of dirents.filter((e) => e.isSymbolicLink())) {
    const problem = await documentProblem(path.join(dir, link.name), repo);
    if (problem === null) entries.push(link.name);
    else if (isDocumentName(link.name))
      refused.push(diagnostic(path.join(dir, link.name), 1, 'error', 'outside-repository', problem));
  }
  if (refused.length && !SPEC_DOCUMENTS.some((d) => entries.includes(d)) && !entries.includes(CONFIG_FILE)) {
    throw new SpecError('outside-repository', refused.map((d) => `${d.file}: ${d.message}`).join('; '));
  }
  const has = new Set(entries);
  if (!SPEC_DOCUMENTS.some((d) => has.has(d)) && !has.has(CONFIG_FILE)) {
    throw new SpecError('not-a-spec', `${dir} is not a spec folder: it has none of ${SPEC_DOCUMENTS.join(', ')}`);
  }
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => (has.has(name) ? readText(repo, file(name)) : Promise.resolve(null));
  const diagnostics: SpecDiagnostic[] = [...refused];

  let tasksName = 'tasks.md';
  let tasksReadOnly = false;
  if (!has.has(tasksName)) {
    const candidates = entries.filter((e) => TASKS_CANDIDATE.test(e));
    if (candidates.length === 1) {
      tasksName = candidates[0];
      tasksReadOnly = true;
      diagnostics.push(
        diagnostic(
          file(tasksName),
          1,
          'warning',
          'tasks-candidate',
          `there is no tasks.md; showing ${tasksName} read-only`,
        ),
      );
    }
  }
  const [configText, requirementsText, bugfixText, designText, tasksText] = await Promise.all([
    read(CONFIG_FILE),
    read('requirements.md'),
    read('bugfix.md'),
    read('design.md'),
    read(tasksName),
  ]);

  const parsedConfig = configText === null ? null : parseSpecConfig(configText, file(CONFIG_FILE));
  const config = parsedConfig?.config ?? null;
  if (parsedConfig) diagnostics.push(...parsedConfig.diagnostics);

  // The documents are the truth; the config is a hint.
  const kind = bugfixText !== null ? 'bugfix' : requirementsText !== null ? 'feature' : (config?.specType ?? 'feature');
  if (config?.specType && config.specType !== kind && (bugfixText !== null || requirementsText !== null)) {
    diagnostics.push(
      diagnostic(
        file(CONFIG_FILE),
        1,
        'warning',
        'config-kind-mismatch',
        `.config.kiro says ${config.specType}, but the folder holds ${bugfixText !== null ? 'bugfix.md' : 'requirements.md'}; treating it as a ${kind} spec`,
      ),
    );
  }
  if (bugfixText !== null && requirementsText !== null) {
    diagnostics.push(
      diagnostic(
        file('requirements.md'),
        1,
        'warning',
        'two-requirement-documents',
        'the folder holds both bugfix.md and requirements.md; bugfix.md is used',
      ),
    );
  }

  const requirements =
    bugfixText !== null
      ? parseBugfix(bugfixText, file('bugfix.md'))
      : requirementsText !== null
        ? parseRequirements(requirementsText, file('requirements.md'))
        : null;
  const used = new Set<string>([CONFIG_FILE, 'requirements.md', 'bugfix.md', 'design.md', tasksName]);
  const parent = path.basename(path.dirname(path.resolve(dir)));
  return {
    name: path.basename(path.resolve(dir)),
    dir,
    layout: parent === 'plans' ? 'plans' : 'specs',
    kind,
    config,
    requirements,
    design: designText === null ? null : parseDesign(designText, file('design.md')),
    tasks: tasksText === null ? null : parseTasks(tasksText, file(tasksName)),
    tasksReadOnly,
    attachments: entries.filter((e) => !used.has(e)).sort(),
    diagnostics,
  };
}
