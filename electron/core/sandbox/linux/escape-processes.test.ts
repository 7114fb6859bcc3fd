/**
 * Escape suite, processes and signals: host processes cannot be seen, signalled or traced; ptrace, process_vm_readv
 * and io_uring are refused; no capabilities, nested namespaces or mounts. Setup: escape-fixture.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detection, has, KILL_GRACE_MS, refused, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('host processes are out of reach', () => {
    let victim: ChildProcess;
    beforeAll(() => {
      victim = spawn('sleep', ['60'], { stdio: 'ignore' });
    });
    afterAll(() => {
      victim?.kill('SIGKILL');
    });

    it('cannot see, signal or trace a host process', async () => {
      const pid = victim.pid!;
      refused(await run(`kill -9 ${pid}`), /No such process/);
      await run('kill -9 -1; true'); // every process it can see: only the sandbox's own
      expect(
        (await run(`test -e /proc/${pid}/cmdline && cat /proc/${pid}/cmdline; ps -e -o pid= | wc -l`)).output,
      ).not.toContain('sleep');
      // Time is the subject here: a kill that got through would have ended the victim within this grace.
      await new Promise((resolve) => setTimeout(resolve, KILL_GRACE_MS));
      expect(victim.exitCode).toBeNull();
      expect(victim.signalCode).toBeNull();
      expect(() => process.kill(pid, 0)).not.toThrow();
    });

    it('ptrace, process_vm_readv and io_uring are refused even on its own processes', async () => {
      const py = (code: string) =>
        run(
          `python3 -c "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); ${code}; print(r, os.strerror(ctypes.get_errno()))"`,
        );
      expect((await py('r = libc.ptrace(0, 0, 0, 0)')).output.trim()).toBe('-1 Operation not permitted'); // PTRACE_TRACEME
      expect((await py('r = libc.syscall(425, 8, ctypes.create_string_buffer(120))')).output.trim()).toBe(
        '-1 Operation not permitted',
      ); // io_uring_setup
      expect((await py('r = libc.syscall(310, os.getppid(), 0, 0, 0, 0, 0)')).output.trim()).toBe(
        '-1 Operation not permitted',
      ); // process_vm_readv
      if (has('strace')) refused(await run('strace -f true'), /Operation not permitted/);
    });

    it('no capabilities, no new privileges, seccomp on; no nested namespaces or mounts', async () => {
      const status = (await run('grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status')).output;
      expect(status).toMatch(/CapEff:\s+0000000000000000/);
      expect(status).toMatch(/CapBnd:\s+0000000000000000/);
      expect(status).toMatch(/NoNewPrivs:\s+1/);
      expect(status).toMatch(/Seccomp:\s+2/);
      refused(await run('unshare -U -r true'), /Operation not permitted/);
      refused(await run('mount -t tmpfs none /mnt'), /Operation not permitted|permission denied|must be superuser/i);
      refused(
        await run(`${detection && detection.ok ? detection.bwrap : 'bwrap'} --ro-bind / / true`),
        /Operation not permitted|No permissions|setting up uid map|Creating new namespace/,
      );
    });
  });
});
