/** Test helper: the parts of a repository's git state that the review must never change. */
import fs from 'node:fs';
import path from 'node:path';
import { git } from '../testing/temp-repo';

export interface GitStateSnapshot {
  head: string;
  branch: string;
  branches: string;
  stash: string;
  index: Buffer;
  cached: string;
}

export function gitState(repo: string): GitStateSnapshot {
  return {
    head: git(repo, 'rev-parse', 'HEAD'),
    branch: git(repo, 'symbolic-ref', '-q', 'HEAD'),
    branches: git(repo, 'for-each-ref', 'refs/heads', 'refs/tags'),
    stash: git(repo, 'stash', 'list'),
    index: fs.readFileSync(path.join(repo, '.git', 'index')),
    cached: git(repo, 'diff', '--cached'),
  };
}
