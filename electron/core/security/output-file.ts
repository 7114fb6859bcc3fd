/**
 * Files written for the person (`trellis exec -o FILE`): the agent may have planted a symlink at that name, or
 * swapped a folder on the way, to turn the write into one on ~/.bashrc. The file is written through a temporary
 * sibling and a rename in the target's folder, so a symlink at the name is replaced (the person asked for a file
 * there; the link's target is never touched). Inside the workspace, every folder on the way is walked without
 * following symlinks, since the agent could have made them; outside it, the folder the person named is taken
 * as it resolves now.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfinedFs } from './confined-fs';

export async function writeOutputFile(
  file: string,
  data: string | Buffer,
  options: { workspace: string },
): Promise<void> {
  const target = path.resolve(file);
  const workspace = await fs.realpath(options.workspace).catch(() => path.resolve(options.workspace));
  const inWorkspace = [workspace, path.resolve(options.workspace)].some((w) => target.startsWith(w + path.sep));
  if (inWorkspace) {
    await (await ConfinedFs.create({ roots: [options.workspace] })).writeFile(target, data);
    return;
  }
  const folder = path.dirname(target);
  const real = await fs.realpath(folder).catch(() => {
    throw new Error(`the folder ${folder} does not exist.`);
  });
  // The name may still be a planted symlink: writeFile replaces it instead of following it.
  await (
    await ConfinedFs.create({ roots: [real], protectedNames: [] })
  ).writeFile(path.join(real, path.basename(target)), data);
}
