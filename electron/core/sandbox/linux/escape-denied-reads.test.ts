/**
 * Escape suite, denied reads and host IPC: ~/.ssh, ~/.aws, ~/.netrc, the Trellis home and a --deny-read file stay
 * hidden; sockets under /run and Unix sockets anywhere on disk are unreachable. Setup: escape-fixture.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSandboxPolicy } from '../build-policy';
import { BwrapExecutor } from './bwrap-executor';
import { detection, refused, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('denied paths cannot be read', () => {
    it('~/.ssh, ~/.aws, ~/.netrc, the Trellis home, a --deny-read file in the workspace', async () => {
      for (const script of [
        'cat ~/.ssh/id_rsa',
        'ls -la ~/.ssh',
        'cat ~/.aws/credentials',
        `cat ${sb.home}/secrets.json`,
        'cat .env',
        'cat ~/.netrc; grep -r material ~ 2>&1',
      ]) {
        const result = await run(script);
        expect(result.output, script).not.toMatch(/material/);
      }
      refused(await run('cat ~/.ssh/id_rsa'), /Permission denied/);
      refused(await run('cat ~/.netrc'), /Permission denied/);
      refused(await run('cat .env'), /Permission denied/);
      refused(await run('echo DB_PASSWORD=changed > .env'), /Permission denied|Read-only file system/);
      expect(fs.readFileSync(path.join(sb.ws, '.env'), 'utf8')).toBe('DB_PASSWORD=dotenv-secret-material\n');
      expect((await run('cat .env')).sandboxDenial).toBe(
        'The sandbox (workspace-write) refused this: reading .env is blocked.',
      );
      expect((await run('cat ~/.ssh/id_rsa')).sandboxDenial).toBe(
        'The sandbox (workspace-write) refused this: reading ~/.ssh is blocked.',
      );
      expect((await run('cp ~/.ssh/id_rsa stolen')).exitCode).not.toBe(0);
      expect(fs.existsSync(path.join(sb.ws, 'stolen'))).toBe(false);
    });

    it('stays hidden when the host /tmp, where the mask files live, is itself a writable root', async () => {
      const policy = buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: sb.ws,
        home: sb.home,
        userHome: sb.userHome,
        writableRoots: [os.tmpdir()],
        tmpdir: '',
      });
      const wide = new BwrapExecutor(policy, { bwrap: (detection as { bwrap: string }).bwrap, userHome: sb.userHome });
      expect(wide.plan({ argv: ['true'], cwd: sb.ws, env: sb.env }).args.join(' ')).not.toContain('trellis-sandbox-');
      const result = await wide.run({
        argv: ['bash', '-c', 'cat ~/.ssh/id_rsa; ls ~/.ssh; cat ~/.netrc'],
        cwd: sb.ws,
        env: sb.env,
        timeoutMs: 30_000,
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.output).not.toMatch(/material|id_rsa\n/);
    });

    it('writes to a hidden path are refused too', async () => {
      refused(await run('echo evil >> ~/.ssh/authorized_keys'), /Permission denied|Read-only file system/);
      expect(fs.existsSync(path.join(sb.userHome, '.ssh/authorized_keys'))).toBe(false);
    });

    it('host IPC sockets under /run (system bus, systemd, container engines) are hidden', async () => {
      refused(await run('ls /run/dbus /run/systemd'), /Permission denied|No such file/);
      refused(await run('ls /run'), /Permission denied/);
      refused(
        await run(`python3 -c "import socket; socket.socket(socket.AF_UNIX).connect('/run/dbus/system_bus_socket')"`),
        /No such file|Permission denied|Operation not permitted/,
      );
    });

    it('a Unix socket listening anywhere on disk is unreachable: stream by connect, datagram by sendto', async () => {
      const streamPath = path.join(sb.outside, 'daemon.sock');
      const dgramPath = path.join(sb.outside, 'daemon.dgram');
      let reached = 0;
      const server = net.createServer((c) => {
        reached++;
        c.end('hello from a host daemon\n');
      });
      await new Promise<void>((resolve) => server.listen(streamPath, resolve));
      const receiver = spawn(
        'python3',
        [
          '-c',
          `import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind('${dgramPath}'); print('ready', flush=True); s.recv(99); print('got', flush=True)`,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let received = '';
      receiver.stdout!.on('data', (d) => (received += d));
      try {
        refused(
          await run(
            `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.connect('${streamPath}'); print(s.recv(99))"`,
          ),
          /Operation not permitted/,
        );
        refused(
          await run(
            `node -e "require('net').connect('${streamPath}').on('data', d => process.stdout.write(d)).on('error', e => { console.error(e.message); process.exit(1) })"`,
          ),
          /EPERM/,
        );
        refused(
          await run(
            `python3 -c "import socket; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'x', '${dgramPath}')"`,
          ),
          /Operation not permitted/,
        );
        refused(
          await run(
            `python3 -c "import socket; a,b=socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM); a.sendto(b'x', '${dgramPath}')"`,
          ),
          /Operation not permitted/,
        );
        expect(reached).toBe(0);
        expect(received).not.toContain('got');
      } finally {
        server.close();
        receiver.kill('SIGKILL');
      }
    });
  });
});
