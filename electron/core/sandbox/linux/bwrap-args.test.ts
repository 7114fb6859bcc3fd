import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../sandbox-policy';
import { bwrapArgs, type PathKind } from './bwrap-args';

const policy = (over: Partial<SandboxPolicy> = {}): SandboxPolicy => ({
  mode: 'workspace-write',
  writableRoots: ['/repo'],
  readOnlySubpaths: ['/repo/.git', '/repo/.trellis'],
  denyRead: ['/home/u/.ssh', '/home/u/.netrc', '/home/u/.aws', '/home/u/.trellis'],
  network: { mode: 'off' },
  ...over,
});

/** A host where these paths exist; everything else is missing. */
const host = (entries: Record<string, PathKind>) => (p: string) => entries[p] ?? 'missing';
const HOST = host({
  '/repo': 'dir',
  '/repo/.git': 'dir',
  '/home/u/.ssh': 'dir',
  '/home/u/.netrc': 'file',
  '/home/u/.trellis': 'dir',
  '/proc/sys': 'dir',
  '/proc/sysrq-trigger': 'file',
});

/** The args as `--flag operand…` lines, so order reads at a glance. */
function lines(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.startsWith('--') && out.at(-1) !== '--') out.push(a);
    else out[out.length - 1] += ` ${a}`;
  }
  return out;
}

