/**
 * Escape suite, secrets and devices: secret-looking variables of the parent environment are not passed in; host
 * devices are absent from /dev and cannot be made. Setup: escape-fixture.ts.
 */
import { describe, expect, it } from 'vitest';
import { refused, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('secrets and devices', () => {
    it('secret-looking variables in the parent environment are not visible', async () => {
      const out = (await run('env')).output;
      for (const name of [
        'MY_API_KEY',
        'GITHUB_TOKEN',
        'OPENAI_API_KEY',
        'DB_PASSWORD',
        'INNOCENT_LOOKING',
        'SSH_AUTH_SOCK',
      ])
        expect(out).not.toContain(`${name}=`);
      expect(out).not.toMatch(/material|ghp_/);
      expect(out).toContain(`HOME=${sb.userHome}`);
      expect(out).toContain('TRELLIS_SANDBOX_NETWORK_DISABLED=1');
    });

    it('host devices are absent and cannot be made', async () => {
      const out = (await run('ls /dev')).output.split(/\s+/).filter(Boolean).sort();
      expect(out).toEqual(expect.arrayContaining(['null', 'zero', 'urandom', 'random', 'tty', 'full']));
      for (const dev of ['sda', 'vda', 'nvme0n1', 'mem', 'kmem', 'port', 'kmsg', 'kvm', 'fuse'])
        expect(out).not.toContain(dev);
      // /dev is the sandbox's own small tmpfs: a write there makes a plain file, never reaches a device.
      expect((await run('echo x > /dev/mem; stat -c %F /dev/mem')).output.trim()).toBe('regular file');
      refused(await run('test -c /dev/mem || test -b /dev/vda || test -b /dev/sda || test -c /dev/kmsg'), /^$/);
      refused(await run('cat /dev/vda > /dev/null'), /No such file/);
      refused(await run('mknod /tmp/sda b 8 0'), /Operation not permitted/);
      refused(await run('cat /proc/kcore > /dev/null'), /Permission denied|Operation not permitted|No such file/);
      expect((await run('echo discard > /dev/null && head -c 4 /dev/urandom | wc -c')).output.trim()).toBe('4');
    });
  });
});
