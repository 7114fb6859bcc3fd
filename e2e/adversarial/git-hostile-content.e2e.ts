import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from '../support/git-repo';
import { mockedHome, trellis } from '../support/exec-harness';
import { tempDir } from '../../electron/core/testing/temp-repo';
import { dropFolder } from '../support/drop-folder';
import { startTrellisServer } from '../support/trellis-server';
import { hostileWorld, type HostileWorld } from './hostile-world';

/**
 * Class 2: git runs code a subagent planted. A subagent in `trellis spec run` (sandboxed in its worktree)
 * leaves repository content that would make git run a program: an fsmonitor, hooks, a textconv or
 * external diff driver, a clean filter, in a nested repository, a submodule with a swapped gitfile, or
 * a swapped `.git` file of the worktree itself. Trellis then runs git on the worktree outside the
 * sandbox (commit, diff, merge). The program would touch a marker in the hostile world's `outside`
 * folder, which the sandboxed agent cannot write: the marker must never appear.
 */
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'subagents run sandboxed: needs Linux with a working bubblewrap');

const TASKS = '# Implementation Plan\n- [ ] 1. Do the thing\n';
const GIT = 'git -c user.name=a -c user.email=a@b';

let world: HostileWorld;
test.beforeEach(() => {
  world = hostileWorld();
});
test.afterEach(() => world.cleanup());

/** Shell that writes `.payload.sh` in the worktree: run, it touches `outside/<name>.ran`. */
function payload(name: string): string {
  return `printf '#!/bin/sh\\ntouch ${world.outside}/${name}.ran\\ncat\\n' > .payload.sh && chmod +x .payload.sh && P="$PWD/.payload.sh"`;
}

/** Run one task whose subagent runs `cmd` in its worktree; returns the run and the worktree's path. */
async function runAttack(cmd: string, files: Record<string, string> = {}) {
  return attackIn(makeRepo({ 'README.md': '# app\n', '.kiro/specs/app/tasks.md': TASKS, ...files }), cmd);
}

/** `trellis spec run` of task 1 in `repo`, whose subagent runs `cmd`; what the model was sent comes back as text. */
async function attackIn(repo: string, cmd: string) {
  const { home, model } = await mockedHome({
    turns: [
      {
        items: [
          { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `${cmd}; echo planted` }) },
        ],
      },
      { items: [{ type: 'message', text: 'Task done.' }] },
    ],
  });
  try {
    const run = await trellis(['spec', 'run', '.kiro/specs/app', '--tasks', '1'], {
      home,
      cwd: repo,
      env: { HOME: world.home },
    }).done;
    const worktree = path.join(repo, '.git', 'trellis-worktrees', 'app', '1');
    const outputs = model.requests.map((r) => JSON.stringify(r.body)).join('\n');
    return { run, repo, worktree, outputs };
  } finally {
    await model.close();
  }
}

function ran(name: string): boolean {
  return fs.existsSync(path.join(world.outside, `${name}.ran`));
}

test('a nested repository with core.fsmonitor in the worktree: Trellis commits, diffs and merges it without running the monitor', async () => {
  const cmd = [
    payload('nested-fsmonitor'),
    `mkdir -p vendor/lib && cd vendor/lib && git init -q && echo x > f && ${GIT} add f && ${GIT} commit -qm x`,
    'git config core.fsmonitor "$P" && echo dirty > f && cd ../..',
  ].join(' && ');
  const { run, worktree, outputs } = await runAttack(cmd);
  expect(outputs).toContain('planted'); // the agent's command really ran in the sandbox
  expect(fs.readFileSync(path.join(worktree, 'vendor/lib/.git/config'), 'utf8')).toContain('fsmonitor');
  expect(ran('nested-fsmonitor'), run.stderr).toBe(false);
  // Armed: plain git in the same worktree runs it (so the test would catch Trellis doing the same).
  spawnSync('git', ['status'], { cwd: worktree });
  expect(ran('nested-fsmonitor')).toBe(true);
});

