import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { loadAgentsDocs, type AgentsDocsOptions } from './agents-docs';

function setup(files: Record<string, string>): { home: string; repo: string } {
  const base = tempDir();
  writeFiles(base, files);
  return { home: path.join(base, 'home'), repo: path.join(base, 'repo') };
}

const load = (options: Partial<AgentsDocsOptions> & Pick<AgentsDocsOptions, 'home' | 'cwd'>) =>
  loadAgentsDocs({ maxBytes: 32768, ...options });

describe('loadAgentsDocs', () => {
  it('concatenates global, then root down to cwd, one file per folder', async () => {
    const { home, repo } = setup({
      'home/AGENTS.md': 'global\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/AGENTS.md': 'root\n',
      'repo/pkg/AGENTS.override.md': 'pkg override\n',
      'repo/pkg/AGENTS.md': 'pkg shadowed\n',
      'repo/pkg/app/README.md': 'no agents here',
      'repo/pkg/app/src/AGENTS.md': 'src\n',
      'AGENTS.md': 'above the root: never read\n',
    });
    const cwd = path.join(repo, 'pkg/app/src');
    const docs = await load({ home, cwd });
    expect(docs.text).toBe('global\n\nroot\n\npkg override\n\nsrc');
    expect(docs.files).toEqual([
      path.join(home, 'AGENTS.md'),
      path.join(repo, 'AGENTS.md'),
      path.join(repo, 'pkg/AGENTS.override.md'),
      path.join(repo, 'pkg/app/src/AGENTS.md'),
    ]);
  });

  it('prefers a non-empty global override and skips empty files', async () => {
    const { home, repo } = setup({
      'home/AGENTS.override.md': '  \n',
      'home/AGENTS.md': 'global\n',
      'repo/.git': 'gitdir: /elsewhere\n',
      'repo/AGENTS.md': '\n\n',
      'repo/sub/AGENTS.md': 'sub\n',
    });
    expect(await load({ home, cwd: path.join(repo, 'sub') })).toEqual({
      text: 'global\n\nsub',
      files: [path.join(home, 'AGENTS.md'), path.join(repo, 'sub/AGENTS.md')],
    });
    writeFiles(home, { 'AGENTS.override.md': 'override\n' });
    expect((await load({ home, cwd: repo })).text).toBe('override');
  });

  it('uses the first existing fallback name in a folder without AGENTS.md', async () => {
    const { home, repo } = setup({
      'repo/.git/HEAD': '',
      'repo/CLAUDE.md': 'claude root\n',
      'repo/TEAM.md': 'team root: second choice\n',
      'repo/a/TEAM.md': 'team a\n',
    });
    const docs = await load({ home, cwd: path.join(repo, 'a'), fallbackFilenames: ['CLAUDE.md', 'TEAM.md'] });
    expect(docs.text).toBe('claude root\n\nteam a');
  });

  it('considers only cwd when no root marker is found or markers are off', async () => {
    const { home, repo } = setup({ 'repo/AGENTS.md': 'repo\n', 'repo/x/AGENTS.md': 'x\n' });
    expect((await load({ home, cwd: path.join(repo, 'x') })).text).toBe('x');
    fs.mkdirSync(path.join(repo, '.git'));
    expect((await load({ home, cwd: path.join(repo, 'x') })).text).toBe('repo\n\nx');
    expect((await load({ home, cwd: path.join(repo, 'x'), rootMarkers: [] })).text).toBe('x');
    writeFiles(repo, { 'x/.hg/store': '' });
    expect((await load({ home, cwd: path.join(repo, 'x'), rootMarkers: ['.hg'] })).text).toBe('x');
  });

  it('cuts at maxBytes without splitting a character, with a note', async () => {
    const { home, repo } = setup({ 'repo/.git/HEAD': '', 'repo/AGENTS.md': 'aaaa\n', 'repo/b/AGENTS.md': 'ééééé\n' });
    const docs = await load({ home, cwd: path.join(repo, 'b'), maxBytes: 10 });
    // 5 bytes of the root file, then 5 of "ééééé\n" = two é (4 bytes) and half of the third, dropped.
    expect(docs.text).toBe(
      'aaaa\n\néé\n\n[AGENTS.md instructions cut at 10 bytes (project_doc_max_bytes); 7 more bytes left out]',
    );
    expect(docs.files).toHaveLength(2);
    const first = await load({ home, cwd: path.join(repo, 'b'), maxBytes: 5 });
    expect(first.files).toEqual([path.join(repo, 'AGENTS.md')]);
    expect(await load({ home, cwd: repo, maxBytes: 0 })).toEqual({ text: '', files: [] });
  });

  it('returns nothing when there are no files', async () => {
    const { home, repo } = setup({ 'repo/.git/HEAD': '' });
    expect(await load({ home, cwd: repo })).toEqual({ text: '', files: [] });
  });
});