describe('bwrapArgs', () => {
  it('builds the workspace-write command line in mount order', () => {
    const { args, placeholders } = bwrapArgs({
      policy: policy(),
      cwd: '/repo',
      argv: ['git', 'status'],
      probe: HOST,
      seccompFd: 3,
      perms: true,
    });
    expect(lines(args)).toEqual([
      '--unshare-user',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-net',
      '--die-with-parent',
      '--new-session',
      '--cap-drop ALL',
      '--ro-bind / /',
      '--tmpfs /tmp',
      '--bind /repo /repo',
      '--dev /dev',
      '--proc /proc',
      '--ro-bind /proc/sys /proc/sys',
      '--ro-bind /proc/sysrq-trigger /proc/sysrq-trigger',
      '--ro-bind /repo/.git /repo/.git',
      '--tmpfs /repo/.trellis',
      '--remount-ro /repo/.trellis',
      '--perms 0000',
      '--tmpfs /home/u/.ssh',
      '--ro-bind /dev/null /home/u/.netrc',
      '--perms 0000',
      '--tmpfs /home/u/.trellis',
      '--remount-ro /home/u/.ssh',
      '--remount-ro /home/u/.trellis',
      '--chdir /repo',
      '--seccomp 3',
      '-- git status',
    ]);
    expect(placeholders).toEqual(['/repo/.trellis']);
  });

  it('keeps the host network when the network is on', () => {
    const { args } = bwrapArgs({
      policy: policy({ network: { mode: 'on' } }),
      cwd: '/repo',
      argv: ['true'],
      probe: HOST,
    });
    expect(args).not.toContain('--unshare-net');
    expect(args).not.toContain('--seccomp');
    expect(args).toContain('--unshare-user');
  });

  it('unshares the network for allow-hosts: only the proxy gets out', () => {
    const { args } = bwrapArgs({
      policy: policy({ network: { mode: 'allow-hosts', hosts: ['example.com'] } }),
      cwd: '/repo',
      argv: ['true'],
      probe: HOST,
    });
    expect(args).toContain('--unshare-net');
  });

  it('read-only mode binds nothing writable, and /tmp stays private', () => {
    const { args, placeholders } = bwrapArgs({
      policy: policy({ mode: 'read-only', writableRoots: [], readOnlySubpaths: [] }),
      cwd: '/repo',
      argv: ['ls'],
      probe: HOST,
    });
    expect(args).not.toContain('--bind');
    expect(lines(args)).toContain('--tmpfs /tmp');
    expect(placeholders).toEqual([]);
  });

  it('makes the private /tmp read-only for exclude_slash_tmp, after the roots inside it are bound', () => {
    const probe = host({ '/tmp/ws': 'dir' });
    const { args } = bwrapArgs({
      policy: policy({ writableRoots: ['/tmp/ws'], readOnlySubpaths: [], denyRead: [], tmp: 'private-read-only' }),
      cwd: '/tmp/ws',
      argv: ['true'],
      probe,
    });
    const l = lines(args);
    expect(l.indexOf('--tmpfs /tmp')).toBeLessThan(l.indexOf('--bind /tmp/ws /tmp/ws'));
    expect(l.indexOf('--bind /tmp/ws /tmp/ws')).toBeLessThan(l.indexOf('--remount-ro /tmp'));
  });

  it("shows a spawned server's own program under /tmp read-only, and nothing else of the host's /tmp", () => {
    const probe = host({ '/repo': 'dir', '/tmp/tools': 'dir', '/tmp/other': 'dir' });
    const { args } = bwrapArgs({
      policy: policy(),
      cwd: '/repo',
      argv: ['node', '/tmp/tools/node_modules/server/index.js'],
      probe,
      readable: ['/tmp/tools/node_modules/server/index.js'],
    });
    const l = lines(args);
    expect(l.indexOf('--tmpfs /tmp')).toBeLessThan(l.indexOf('--ro-bind /tmp/tools /tmp/tools'));
    expect(l.filter((x) => x.includes('/tmp/other'))).toEqual([]);
    expect(l.filter((x) => x.startsWith('--bind /tmp'))).toEqual([]);
  });

  it('creates $TMPDIR inside the private /tmp', () => {
    const { args } = bwrapArgs({
      policy: policy(),
      cwd: '/repo',
      argv: ['true'],
      probe: HOST,
      tmpdir: '/tmp/user/1000',
    });
    expect(lines(args)).toContain('--dir /tmp/user/1000');
  });

  it('skips what is missing or invisible: absent deny entries, paths in the private /tmp, nested entries', () => {
    const probe = host({ '/repo': 'dir', '/tmp/th': 'dir', '/run/user': 'dir', '/run/user/0/bus': 'file' });
    const { args } = bwrapArgs({
      policy: policy({
        readOnlySubpaths: [],
        denyRead: ['/home/u/.aws', '/tmp/th', '/run/user', '/run/user/0/bus', '/proc/kcore', '/dev/sda'],
      }),
      cwd: '/repo',
      argv: ['true'],
      probe,
      perms: true,
    });
    const l = lines(args);
    expect(l.filter((x) => x.includes('/home/u/.aws') || x.includes('/tmp/th') || x.includes('/run/user/0'))).toEqual(
      [],
    );
    expect(l).toContain('--tmpfs /run/user');
    expect(l).not.toContain('--ro-bind /dev/null /proc/kcore');
  });

  it('does not make a placeholder where the parent is not writable or the path is hidden', () => {
    const probe = host({ '/repo': 'dir', '/home/u/.trellis': 'dir' });
    const { placeholders, args } = bwrapArgs({
      policy: policy({
        readOnlySubpaths: ['/repo/.git', '/elsewhere/.git', '/home/u/.trellis/x'],
        denyRead: ['/home/u/.trellis'],
      }),
      cwd: '/repo',
      argv: ['true'],
      probe,
    });
    expect(placeholders).toEqual(['/repo/.git']);
    expect(args.join(' ')).not.toContain('/elsewhere');
    expect(args.join(' ')).not.toContain('/home/u/.trellis/x');
  });

  it('a missing start-up file gets an empty read-only file, a missing .git a folder; folders holding protected paths are pinned', () => {
    const probe = host({ '/h': 'dir', '/h/.config': 'dir', '/h/.config/gh': 'dir' });
    const { args, placeholders } = bwrapArgs({
      policy: policy({
        writableRoots: ['/h'],
        readOnlySubpaths: ['/h/.git', '/h/.profile', '/h/.config/git'],
        denyRead: ['/h/.config/gh'],
      }),
      cwd: '/h',
      argv: ['true'],
      probe,
      emptyDir: '/s/empty-dir',
      emptyFile: '/s/empty-file',
    });
    const l = lines(args);
    expect(placeholders).toEqual(['/h/.git', '/h/.profile', '/h/.config/git']);
    expect(l).toEqual(
      expect.arrayContaining([
        '--ro-bind /s/empty-dir /h/.git',
        '--ro-bind /s/empty-file /h/.profile',
        '--ro-bind /s/empty-file /h/.config/git',
      ]),
    );
    // .config is bound onto itself (a mount point cannot be renamed away with .config/git in it), before what is inside it.
    expect(l.indexOf('--bind /h/.config /h/.config')).toBeGreaterThan(l.indexOf('--bind /h /h'));
    expect(l.indexOf('--bind /h/.config /h/.config')).toBeLessThan(l.indexOf('--ro-bind /s/empty-file /h/.config/git'));
  });

  it('binds prepared empty files and folders where it can: one mount per hidden path or placeholder', () => {
    const { args } = bwrapArgs({
      policy: policy(),
      cwd: '/repo',
      argv: ['true'],
      probe: HOST,
      perms: true,
      deniedFile: '/s/denied-file',
      deniedDir: '/s/denied-dir',
      emptyDir: '/s/empty-dir',
    });
    const l = lines(args);
    expect(l.slice(l.indexOf('--ro-bind /repo/.git /repo/.git'), l.indexOf('--chdir /repo'))).toEqual([
      '--ro-bind /repo/.git /repo/.git',
      '--ro-bind /s/empty-dir /repo/.trellis',
      '--ro-bind /s/denied-dir /home/u/.ssh',
      '--ro-bind /s/denied-file /home/u/.netrc',
      '--ro-bind /s/denied-dir /home/u/.trellis',
    ]);
  });

  it('without --perms support hides folders with a plain read-only tmpfs', () => {
    const { args } = bwrapArgs({ policy: policy(), cwd: '/repo', argv: ['true'], probe: HOST, perms: false });
    expect(args).not.toContain('--perms');
    expect(lines(args)).toContain('--tmpfs /home/u/.ssh');
  });

  it('shows a file inside a hidden folder again, read-only, when asked (resolv.conf under /run/systemd)', () => {
    const probe = host({ '/repo': 'dir', '/run/systemd': 'dir', '/run/systemd/resolve/stub-resolv.conf': 'file' });
    const { args } = bwrapArgs({
      policy: policy({ readOnlySubpaths: [], denyRead: ['/run/systemd'], network: { mode: 'on' } }),
      cwd: '/repo',
      argv: ['true'],
      probe,
      perms: true,
      reexpose: ['/run/systemd/resolve/stub-resolv.conf'],
    });
    expect(lines(args).slice(-6, -1)).toEqual([
      '--perms 0111',
      '--tmpfs /run/systemd',
      '--ro-bind /run/systemd/resolve/stub-resolv.conf /run/systemd/resolve/stub-resolv.conf',
      '--remount-ro /run/systemd',
      '--chdir /repo',
    ]);
  });

  it('makes symlinks inside a hidden folder again (NixOS /run/current-system)', () => {
    const probe = host({ '/repo': 'dir', '/run': 'dir' });
    const { args } = bwrapArgs({
      policy: policy({ readOnlySubpaths: [], denyRead: ['/run'] }),
      cwd: '/repo',
      argv: ['true'],
      probe,
      perms: true,
      links: [
        { path: '/run/current-system', target: '/nix/store/abc-system' },
        { path: '/elsewhere/link', target: '/x' },
      ],
    });
    expect(lines(args).slice(-6, -2)).toEqual([
      '--perms 0111',
      '--tmpfs /run',
      '--symlink /nix/store/abc-system /run/current-system',
      '--remount-ro /run',
    ]);
  });

  it('keeps the command verbatim after --', () => {
    const { args } = bwrapArgs({ policy: policy(), cwd: '/repo', argv: ['sh', '-c', 'echo --bind / /'], probe: HOST });
    expect(args.slice(args.indexOf('--'))).toEqual(['--', 'sh', '-c', 'echo --bind / /']);
  });

  it('refuses danger-full-access: that mode runs without bubblewrap', () => {
    expect(() =>
      bwrapArgs({ policy: policy({ mode: 'danger-full-access' }), cwd: '/', argv: ['true'], probe: HOST }),
    ).toThrow(/without bubblewrap/);
  });
});

