import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RepoShape {
  folders: number;
  filesPerFolder: number;
  modified: number;
  untracked: number;
}

export const LARGE_REPO: RepoShape = { folders: 1_000, filesPerFolder: 100, modified: 50, untracked: 20 };

const CACHE = path.join(import.meta.dirname, '..', '.cache');

/** Commits need an identity; passing it here means no global git config is needed. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'inherit'] });

const folderName = (i: number) => `folder-${String(i).padStart(4, '0')}`;
const fileName = (i: number) => `file-${String(i).padStart(3, '0')}.txt`;

/**
 * A committed repository of the given shape with some modified and untracked files,
 * generated once into bench/.cache/ and reused: generating takes longer than a run.
 */
export function ensureRepo(shape: RepoShape = LARGE_REPO): string {
  const name = `repo-${shape.folders}x${shape.filesPerFolder}-m${shape.modified}-u${shape.untracked}`;
  const dir = path.join(CACHE, name);
  // Written last, outside the repository so it is not itself an untracked file: a run cut short regenerates.
  const marker = path.join(CACHE, `${name}.complete`);
  if (fs.existsSync(marker)) return dir;

  const started = performance.now();
  console.log(`Generating ${shape.folders * shape.filesPerFolder} files in ${dir} (once; reused afterwards)…`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (let f = 0; f < shape.folders; f++) {
    const folder = path.join(dir, folderName(f));
    fs.mkdirSync(folder);
    for (let i = 0; i < shape.filesPerFolder; i++)
      fs.writeFileSync(path.join(folder, fileName(i)), `${folderName(f)}/${fileName(i)}\n`);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'generated');

  // Files written in the same clock tick as the index are "racily clean" and git re-reads them on
  // every status; refreshing the index a moment later settles them, as on any real machine.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_100);
  git(dir, 'update-index', '-q', '--refresh');

  // Spread the changes over many folders so status output is not one folder's worth.
  const stride = Math.max(1, Math.floor(shape.folders / shape.modified));
  for (let k = 0; k < shape.modified; k++) {
    fs.appendFileSync(
      path.join(dir, folderName((k * stride) % shape.folders), fileName(k % shape.filesPerFolder)),
      'changed\n',
    );
  }
  for (let k = 0; k < shape.untracked; k++) {
    fs.writeFileSync(path.join(dir, folderName((k * 37) % shape.folders), `new-${k}.txt`), 'untracked\n');
  }

  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return dir;
}