test('a nested repository whose fsmonitor also names hooks and an untracked-cache: still nothing runs', async () => {
  const cmd = [
    payload('nested-hooks'),
    'mkdir -p deep/a/b && cd deep/a/b && git init -q && echo x > f',
    'git config core.fsmonitor "$P" && git config core.hooksPath "$PWD/.git/hooks"',
    'for h in pre-commit post-commit reference-transaction post-index-change post-checkout; do cp "$P" .git/hooks/$h; done',
    `${GIT} add f && cd ../../..`,
  ].join(' && ');
  const { run, outputs } = await runAttack(cmd);
  expect(outputs).toContain('planted');
  expect(ran('nested-hooks'), run.stderr).toBe(false);
});

test("a submodule whose .git file is swapped to the agent's own git dir: Trellis's diff does not enter it", async () => {
  // The repository ships a submodule gitlink; the worktree's copy is an empty folder the agent fills.
  const sub = makeRepo({ 'lib.txt': 'lib\n' });
  const repo0 = { '.gitmodules': `[submodule "sub"]\n\tpath = sub\n\turl = ${sub}\n` };
  const cmd = [
    payload('submodule-swap'),
    `mkdir -p .evil && cd .evil && git init -q && echo lib > lib.txt && ${GIT} add lib.txt && ${GIT} commit -qm x && git config core.fsmonitor "$P" && cd ..`,
    'mkdir -p sub && cp .evil/lib.txt sub/ && echo dirty >> sub/lib.txt && printf "gitdir: ../.evil/.git\\n" > sub/.git',
    'git -C .evil config core.worktree "$PWD/sub"',
  ].join(' && ');
  const { run, outputs, worktree } = await runAttackWithSubmodule(cmd, sub, repo0);
  expect(outputs).toContain('planted');
  expect(ran('submodule-swap'), run.stderr).toBe(false);
  spawnSync('git', ['status'], { cwd: worktree });
  expect(ran('submodule-swap')).toBe(true);
});

/** Like runAttack, on a repository whose `sub` is a registered submodule (a gitlink at sub's HEAD). */
async function runAttackWithSubmodule(cmd: string, sub: string, files: Record<string, string>) {
  const repo = makeRepo({ 'README.md': '# app\n', '.kiro/specs/app/tasks.md': TASKS, ...files });
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: sub }).toString().trim();
  execFileSync('git', ['update-index', '--add', '--cacheinfo', `160000,${head},sub`], { cwd: repo });
  execFileSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-qm', 'submodule'], { cwd: repo });
  return attackIn(repo, cmd);
}

/** A complete git dir of the agent's, inside the worktree, armed with every way a config can run code. */
function hostileGitDir(name: string): string {
  return [
    payload(name),
    // A clone of the worktree's own history, so git would happily use it.
    `git clone -q --bare "$PWD" .evil.git 2>/dev/null || ${GIT} init -q --bare .evil.git`,
    'git --git-dir=.evil.git config core.bare false',
    'git --git-dir=.evil.git config core.fsmonitor "$P"',
    'git --git-dir=.evil.git config core.hooksPath "$PWD/.hooks" && mkdir -p .hooks',
    'for h in pre-commit commit-msg post-commit reference-transaction post-index-change post-checkout pre-auto-gc; do cp "$P" .hooks/$h; done',
    'git --git-dir=.evil.git config filter.evil.clean "$P" && git --git-dir=.evil.git config filter.evil.smudge "$P" && git --git-dir=.evil.git config filter.evil.required true',
    'git --git-dir=.evil.git config diff.evil.textconv "$P" && git --git-dir=.evil.git config diff.evil.command "$P" && git --git-dir=.evil.git config diff.external "$P"',
    'git --git-dir=.evil.git config commit.gpgSign true && git --git-dir=.evil.git config gpg.program "$P"',
    'printf "* filter=evil diff=evil\\n" > .gitattributes && echo changed >> README.md',
  ].join(' && ');
}

