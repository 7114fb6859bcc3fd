/**
 * Escape suite, filesystem writes: outside the writable roots (directly, by symlink, by .., through /proc, into
 * kernel settings), and into .git, .trellis and the Trellis home, which stay read-only. Setup: escape-fixture.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../../testing/temp-repo';
import { buildSandboxPolicy } from '../build-policy';
import { BwrapExecutor } from './bwrap-executor';
import { detection, refused, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('writes outside the writable roots are refused', () => {
    it('directly', async () => {
      refused(await run(`echo pwned > ${sb.outside}/direct.txt`), /Read-only file system/);
      refused(await run(`echo pwned >> ${sb.outside}/victim.txt`), /Read-only file system/);
      refused(await run(`rm -f ${sb.outside}/victim.txt`), /Read-only file system/);
      refused(await run(`chmod 777 ${sb.outside}/victim.txt`), /Read-only file system/);
      refused(await run('touch /etc/trellis-escape /usr/trellis-escape'), /Read-only file system/);
      expect(fs.readdirSync(sb.outside)).toEqual(['victim.txt']);
      expect(fs.readFileSync(path.join(sb.outside, 'victim.txt'), 'utf8')).toBe('original\n');
      expect(fs.existsSync('/etc/trellis-escape')).toBe(false);
    });

    it('through a symlink in the workspace, old or made inside', async () => {
      refused(await run('echo pwned > link-out/through-link.txt'), /Read-only file system/);
      refused(
        await run(`ln -s ${sb.outside} made-inside && echo pwned > made-inside/through-new-link.txt`),
        /Read-only file system/,
      );
      refused(
        await run(`ln ${sb.outside}/victim.txt hardlink`),
        /Invalid cross-device link|Read-only file system|Operation not permitted/,
      );
      expect(fs.readdirSync(sb.outside)).toEqual(['victim.txt']);
    });

    it('through ..', async () => {
      refused(await run('echo pwned > ../dotdot.txt'), /Read-only file system/);
      refused(await run(`echo pwned > ./../outside/dotdot.txt`), /Read-only file system/);
      expect(fs.readdirSync(sb.base).sort()).toEqual(['home', 'outside', 'ws']);
    });

    it('through /proc (self/root, 1/root, self/cwd)', async () => {
      refused(await run(`echo pwned > /proc/self/root${sb.outside}/proc-self.txt`), /Read-only file system/);
      refused(
        await run(`echo pwned > /proc/1/root${sb.outside}/proc-1.txt`),
        /Read-only file system|Permission denied/,
      );
      refused(await run('echo pwned > /proc/self/cwd/../proc-cwd.txt'), /Read-only file system/);
      expect(fs.readdirSync(sb.outside)).toEqual(['victim.txt']);
    });

    it('kernel settings under /proc/sys and /sys stay read-only, even to a uid 0 that is the host root', async () => {
      // Writes back the value already there, so a failure of this test changes nothing on the host.
      const hostname = os.hostname();
      refused(
        await run('cat /proc/sys/kernel/hostname > /proc/sys/kernel/hostname'),
        /Read-only file system|Permission denied/,
      );
      refused(
        await run('cat /proc/sys/kernel/core_pattern > /proc/sys/kernel/core_pattern'),
        /Read-only file system|Permission denied/,
      );
      refused(
        await run('cat /proc/sys/vm/overcommit_memory > /proc/sys/vm/overcommit_memory'),
        /Read-only file system|Permission denied/,
      );
      for (const file of [
        '/proc/sysrq-trigger',
        '/proc/sys/kernel/modprobe',
        '/proc/sys/fs/binfmt_misc/register',
        '/sys/kernel/mm/transparent_hugepage/enabled',
        '/sys/fs/cgroup',
      ]) {
        expect((await run(`test -w ${file}`)).exitCode, file).not.toBe(0);
      }
      refused(await run('touch /sys/trellis-escape'), /Read-only file system/);
      expect(os.hostname()).toBe(hostname);
    });

    it('and the refusal is explained in plain words', async () => {
      const result = await run(`echo pwned > ${sb.outside}/explained.txt`);
      expect(result.sandboxDenial).toBe(
        `The sandbox (workspace-write) refused this: writes outside ${sb.ws} and the private /tmp are blocked.`,
      );
      expect(result.output).toContain(result.sandboxDenial);
    });
  });

  describe('.git, .trellis and the Trellis home stay read-only', () => {
    it('writes into .git are refused: config, hooks, objects, removal, renaming', async () => {
      const config = fs.readFileSync(path.join(sb.ws, '.git/config'), 'utf8');
      refused(await run('git config user.name evil'), /Read-only file system|could not lock config file/);
      refused(await run('echo "[core] fsmonitor = touch /tmp/owned" >> .git/config'), /Read-only file system/);
      refused(await run('printf "#!/bin/sh\\ntouch /tmp/owned\\n" > .git/hooks/pre-commit'), /Read-only file system/);
      refused(await run('git commit -q --allow-empty -m evil'), /Read-only file system|Unable to create|unable to/i);
      refused(await run('rm -rf .git'), /Read-only file system|Device or resource busy/);
      refused(await run('mv .git moved-git'), /Device or resource busy|Read-only file system/);
      expect(fs.readFileSync(path.join(sb.ws, '.git/config'), 'utf8')).toBe(config);
      expect(fs.existsSync(path.join(sb.ws, '.git/hooks/pre-commit'))).toBe(false);
      expect(git(sb.ws, 'log', '--format=%s')).toBe('initial\n');
      const explained = await run('git config user.name evil');
      expect(explained.sandboxDenial).toBe('The sandbox (workspace-write) refused this: .git stays read-only.');
    });

    it('creating .git or .trellis where there is none is refused, and nothing is left behind', async () => {
      const plain = path.join(sb.base, 'plain');
      fs.mkdirSync(plain);
      const policy = buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: plain,
        home: sb.home,
        userHome: sb.userHome,
        tmpdir: '',
      });
      const plainExecutor = new BwrapExecutor(policy, { bwrap: (detection as { bwrap: string }).bwrap });
      const inPlain = (script: string) =>
        plainExecutor.run({ argv: ['bash', '-c', script], cwd: plain, env: sb.env, timeoutMs: 30_000 });
      refused(await inPlain('git init -q'), /Read-only file system|cannot|fatal/i);
      refused(await inPlain('mkdir -p .git/hooks'), /Read-only file system|File exists/);
      refused(await inPlain('echo "gitdir: /tmp/evil" > .git'), /Is a directory|Read-only file system/);
      refused(await inPlain('mkdir -p .trellis && echo x > .trellis/config.toml'), /Read-only file system/);
      expect((await inPlain('echo fine > ok.txt')).exitCode).toBe(0);
      expect(fs.readdirSync(plain)).toEqual(['ok.txt']);
      // Two commands at once share the placeholder: the first to finish must not remove it under the other.
      // The slow one says when it runs, then waits on a FIFO until the fast one has finished (events, not time).
      const gate = path.join(plain, 'gate');
      expect(spawnSync('mkfifo', [gate]).status).toBe(0);
      let running!: () => void;
      const started = new Promise<void>((resolve) => (running = resolve));
      const slow = plainExecutor.run({
        argv: [
          'bash',
          '-c',
          'echo started; read -r _ < gate; mkdir .git/hooks || exit 9; rmdir .git 2>/dev/null; mkdir .git && echo made',
        ],
        cwd: plain,
        env: sb.env,
        timeoutMs: 30_000,
        onOutput: (_stream, chunk) => chunk.includes('started') && running(),
      });
      await started;
      expect((await inPlain('true')).exitCode).toBe(0);
      await fs.promises.writeFile(gate, 'go\n'); // opens once the slow command reads: it goes on now
      const slowResult = await slow;
      expect(slowResult.exitCode).toBe(9);
      expect(slowResult.output).not.toContain('made');
      fs.rmSync(gate);
      expect(fs.readdirSync(plain)).toEqual(['ok.txt']);
      fs.rmSync(plain, { recursive: true });
    });
  });
});
