import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git as rawGit, tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import { git, gitArgs, gitEnv, gitText, runGit } from './git';
import { readGitStatus } from './git-status';
import { forgetGitDir, GitDirRefused, pinRepository } from './git-dir';

/** A command that leaves a marker file when run: the proof a planted program ran. */
function plant(dir: string, name: string): { script: string; marker: string; ran: () => boolean } {
  const marker = path.join(dir, `${name}.ran`);
  const script = path.join(dir, `${name}.sh`);
  fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\ncat\n`, { mode: 0o755 });
  return { script, marker, ran: () => fs.existsSync(marker) };
}

describe('the git module', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('puts the hardening before the subcommand, and safety flags on diff and status', () => {
    const args = gitArgs(['diff', '--name-only', 'HEAD']);
    expect(args.slice(0, 2)).toEqual(['-c', 'core.fsmonitor=false']);
    expect(args).toContain(`core.hooksPath=${process.platform === 'win32' ? '\\\\.\\nul' : '/dev/null'}`);
    expect(args.slice(args.indexOf('diff'))).toEqual([
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--ignore-submodules=all',
      '--name-only',
      'HEAD',
    ]);
    expect(gitArgs(['status', '--ignore-submodules=dirty'])).not.toContain('--ignore-submodules=all');
    expect(gitArgs(['status'], { submodules: true })).not.toContain('--ignore-submodules=all');
  });

  it('passes its -c configuration to git (git config reads it back)', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    rawGit(repo, 'config', 'core.fsmonitor', '/bin/true');
    expect(await gitText(repo, ['config', 'core.fsmonitor'])).toBe('false');
    expect(await gitText(repo, ['config', 'submodule.recurse'])).toBe('false');
  });

  it('drops every inherited GIT_* variable: GIT_DIR in the parent environment is ignored', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const other = tempRepo({ 'b.txt': 'b\n' });
    process.env.GIT_DIR = path.join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    process.env.GIT_CONFIG_PARAMETERS = "'core.fsmonitor'='/bin/true'";
    expect(gitEnv().GIT_CONFIG_PARAMETERS).toBeUndefined();
    expect(await gitText(repo, ['rev-parse', '--show-toplevel'])).toBe(repo);
    expect(await gitText(repo, ['ls-files'])).toBe('a.txt');
  });

  it('runs no fsmonitor a repository config names (status, diff, add, commit)', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const payload = plant(tempDir(), 'fsmonitor');
    rawGit(repo, 'config', 'core.fsmonitor', payload.script);
    fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
    await readGitStatus(repo);
    await git(repo, ['diff', 'HEAD']);
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '-q', '-m', 'x']);
    expect(payload.ran()).toBe(false);
    // The same repository under plain git does run it: the test would catch the module letting it through.
    execFileSync('git', ['status'], { cwd: repo, stdio: 'ignore' });
    expect(payload.ran()).toBe(true);
  });

  it('runs no hooks, from .git/hooks or from a core.hooksPath the repository sets', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const hooks = tempDir();
    const payload = plant(hooks, 'hook');
    for (const name of ['pre-commit', 'post-commit', 'reference-transaction', 'post-index-change']) {
      fs.copyFileSync(payload.script, path.join(hooks, name));
      fs.copyFileSync(payload.script, path.join(repo, '.git', 'hooks', name));
    }
    fs.chmodSync(path.join(hooks, 'post-commit'), 0o755);
    rawGit(repo, 'config', 'core.hooksPath', hooks);
    fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
    await git(repo, ['commit', '-q', '-am', 'x']);
    await git(repo, ['update-ref', 'refs/heads/other', 'HEAD']);
    expect(payload.ran()).toBe(false);
  });

  it('runs no external diff or textconv driver a planted config and .gitattributes name', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const payload = plant(tempDir(), 'driver');
    rawGit(repo, 'config', 'diff.evil.textconv', payload.script);
    rawGit(repo, 'config', 'diff.evil.command', payload.script);
    rawGit(repo, 'config', 'diff.external', payload.script);
    writeFiles(repo, { '.gitattributes': '* diff=evil\n', 'a.txt': 'changed\n' });
    const out = (await git(repo, ['diff', 'HEAD'])).toString('utf8');
    expect(out).toContain('+changed');
    await git(repo, ['log', '-p', '-1']);
    expect(payload.ran()).toBe(false);
  });

  it('does not recurse into a nested repository whose config names an fsmonitor', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const payload = plant(tempDir(), 'nested');
    const nested = path.join(repo, 'vendor', 'nested');
    fs.mkdirSync(nested, { recursive: true });
    rawGit(nested, 'init', '-q');
    fs.writeFileSync(path.join(nested, 'f'), 'x\n');
    rawGit(nested, 'add', 'f');
    rawGit(nested, 'commit', '-q', '-m', 'n');
    rawGit(nested, 'config', 'core.fsmonitor', payload.script);
    rawGit(repo, 'add', 'vendor/nested'); // now a gitlink: status and diff of the superproject look inside
    fs.writeFileSync(path.join(nested, 'f'), 'dirty\n');
    await readGitStatus(repo);
    await git(repo, ['diff', 'HEAD']);
    await git(repo, ['status', '--porcelain'], { submodules: true }); // even when asked, git runs hardened there
    expect(payload.ran()).toBe(false);
    execFileSync('git', ['status'], { cwd: repo, stdio: 'ignore' });
    expect(payload.ran()).toBe(true);
  });

  it('refuses a .git file that points into the work tree, and runs nothing from that git dir', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const wt = path.join(tempDir(), 'wt');
    rawGit(repo, 'worktree', 'add', '-q', wt, '-b', 'task');
    expect(await gitText(wt, ['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('task'); // a real worktree passes
    const payload = plant(tempDir(), 'swapped');
    const evil = path.join(wt, '.evil');
    execFileSync('git', ['init', '-q', '--bare', evil]);
    rawGit(evil, 'config', 'core.fsmonitor', payload.script);
    fs.writeFileSync(path.join(wt, '.git'), `gitdir: ${evil}\n`);
    const result = await runGit(wt, ['status']).catch((e: Error) => e);
    expect(String(result)).toMatch(/inside the work tree it describes/);
    expect(result).toBeInstanceOf(GitDirRefused); // an expected failure: the CLI and the window say the sentence, no stack
    expect((result as GitDirRefused).code).toBe('git-dir-refused');
    expect(payload.ran()).toBe(false);
  });

  it("refuses a .git file repointed at another work tree's repository or another worktree's admin dir", async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const base = tempDir();
    rawGit(repo, 'worktree', 'add', '-q', path.join(base, 'one'), '-b', 'one');
    rawGit(repo, 'worktree', 'add', '-q', path.join(base, 'two'), '-b', 'two');
    const two = path.join(base, 'two');
    fs.writeFileSync(path.join(two, '.git'), `gitdir: ${path.join(repo, '.git')}\n`);
    await expect(git(two, ['add', '-A'])).rejects.toThrow(/another work tree's repository/);
    fs.writeFileSync(path.join(two, '.git'), `gitdir: ${path.join(repo, '.git', 'worktrees', 'one')}\n`);
    await expect(git(two, ['add', '-A'])).rejects.toThrow(/belongs to another work tree/);
  });

  it('git init in a folder inside a repository makes a new repository, not a re-init of the outer one', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const inner = path.join(repo, 'inner');
    fs.mkdirSync(inner);
    await git(inner, ['init', '-q']);
    expect(fs.existsSync(path.join(inner, '.git', 'HEAD'))).toBe(true);
  });

  it("runs no clean or smudge filter that an unrecorded repository's own config names (a nested git init)", async () => {
    const outer = tempRepo({ 'a.txt': 'a\n' });
    const nested = path.join(outer, 'pkg');
    fs.mkdirSync(nested);
    rawGit(nested, 'init', '-q');
    const payload = plant(tempDir(), 'filter');
    rawGit(nested, 'config', 'filter.evil.clean', payload.script);
    rawGit(nested, 'config', 'filter.evil.smudge', payload.script);
    writeFiles(nested, { '.gitattributes': '* filter=evil\n', 'data.txt': 'data\n' });
    await git(nested, ['add', '-A']);
    await git(nested, ['commit', '-q', '-m', 'x']);
    await git(nested, ['diff', 'HEAD']);
    expect(payload.ran()).toBe(false);
    expect(await gitText(nested, ['show', 'HEAD:data.txt'])).toBe('data'); // stored as written, unfiltered
    fs.writeFileSync(path.join(nested, 'new.txt'), 'new\n');
    execFileSync('git', ['add', 'new.txt'], { cwd: nested, stdio: 'ignore' }); // armed: plain git runs it
    expect(payload.ran()).toBe(true);
  });

  it('a pinned repository keeps its git dir when its .git is replaced later', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    await pinRepository(repo);
    try {
      const gitDir = path.join(repo, '.git');
      fs.renameSync(gitDir, path.join(repo, '.git-moved'));
      fs.mkdirSync(gitDir);
      fs.writeFileSync(path.join(gitDir, 'HEAD'), 'garbage\n');
      await expect(gitText(repo, ['rev-parse', '--git-dir'])).rejects.toThrow(); // the recorded dir is gone: git fails, it does not wander
      fs.rmSync(gitDir, { recursive: true });
      fs.renameSync(path.join(repo, '.git-moved'), gitDir);
      expect(await gitText(repo, ['rev-parse', '--git-dir'])).toBe(gitDir);
    } finally {
      forgetGitDir(repo);
    }
  });

  it('lists a submodule moved to another commit in status, without looking inside its work tree', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const nested = path.join(repo, 'lib');
    fs.mkdirSync(nested);
    rawGit(nested, 'init', '-q');
    fs.writeFileSync(path.join(nested, 'f'), '1\n');
    rawGit(nested, 'add', 'f');
    rawGit(nested, 'commit', '-q', '-m', 'one');
    rawGit(repo, 'add', 'lib');
    rawGit(repo, 'commit', '-q', '-m', 'gitlink');
    fs.writeFileSync(path.join(nested, 'f'), '2\n');
    rawGit(nested, 'commit', '-q', '-am', 'two');
    const payload = plant(tempDir(), 'status-gitlink');
    rawGit(nested, 'config', 'core.fsmonitor', payload.script);
    fs.writeFileSync(path.join(nested, 'f'), 'dirty\n');
    const status = await readGitStatus(repo);
    expect(status.changes.map((c) => c.path)).toEqual(['lib']);
    expect(payload.ran()).toBe(false);
  });

  it('follows a .git symlink to a git dir kept elsewhere, and refuses one that leads back into the work tree', async () => {
    const elsewhere = tempRepo({ 'a.txt': 'a\n' });
    const wt = tempDir();
    fs.symlinkSync(path.join(elsewhere, '.git'), path.join(wt, '.git'));
    fs.writeFileSync(path.join(wt, 'a.txt'), 'a\n');
    expect(await gitText(wt, ['rev-parse', '--show-toplevel'])).toBe(wt);
    const inside = tempDir();
    fs.mkdirSync(path.join(inside, 'hidden'));
    execFileSync('git', ['init', '-q', '--bare', path.join(inside, 'hidden', 'g')]);
    fs.symlinkSync(path.join(inside, 'hidden', 'g'), path.join(inside, '.git'));
    await expect(gitText(inside, ['status'])).rejects.toThrow(/into the work tree/);
  });
});