test("the worktree's own .git file rewritten to the agent's git dir (fsmonitor, hooks, filters, textconv, gpg): nothing runs, nothing merges", async () => {
  const cmd = `${hostileGitDir('worktree-swap')} && printf "gitdir: $PWD/.evil.git\\n" > .git.new && mv -f .git.new .git || printf "gitdir: $PWD/.evil.git\\n" > .git`;
  const { run, repo, outputs } = await runAttack(cmd);
  expect(outputs).toContain('planted');
  expect(ran('worktree-swap'), run.stderr).toBe(false);
  // Today the sandbox binds the gitfile read-only (the swap fails with EBUSY/EROFS); git.test.ts covers the
  // module refusing a swapped gitfile for when a writable root makes it possible. Either way the person's
  // repository holds no config of the agent's.
  expect(fs.readFileSync(path.join(repo, '.git', 'config'), 'utf8')).not.toContain('payload');
});

test('the same hostile git dir reached by a relative gitdir line: nothing runs', async () => {
  const cmd = `${hostileGitDir('worktree-swap-relative')} && (printf "gitdir: .evil.git\\n" > .git.new && mv -f .git.new .git || printf "gitdir: .evil.git\\n" > .git)`;
  const { run, outputs } = await runAttack(cmd);
  expect(outputs).toContain('planted');
  expect(ran('worktree-swap-relative'), run.stderr).toBe(false);
});

test("a textconv, external diff and clean filter named by a shipped .gitattributes, with the driver in a nested repo's config: nothing runs", async () => {
  const cmd = [
    payload('attributes'),
    'mkdir -p pkg && cd pkg && git init -q && git config diff.evil.textconv "$P" && git config filter.evil.clean "$P" && git config diff.external "$P"',
    'printf "* filter=evil diff=evil\\n" > .gitattributes && echo data > data.bin && cd ..',
    'printf "* filter=evil diff=evil\\n" >> .gitattributes && echo more >> README.md',
  ].join(' && ');
  const { run, outputs } = await runAttack(cmd);
  expect(outputs).toContain('planted');
  expect(ran('attributes'), run.stderr).toBe(false);
});

/** A repository that ships a submodule gitlink at `sub` (the folder itself left empty, as after a clone). */
function repoWithSubmodule(): string {
  const sub = makeRepo({ 'lib.txt': 'lib\n' });
  const repo = makeRepo({ 'README.md': '# app\n', '.gitmodules': `[submodule "sub"]\n\tpath = sub\n\turl = ${sub}\n` });
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: sub }).toString().trim();
  execFileSync('git', ['update-index', '--add', '--cacheinfo', `160000,${head},sub`], { cwd: repo });
  execFileSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-qm', 'submodule'], { cwd: repo });
  fs.mkdirSync(path.join(repo, 'sub'), { recursive: true });
  return repo;
}

/** What an agent writes in the workspace: `sub` made a checkout of a git dir of its own, armed with an fsmonitor. */
function plantInWorkspace(repo: string, name: string, how: 'gitfile' | 'gitdir'): void {
  const script = path.join(repo, '.payload.sh');
  fs.writeFileSync(script, `#!/bin/sh\ntouch ${world.outside}/${name}.ran\n`, { mode: 0o755 });
  const evil = how === 'gitfile' ? path.join(repo, '.evil') : path.join(repo, 'sub');
  fs.mkdirSync(evil, { recursive: true });
  const g = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b', ...args], { cwd: evil });
  g('init', '-q');
  fs.writeFileSync(path.join(evil, 'lib.txt'), 'dirty\n');
  g('add', 'lib.txt');
  g('commit', '-qm', 'x');
  fs.appendFileSync(path.join(evil, 'lib.txt'), 'more\n');
  g('config', 'core.fsmonitor', script);
  if (how === 'gitfile') {
    g('config', 'core.worktree', path.join(repo, 'sub'));
    fs.copyFileSync(path.join(evil, 'lib.txt'), path.join(repo, 'sub', 'lib.txt'));
    fs.writeFileSync(path.join(repo, 'sub', '.git'), 'gitdir: ../.evil/.git\n');
  }
}