describe('bwrapArgs with the working folder in /tmp', () => {
  it('shows the top folder holding it read-only inside the private /tmp, then binds the root writable', () => {
    const probe = host({
      '/tmp/t1': 'dir',
      '/tmp/t1/repo': 'dir',
      '/tmp/t1/repo/sub': 'dir',
      '/tmp/t1/repo/.git': 'dir',
    });
    const { args } = bwrapArgs({
      policy: policy({
        writableRoots: ['/tmp/t1/repo/sub'],
        readOnlySubpaths: ['/tmp/t1/repo/sub/.git'],
        denyRead: ['/tmp/t1/home/.ssh'],
      }),
      cwd: '/tmp/t1/repo/sub',
      argv: ['git', 'status'],
      probe,
    });
    const l = lines(args);
    expect(l.slice(l.indexOf('--tmpfs /tmp'), l.indexOf('--dev /dev'))).toEqual([
      '--tmpfs /tmp',
      '--ro-bind /tmp/t1 /tmp/t1',
      '--bind /tmp/t1/repo/sub /tmp/t1/repo/sub',
    ]);
    expect(l).toContain('--tmpfs /tmp/t1/repo/sub/.git');
  });

  it('in read-only mode shows the working folder read-only', () => {
    const probe = host({ '/tmp/t2': 'dir' });
    const { args } = bwrapArgs({
      policy: policy({ mode: 'read-only', writableRoots: [], readOnlySubpaths: [], denyRead: [] }),
      cwd: '/tmp/t2',
      argv: ['ls'],
      probe,
    });
    expect(lines(args)).toContain('--ro-bind /tmp/t2 /tmp/t2');
    expect(args).not.toContain('--bind');
  });
});
