import { describe, expect, it } from 'vitest';
import { explainDenial } from './explain-denial';
import type { SandboxPolicy } from './sandbox-policy';

const policy = (over: Partial<SandboxPolicy> = {}): SandboxPolicy => ({
  mode: 'workspace-write',
  writableRoots: ['/repo'],
  readOnlySubpaths: ['/repo/.git', '/repo/.trellis'],
  denyRead: ['/home/u/.ssh', '/home/u/.aws'],
  network: { mode: 'off' },
  tmp: 'private',
  ...over,
});
const failed = (output: string, exitCode = 1) => ({ output, exitCode, signal: null });
const opts = { cwd: '/repo', userHome: '/home/u' };

describe('explainDenial', () => {
  it('explains a write outside the roots', () => {
    expect(explainDenial(failed("touch: cannot touch '/etc/x': Read-only file system"), policy(), opts)).toBe(
      'The sandbox (workspace-write) refused this: writes outside /repo and the private /tmp are blocked.',
    );
  });

  it('names the protected path when the write went there', () => {
    expect(
      explainDenial(failed('error: could not lock config file .git/config: Read-only file system'), policy(), opts),
    ).toBe('The sandbox (workspace-write) refused this: .git stays read-only.');
    expect(
      explainDenial(failed("mkdir: cannot create directory '/repo/.trellis/x': Read-only file system"), policy(), opts),
    ).toBe('The sandbox (workspace-write) refused this: .trellis stays read-only.');
  });

  it('recognises a refused write answered with EPERM or EACCES (Seatbelt) by the path it names', () => {
    const expected =
      'The sandbox (workspace-write) refused this: writes outside /repo and the private /tmp are blocked.';
    expect(explainDenial(failed("touch: cannot touch '/etc/x': Operation not permitted"), policy(), opts)).toBe(
      expected,
    );
    expect(
      explainDenial(failed("Error: EPERM: operation not permitted, open '/Users/u/Library/x'"), policy(), opts),
    ).toBe(expected);
    expect(
      explainDenial(failed("cp: cannot create regular file '../elsewhere.txt': Permission denied"), policy(), opts),
    ).toBe(expected);
    expect(
      explainDenial(failed('error: could not lock config file .git/config: Operation not permitted'), policy(), opts),
    ).toBe('The sandbox (workspace-write) refused this: .git stays read-only.');
    // Inside a root, a permission problem is the file's own, not the sandbox's.
    expect(
      explainDenial(failed("cp: cannot create regular file 'src/a.txt': Permission denied"), policy(), opts),
    ).toBeNull();
    expect(explainDenial(failed("touch: cannot touch '/repo/locked': Permission denied"), policy(), opts)).toBeNull();
  });

  it('says the whole file system is read-only in read-only mode', () => {
    expect(
      explainDenial(
        failed('cannot create out.txt: Read-only file system'),
        policy({ mode: 'read-only', writableRoots: [], readOnlySubpaths: [] }),
        opts,
      ),
    ).toBe(
      'The sandbox (read-only) refused this: the file system is read-only (only the private /tmp, which is discarded afterwards, is writable).',
    );
  });

  it('explains a hidden path, in its ~ form or absolute', () => {
    expect(explainDenial(failed('cat: /home/u/.ssh/id_rsa: Permission denied'), policy(), opts)).toBe(
      'The sandbox (workspace-write) refused this: reading ~/.ssh is blocked.',
    );
    expect(explainDenial(failed("ls: cannot open directory '~/.aws': Permission denied", 2), policy(), opts)).toBe(
      'The sandbox (workspace-write) refused this: reading ~/.aws is blocked.',
    );
  });

  it('explains refused connections and failed name resolution with the network off', () => {
    const expected = 'The sandbox (workspace-write) refused this: network access is off.';
    expect(explainDenial(failed('curl: (6) Could not resolve host: example.com', 6), policy(), opts)).toBe(expected);
    expect(explainDenial(failed('connect EPERM 127.0.0.1:80 - Local (undefined:undefined)'), policy(), opts)).toBe(
      expected,
    );
    expect(
      explainDenial(failed('socket.gaierror: [Errno -3] Temporary failure in name resolution'), policy(), opts),
    ).toBe(expected);
    expect(
      explainDenial(failed('ssh: connect to host github.com port 22: Network is unreachable', 255), policy(), opts),
    ).toBe(expected);
    const python =
      'Traceback (most recent call last):\n  File "/usr/lib/python3.11/socket.py", line 232, in __init__\n    _socket.socket.__init__(self, family, type, proto, fileno)\nPermissionError: [Errno 1] Operation not permitted';
    expect(explainDenial(failed(python), policy(), opts)).toBe(expected);
  });

  it('names the allowed hosts when the network is limited', () => {
    expect(
      explainDenial(
        failed('Could not resolve host: evil.example'),
        policy({ network: { mode: 'allow-hosts', hosts: ['registry.npmjs.org'] } }),
        opts,
      ),
    ).toBe(
      "The sandbox (workspace-write) refused this: the network is limited to registry.npmjs.org through Trellis's proxy.",
    );
  });

  it('combines reasons', () => {
    expect(
      explainDenial(
        failed("touch: cannot touch '/etc/x': Read-only file system\ncurl: (6) Could not resolve host: x"),
        policy(),
        opts,
      ),
    ).toBe(
      'The sandbox (workspace-write) refused this: writes outside /repo and the private /tmp are blocked; network access is off.',
    );
  });

  it('explains ptrace and the 32-bit kill', () => {
    expect(
      explainDenial(failed('strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted'), policy(), opts),
    ).toBe('The sandbox (workspace-write) refused this: debugging or tracing processes (ptrace) is blocked.');
    expect(explainDenial({ output: '', exitCode: 159, signal: null }, policy(), opts)).toMatch(/32-bit/);
  });

  it('says nothing for a success, an ordinary failure, or danger-full-access', () => {
    expect(explainDenial({ output: 'Read-only file system', exitCode: 0, signal: null }, policy(), opts)).toBeNull();
    expect(explainDenial(failed('FAIL src/app.test.ts: expected 1 to be 2'), policy(), opts)).toBeNull();
    expect(explainDenial(failed('cat: nothere.txt: No such file or directory'), policy(), opts)).toBeNull();
    expect(explainDenial(failed('Read-only file system'), policy({ mode: 'danger-full-access' }), opts)).toBeNull();
  });

  it('does not blame the network when it is on', () => {
    expect(
      explainDenial(
        failed('curl: (6) Could not resolve host: typo.example'),
        policy({ network: { mode: 'on' } }),
        opts,
      ),
    ).toBeNull();
  });
});
