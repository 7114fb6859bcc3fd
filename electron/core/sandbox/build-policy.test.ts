import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { git, tempDir, tempRepo } from '../testing/temp-repo';
import { buildSandboxPolicy, HOST_IPC_PATHS, isWithin, realOrResolved } from './build-policy';

function fixture() {
  const base = tempDir('trellis-policy-');
  const userHome = path.join(base, 'home');
  fs.mkdirSync(path.join(userHome, '.ssh'), { recursive: true });
  fs.writeFileSync(path.join(userHome, '.netrc'), 'machine x password y\n');
  const home = path.join(userHome, '.trellis');
  fs.mkdirSync(home);
  const repo = path.join(base, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  return { base, userHome, home, repo };
}

describe('buildSandboxPolicy', () => {
  it('workspace-write: the working folder writable, .git and .trellis read-only (even missing), network off', () => {
    const { userHome, home, repo } = fixture();
    const policy = buildSandboxPolicy({ mode: 'workspace-write', cwd: repo, home, userHome, tmpdir: '' });
    expect(policy.writableRoots).toEqual([repo]);
    expect(policy.readOnlySubpaths).toEqual([path.join(repo, '.git'), path.join(repo, '.trellis')]);
    expect(policy.network).toEqual({ mode: 'off' });
    expect(policy.tmp).toBe('private');
  });

  it('hides credential stores, the Trellis home and host IPC sockets by default', () => {
    const { userHome, home, repo } = fixture();
    const policy = buildSandboxPolicy({ mode: 'read-only', cwd: repo, home, userHome });
    for (const p of [
      '.ssh',
      '.netrc',
      '.aws',
      '.gnupg',
      '.config/gh',
      '.docker',
      '.kube',
      '.mozilla',
      '.config/google-chrome',
      '.local/share/keyrings',
      'Library/Keychains',
      'Library/Cookies',
      'Library/Application Support/Google/Chrome',
    ]) {
      expect(policy.denyRead).toContain(path.join(userHome, p));
    }
    expect(policy.denyRead).toContain(home);
    for (const p of HOST_IPC_PATHS) expect(policy.denyRead).toContain(realOrResolved(p));
    expect(policy.writableRoots).toEqual([]);
  });

  it('adds configured roots (real paths, ~ and relative resolved), skips missing ones, folds nested ones', () => {
    const { base, userHome, home, repo } = fixture();
    fs.mkdirSync(path.join(base, 'cache'));
    fs.symlinkSync(path.join(base, 'cache'), path.join(base, 'cache-link'));
    fs.mkdirSync(path.join(userHome, 'shared'));
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: repo,
      home,
      userHome,
      tmpdir: '',
      writableRoots: ['../cache-link', '~/shared', '/definitely/missing', 'sub-of-repo'],
    });
    expect(policy.writableRoots).toEqual(
      [repo, path.join(base, 'cache'), path.join(userHome, 'shared')].sort(
        (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
      ),
    );
  });

  it('makes $TMPDIR writable unless it is under /tmp or excluded', () => {
    const { userHome, home, repo } = fixture();
    const tmpdir = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-tmpdir-')); // outside /tmp, like a per-user TMPDIR
    onTestFinished(() => fs.rmSync(tmpdir, { recursive: true, force: true }));
    expect(buildSandboxPolicy({ mode: 'workspace-write', cwd: repo, home, userHome, tmpdir }).writableRoots).toContain(
      tmpdir,
    );
    expect(
      buildSandboxPolicy({ mode: 'workspace-write', cwd: repo, home, userHome, tmpdir, excludeTmpdirEnvVar: true })
        .writableRoots,
    ).not.toContain(tmpdir);
    expect(
      buildSandboxPolicy({ mode: 'workspace-write', cwd: repo, home, userHome, tmpdir: '/tmp' }).writableRoots,
    ).toEqual([repo]);
  });

  it('exclude_slash_tmp makes the private /tmp read-only', () => {
    const { userHome, home, repo } = fixture();
    expect(buildSandboxPolicy({ mode: 'workspace-write', cwd: repo, home, userHome, excludeSlashTmp: true }).tmp).toBe(
      'private-read-only',
    );
  });

  it('protects a worktree gitdir pointer, its target and the common directory', () => {
    const main = tempRepo({ 'a.txt': 'a\n' }, 'main');
    const wt = path.join(path.dirname(main), 'wt');
    git(main, 'worktree', 'add', '-q', wt);
    const { userHome, home } = fixture();
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: wt,
      home,
      userHome,
      writableRoots: [main],
      tmpdir: '',
    });
    expect(fs.statSync(path.join(wt, '.git')).isFile()).toBe(true);
    expect(policy.readOnlySubpaths).toEqual(
      expect.arrayContaining([path.join(wt, '.git'), path.join(main, '.git'), path.join(main, '.git/worktrees/wt')]),
    );
  });

  it('protects the Trellis home and shell start-up files when a root holds them', () => {
    const { userHome, home } = fixture();
    fs.writeFileSync(path.join(userHome, '.bashrc'), '# rc\n');
    const policy = buildSandboxPolicy({ mode: 'workspace-write', cwd: userHome, home, userHome, tmpdir: '' });
    expect(policy.readOnlySubpaths).toEqual(
      expect.arrayContaining([home, path.join(userHome, '.bashrc'), path.join(userHome, '.git')]),
    );
    expect(policy.readOnlySubpaths).toContain(path.join(userHome, '.zshrc')); // absent ones too: their creation is blocked
    expect(policy.denyRead).toContain(path.join(userHome, '.ssh')); // still hidden inside the writable home
  });

  it('protects missing start-up files at their topmost missing folder, whatever root holds them', () => {
    const { base, userHome, home } = fixture();
    fs.mkdirSync(path.join(userHome, '.config'));
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: userHome,
      home,
      userHome,
      accountHome: userHome,
      tmpdir: '',
    });
    for (const p of [
      '.profile',
      '.gitconfig',
      '.npmrc',
      '.config/git',
      '.config/autostart',
      '.config/systemd',
      '.local',
      '.ssh',
    ]) {
      expect(policy.readOnlySubpaths, p).toContain(path.join(userHome, p));
    }
    expect(policy.readOnlySubpaths).not.toContain(path.join(userHome, '.local/bin')); // .local covers it
    expect(policy.readOnlySubpaths).not.toContain(path.join(userHome, '.config')); // exists: only what is inside it
    // A root inside the home (not holding it) still guards the start-up files within it.
    fs.mkdirSync(path.join(userHome, '.local/share'), { recursive: true });
    const inner = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: base,
      home,
      userHome,
      accountHome: userHome,
      tmpdir: '',
      writableRoots: [path.join(userHome, '.local')],
    });
    expect(inner.readOnlySubpaths).toEqual(
      expect.arrayContaining([
        path.join(userHome, '.local/bin'),
        path.join(userHome, '.local/share/systemd'),
        path.join(userHome, '.local/share/keyrings'),
      ]),
    );
  });

  it('carries process and memory limits: the defaults, what config sets, 0 lifting one', () => {
    const { userHome, home, repo } = fixture();
    expect(buildSandboxPolicy({ mode: 'read-only', cwd: repo, home, userHome }).limits).toEqual({
      maxProcesses: 1024,
      maxMemoryMb: 2048,
    });
    expect(
      buildSandboxPolicy({ mode: 'read-only', cwd: repo, home, userHome, limits: { maxProcesses: 64, maxMemoryMb: 0 } })
        .limits,
    ).toEqual({ maxProcesses: 64, maxMemoryMb: 0 });
  });

  it('protects start-up files the environment moved out of the home (XDG_CONFIG_HOME, XDG_DATA_HOME, ZDOTDIR, GIT_CONFIG_GLOBAL)', () => {
    const { base, userHome, home, repo } = fixture();
    const startupEnv = {
      XDG_CONFIG_HOME: path.join(repo, 'cfg'),
      XDG_DATA_HOME: path.join(repo, 'data'),
      ZDOTDIR: path.join(repo, 'zsh'),
      GIT_CONFIG_GLOBAL: path.join(repo, 'gitconfig'),
      XDG_STATE_HOME: 'relative/ignored',
    };
    fs.mkdirSync(path.join(repo, 'cfg'));
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: repo,
      home,
      userHome,
      accountHome: userHome,
      tmpdir: '',
      startupEnv,
    });
    for (const p of ['cfg/git', 'cfg/autostart', 'cfg/systemd', 'data', 'zsh', 'gitconfig'])
      expect(policy.readOnlySubpaths, p).toContain(path.join(repo, p));
    expect(policy.readOnlySubpaths.some((p) => p.includes('relative'))).toBe(false);
    expect(
      buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: base,
        home,
        userHome,
        accountHome: userHome,
        tmpdir: '',
        startupEnv: {},
      }).readOnlySubpaths,
    ).not.toContain(path.join(repo, 'cfg/git'));
  });

  it("hides the machine's secrets and the account home's stores when HOME points elsewhere", () => {
    const { base, userHome, home, repo } = fixture();
    const account = path.join(base, 'account');
    fs.mkdirSync(path.join(account, '.ssh'), { recursive: true });
    const policy = buildSandboxPolicy({ mode: 'read-only', cwd: repo, home, userHome, accountHome: account });
    for (const p of [
      '/etc/shadow',
      '/etc/gshadow',
      '/etc/sudoers',
      path.join(account, '.ssh'),
      path.join(account, '.npmrc'),
      path.join(userHome, '.npmrc'),
      path.join(userHome, '.yarnrc.yml'),
      path.join(userHome, '.config/pip/pip.conf'),
      path.join(userHome, '.password-store'),
      path.join(userHome, '.bash_history'),
    ]) {
      expect(policy.denyRead, p).toContain(p);
    }
  });

  it('drops a deny entry that holds the working folder or a root the user chose', () => {
    const { userHome, home } = fixture();
    const cwd = path.join(userHome, '.ssh');
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd,
      home,
      userHome,
      tmpdir: '',
      denyRead: ['~/.netrc'],
    });
    expect(policy.denyRead).not.toContain(cwd);
    expect(policy.denyRead).toContain(path.join(userHome, '.netrc'));
  });

  it('takes user deny entries and can drop the built-in list', () => {
    const { userHome, home, repo } = fixture();
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: repo,
      home,
      userHome,
      defaultDenyRead: false,
      denyRead: ['secrets.env', '~/.config/app'],
    });
    expect(policy.denyRead).toEqual([path.join(repo, 'secrets.env'), path.join(userHome, '.config/app')]);
  });

  it('network: on, allow-hosts, or off', () => {
    const { userHome, home, repo } = fixture();
    const base = { mode: 'workspace-write' as const, cwd: repo, home, userHome };
    expect(buildSandboxPolicy({ ...base, network: true }).network).toEqual({ mode: 'on' });
    expect(buildSandboxPolicy({ ...base, allowHosts: ['a.example', 'a.example', 'b.example'] }).network).toEqual({
      mode: 'allow-hosts',
      hosts: ['a.example', 'b.example'],
    });
    expect(buildSandboxPolicy({ ...base }).network).toEqual({ mode: 'off' });
  });

  it('danger-full-access confines nothing', () => {
    const { userHome, home, repo } = fixture();
    expect(buildSandboxPolicy({ mode: 'danger-full-access', cwd: repo, home, userHome })).toEqual({
      mode: 'danger-full-access',
      writableRoots: ['/'],
      readOnlySubpaths: [],
      denyRead: [],
      network: { mode: 'on' },
    });
  });
});

describe('isWithin', () => {
  it('compares whole path components', () => {
    expect(isWithin('/a/b', '/a')).toBe(true);
    expect(isWithin('/a', '/a')).toBe(true);
    expect(isWithin('/ab', '/a')).toBe(false);
    expect(isWithin('/a/..b', '/a')).toBe(true);
    expect(isWithin('/', '/a')).toBe(false);
  });

  it('answers as path.relative does, for plain paths and for ones with ., .., // or a trailing slash', () => {
    const byRelative = (p: string, dir: string) => {
      const rel = path.relative(dir, p);
      return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel));
    };
    const paths = [
      '/',
      '/a',
      '/a/',
      '/a/b',
      '/ab',
      '/a/b/c',
      '/a/..b',
      '/a/../b',
      '/a/./b',
      '/a//b',
      '/a/b/..',
      '/a/.',
      '//a',
      'a',
      'a/b',
      '.',
      '..',
      '/tmp',
      '/tmp/x',
    ];
    for (const p of paths)
      for (const dir of paths) expect(isWithin(p, dir), `isWithin(${p}, ${dir})`).toBe(byRelative(p, dir));
  });
});
