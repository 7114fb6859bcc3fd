/**
 * The one rule for where a spec's files may be, for the CLI, the window and the crew alike: a spec folder and
 * every document in it must really be inside the repository. A hostile repository can ship a symlinked spec
 * folder or a tasks.md pointing at ~/.bashrc; reading it would show the file, writing a task's status would
 * change it. Such a file is refused (a diagnostic naming it), never followed; tasks.md is rewritten through
 * confined-fs, so a folder swapped for a symlink after the check is refused too.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from '../security/confined-fs';
import { SpecError } from './spec-error';

const isInside = (real: string, root: string) =>
  real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** The repository a spec folder belongs to: the folder above `.kiro` for `.kiro/specs|plans/<name>`, else the folder itself. */
export function specRepository(dir: string): string {
  const absolute = path.resolve(dir);
  const layout = path.dirname(absolute);
  const kiro = path.dirname(layout);
  if (['specs', 'plans'].includes(path.basename(layout)) && path.basename(kiro) === '.kiro') return path.dirname(kiro);
  return absolute;
}

/** Refuses a spec folder whose real location is outside its repository (a symlinked `.kiro`, layout or spec folder). */
export async function checkSpecFolder(dir: string, repo = specRepository(dir)): Promise<void> {
  const realRepo = await fs.realpath(repo).catch(() => path.resolve(repo));
  const real = await fs.realpath(dir).catch(() => null);
  if (real !== null && !isInside(real, realRepo)) {
    throw new SpecError(
      'outside-repository',
      `${dir} leads outside the repository (to ${real}); refusing to read or write it.`,
    );
  }
}

/** Why a document entry (maybe a symlink) cannot be read as part of the spec, or null when it can. */
export async function documentProblem(file: string, repo: string): Promise<string | null> {
  const stat = await fs.lstat(file).catch(() => null);
  if (!stat?.isSymbolicLink()) return null;
  const real = await fs.realpath(file).catch(() => null);
  if (real === null) return `${path.basename(file)} is a symlink that leads nowhere; it is not read`;
  const realRepo = await fs.realpath(repo).catch(() => path.resolve(repo));
  if (!isInside(real, realRepo))
    return `${path.basename(file)} is a symlink leading outside the repository (to ${real}); it is not read`;
  if (!(await fs.stat(real)).isFile())
    return `${path.basename(file)} is a symlink to something that is not a file; it is not read`;
  return null;
}

/**
 * Rewrite a spec document (tasks.md) with `edit`, byte-faithfully: text that is not valid UTF-8 is edited as
 * latin1 so every other byte survives. Read and written through confined-fs from the repository's root.
 */
export async function editSpecFile(
  file: string,
  edit: (text: string) => string,
  repo = specRepository(path.dirname(file)),
): Promise<{ changed: boolean }> {
  await checkSpecFolder(path.dirname(file), repo);
  const problem = await documentProblem(file, repo);
  if (problem) throw new SpecError('outside-repository', `${file}: ${problem}.`);
  const realRepo = await fs.realpath(repo);
  // A symlink inside the repository is written at its target; the walk there follows nothing.
  const real = await fs.realpath(file).catch(() => path.resolve(file));
  const cfs = await ConfinedFs.create({ roots: [realRepo] });
  const bytes = await cfs.readFile(real).catch(confinedToSpecError(file));
  const utf8 = bytes.toString('utf8');
  const encoding: BufferEncoding = Buffer.from(utf8, 'utf8').equals(bytes) ? 'utf8' : 'latin1';
  const before = encoding === 'utf8' ? utf8 : bytes.toString('latin1');
  const after = edit(before);
  if (after === before) return { changed: false };
  await cfs.writeFile(real, Buffer.from(after, encoding)).catch(confinedToSpecError(file));
  return { changed: true };
}

/** A confined refusal (a symlink swapped in, a path leading out) as the spec's own one-sentence error. */
export function confinedToSpecError(file: string) {
  return (err: Error): never => {
    if (err.name === 'ConfinedFsError') throw new SpecError('outside-repository', `${file}: ${err.message}`);
    throw err;
  };
}
