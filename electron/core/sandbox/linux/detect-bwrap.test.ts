import { describe, expect, it } from 'vitest';
import { classifyBwrapFailure, detectBwrap } from './detect-bwrap';

const none = { container: false };

describe('classifyBwrapFailure', () => {
  it("names Ubuntu's AppArmor restriction and both fixes", () => {
    const { reason, fix } = classifyBwrapFailure('bwrap: setting up uid map: Permission denied\n', {
      ...none,
      apparmorRestrictUserns: '1',
    });
    expect(reason).toMatch(
      /^user namespaces are disabled: AppArmor restricts them .*kernel\.apparmor_restrict_unprivileged_userns = 1/,
    );
    expect(fix).toContain('/etc/apparmor.d/bwrap');
    expect(fix).toContain('userns,');
    expect(fix).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
  });

  it('names the Debian sysctl and max_user_namespaces', () => {
    const msg =
      'bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.';
    expect(classifyBwrapFailure(msg, { ...none, unprivilegedUsernsClone: '0' }).fix).toContain(
      'sudo sysctl -w kernel.unprivileged_userns_clone=1',
    );
    const max = classifyBwrapFailure('bwrap: Creating new namespace failed: No space left on device', {
      ...none,
      maxUserNamespaces: '0',
    });
    expect(max.reason).toBe(
      'user namespaces are disabled (user.max_user_namespaces = 0), so bubblewrap cannot build a sandbox',
    );
    expect(max.fix).toContain('sudo sysctl -w user.max_user_namespaces=15000');
  });

  it('recognises a container, and quotes bwrap otherwise', () => {
    const container = classifyBwrapFailure('bwrap: Creating new namespace failed: Operation not permitted', {
      container: true,
    });
    expect(container.reason).toMatch(/^this container does not allow user namespaces.*Operation not permitted\)$/);
    expect(container.fix).toContain('--security-opt seccomp=unconfined');
    const other = classifyBwrapFailure('bwrap: something odd happened', none);
    expect(other.reason).toBe('bubblewrap cannot build a sandbox here (bwrap said: bwrap: something odd happened)');
  });

  it('recognises a refused seccomp filter', () => {
    expect(classifyBwrapFailure('bwrap: prctl(PR_SET_SECCOMP): Invalid argument', none).reason).toMatch(
      /refused bubblewrap's seccomp filter/,
    );
  });
});

describe.skipIf(process.platform !== 'linux')('detectBwrap on this machine', () => {
  it('answers the same, cached, object twice', async () => {
    const first = detectBwrap();
    expect(detectBwrap()).toBe(first);
    const result = await first;
    if (result.ok) expect(result.bwrap).toMatch(/^\/.*bwrap$/);
    else expect(result.reason.length).toBeGreaterThan(10);
  });
});