for (const how of ['gitfile', 'gitdir'] as const) {
  test(`trellis serve's git status refresh, after the workspace's submodule became ${how === 'gitfile' ? 'a gitfile to a' : 'a'} git dir of the agent's with an fsmonitor: nothing runs`, async ({
    page,
  }) => {
    const server = await startTrellisServer([], undefined, { HOME: world.home });
    try {
      const repo = repoWithSubmodule();
      await page.goto(server.url);
      await dropFolder(page, repo);
      const changes = page.getByRole('list', { name: 'Changed files' });
      await expect(page.getByLabel('Current branch')).toHaveText(/main/);
      plantInWorkspace(repo, `serve-${how}`, how);
      // A change the watcher sees: once it is listed, a status refresh ran over the planted submodule.
      fs.writeFileSync(path.join(repo, 'after-plant.txt'), 'x\n');
      await expect(changes.getByRole('listitem').filter({ hasText: 'after-plant.txt' })).toBeVisible();
      fs.writeFileSync(path.join(repo, 'after-plant-2.txt'), 'x\n');
      await expect(changes.getByRole('listitem').filter({ hasText: 'after-plant-2.txt' })).toBeVisible();
      expect(ran(`serve-${how}`)).toBe(false);
      spawnSync('git', ['status'], { cwd: repo }); // armed: plain git runs it
      expect(ran(`serve-${how}`)).toBe(true);
    } finally {
      await server.stop();
    }
  });
}

test("a window session in a folder without git: the agent's git init (at the root, or in a subfolder) with filters and an fsmonitor makes neither Trellis's status refresh nor its next checkpoint run them", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const folder = tempDir('trellis-plain-');
  fs.writeFileSync(path.join(folder, 'README.md'), '# plain folder\n');
  const arm = (dir: string) =>
    [
      `mkdir -p ${dir} && cd ${dir} && git init -q`,
      'git config filter.evil.clean "$P" && git config filter.evil.smudge "$P" && git config core.fsmonitor "$P" && git config diff.evil.textconv "$P"',
      'printf "* filter=evil diff=evil\\n" > .gitattributes && echo data > data.txt',
    ].join(' && ');
  // At the root the sandbox refuses to make .git today; in a subfolder it cannot. Both are tried.
  const cmd = `${payload('window-init')} && (${arm('.')}); (${arm('sub')}); echo planted`;
  const { home, model } = await mockedHome({
    turns: [
      { items: [{ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }) }] },
      { items: [{ type: 'message', text: 'First task done.' }] },
      { items: [{ type: 'message', text: 'Second task done.' }] },
    ],
  });
  const config = path.join(home, 'config.toml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('danger-full-access', 'workspace-write'));
  const server = await startTrellisServer([folder], home, { HOME: world.home });
  try {
    await page.goto(server.url);
    await expect(page.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
    await page.getByLabel('Prompt').fill('Set things up');
    await page.getByRole('button', { name: 'Send' }).click();
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript.getByText('First task done.')).toBeVisible({ timeout: 30_000 });
    expect(fs.readFileSync(path.join(folder, 'sub', '.git', 'config'), 'utf8')).toContain('fsmonitor'); // planted
    // The next turn starts with a checkpoint of the working folder (git add -A in a private index), and the
    // workspace has seen the new folders meanwhile.
    await expect(page.getByRole('treeitem', { name: 'sub' })).toBeVisible();
    await page.getByLabel('Prompt').fill('Carry on');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(transcript.getByText('Second task done.')).toBeVisible({ timeout: 30_000 });
    expect(ran('window-init')).toBe(false);
    fs.writeFileSync(path.join(folder, 'sub', 'new.txt'), 'x\n');
    spawnSync('git', ['add', 'new.txt'], { cwd: path.join(folder, 'sub') }); // armed: plain git runs it
    expect(ran('window-init')).toBe(true);
  } finally {
    await server.stop();
    await model.close();
  }
});
