/**
 * The escape suite: real commands under bubblewrap + seccomp in
 * workspace-write mode, each trying one way out, each checked both by the
 * command's failure and by looking at the host afterwards. Then the ordinary
 * work a coding agent does, which must still succeed inside.
 *
 * Everything lives under a fresh /var/tmp folder (a workspace, a folder
 * outside it, a fake user home with credentials, a Trellis home), so no real
 * credentials are read and /tmp's private mount does not hide the targets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../../testing/temp-repo';
import { waitForItem } from '../../testing/wait-for-item';
import { buildSandboxPolicy } from '../build-policy';
import type { ExecResult } from '../executor';
import { BwrapExecutor } from './bwrap-executor';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
if (skipReason) console.warn(`escape suite skipped: ${skipReason}`);
/** How long a host process is given to die of a signal that reached it, when checking that none did. */
const KILL_GRACE_MS = 100;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe.skipIf(!!skipReason)(`bubblewrap escape suite${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let base: string;
  let ws: string;
  let outside: string;
  let userHome: string;
  let home: string;
  let executor: BwrapExecutor;
  let env: Record<string, string>;

  const run = (script: string, cwd = ws, extraEnv: Record<string, string> = {}): Promise<ExecResult> =>
    executor.run({ argv: ['bash', '-c', script], cwd, env: { ...env, ...extraEnv }, timeoutMs: 30_000 });

  /** The command failed, the host shows no trace of it, and the output said why. */
  function refused(result: ExecResult, why: RegExp) {
    expect(result.exitCode, result.output).not.toBe(0);
    expect(result.output).toMatch(why);
  }

  beforeAll(() => {
    base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-escape-'));
    ws = path.join(base, 'ws');
    outside = path.join(base, 'outside');
    userHome = path.join(base, 'home');
    home = path.join(userHome, '.trellis');
    for (const dir of [ws, outside, path.join(userHome, '.ssh'), path.join(userHome, '.aws'), home])
      fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(userHome, '.ssh/id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n');
    fs.writeFileSync(
      path.join(userHome, '.aws/credentials'),
      '[default]\naws_secret_access_key = aws-secret-material\n',
    );
    fs.writeFileSync(path.join(userHome, '.netrc'), 'machine example.com login u password netrc-secret-material\n');
    fs.writeFileSync(path.join(home, 'secrets.json'), '{"OPENAI_API_KEY":"trellis-secret-material"}\n');
    fs.writeFileSync(path.join(outside, 'victim.txt'), 'original\n');
    git(ws, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(ws, 'a.txt'), 'one\n');
    fs.writeFileSync(path.join(ws, '.env'), 'DB_PASSWORD=dotenv-secret-material\n');
    git(ws, 'add', 'a.txt');
    git(ws, 'commit', '-q', '-m', 'initial');
    fs.symlinkSync(outside, path.join(ws, 'link-out'));

    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: ws,
      home,
      userHome,
      denyRead: ['.env'],
      tmpdir: '',
    });
    if (!detection?.ok) throw new Error('unreachable');
    executor = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms, userHome });
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: userHome,
      LANG: 'C.UTF-8',
      MY_API_KEY: 'api-key-material',
      GITHUB_TOKEN: 'token-material',
      OPENAI_API_KEY: 'sk-openai-material-0123456789abcdef',
      DB_PASSWORD: 'password-material',
      INNOCENT_LOOKING: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
    };
  });

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  describe('writes outside the writable roots are refused', () => {
    it('directly', async () => {
      refused(await run(`echo pwned > ${outside}/direct.txt`), /Read-only file system/);
      refused(await run(`echo pwned >> ${outside}/victim.txt`), /Read-only file system/);
      refused(await run(`rm -f ${outside}/victim.txt`), /Read-only file system/);
      refused(await run(`chmod 777 ${outside}/victim.txt`), /Read-only file system/);
      refused(await run('touch /etc/trellis-escape /usr/trellis-escape'), /Read-only file system/);
      expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
      expect(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('original\n');
      expect(fs.existsSync('/etc/trellis-escape')).toBe(false);
    });

    it('through a symlink in the workspace, old or made inside', async () => {
      refused(await run('echo pwned > link-out/through-link.txt'), /Read-only file system/);
      refused(
        await run(`ln -s ${outside} made-inside && echo pwned > made-inside/through-new-link.txt`),
        /Read-only file system/,
      );
      refused(
        await run(`ln ${outside}/victim.txt hardlink`),
        /Invalid cross-device link|Read-only file system|Operation not permitted/,
      );
      expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
    });

    it('through ..', async () => {
      refused(await run('echo pwned > ../dotdot.txt'), /Read-only file system/);
      refused(await run(`echo pwned > ./../outside/dotdot.txt`), /Read-only file system/);
      expect(fs.readdirSync(base).sort()).toEqual(['home', 'outside', 'ws']);
    });

    it('through /proc (self/root, 1/root, self/cwd)', async () => {
      refused(await run(`echo pwned > /proc/self/root${outside}/proc-self.txt`), /Read-only file system/);
      refused(await run(`echo pwned > /proc/1/root${outside}/proc-1.txt`), /Read-only file system|Permission denied/);
      refused(await run('echo pwned > /proc/self/cwd/../proc-cwd.txt'), /Read-only file system/);
      expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
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
      const result = await run(`echo pwned > ${outside}/explained.txt`);
      expect(result.sandboxDenial).toBe(
        `The sandbox (workspace-write) refused this: writes outside ${ws} and the private /tmp are blocked.`,
      );
      expect(result.output).toContain(result.sandboxDenial);
    });
  });

  describe('.git, .trellis and the Trellis home stay read-only', () => {
    it('writes into .git are refused: config, hooks, objects, removal, renaming', async () => {
      const config = fs.readFileSync(path.join(ws, '.git/config'), 'utf8');
      refused(await run('git config user.name evil'), /Read-only file system|could not lock config file/);
      refused(await run('echo "[core] fsmonitor = touch /tmp/owned" >> .git/config'), /Read-only file system/);
      refused(await run('printf "#!/bin/sh\\ntouch /tmp/owned\\n" > .git/hooks/pre-commit'), /Read-only file system/);
      refused(await run('git commit -q --allow-empty -m evil'), /Read-only file system|Unable to create|unable to/i);
      refused(await run('rm -rf .git'), /Read-only file system|Device or resource busy/);
      refused(await run('mv .git moved-git'), /Device or resource busy|Read-only file system/);
      expect(fs.readFileSync(path.join(ws, '.git/config'), 'utf8')).toBe(config);
      expect(fs.existsSync(path.join(ws, '.git/hooks/pre-commit'))).toBe(false);
      expect(git(ws, 'log', '--format=%s')).toBe('initial\n');
      const explained = await run('git config user.name evil');
      expect(explained.sandboxDenial).toBe('The sandbox (workspace-write) refused this: .git stays read-only.');
    });

    it('creating .git or .trellis where there is none is refused, and nothing is left behind', async () => {
      const plain = path.join(base, 'plain');
      fs.mkdirSync(plain);
      const policy = buildSandboxPolicy({ mode: 'workspace-write', cwd: plain, home, userHome, tmpdir: '' });
      const plainExecutor = new BwrapExecutor(policy, { bwrap: (detection as { bwrap: string }).bwrap });
      const inPlain = (script: string) =>
        plainExecutor.run({ argv: ['bash', '-c', script], cwd: plain, env, timeoutMs: 30_000 });
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
        env,
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

  describe('denied paths cannot be read', () => {
    it('~/.ssh, ~/.aws, ~/.netrc, the Trellis home, a --deny-read file in the workspace', async () => {
      for (const script of [
        'cat ~/.ssh/id_rsa',
        'ls -la ~/.ssh',
        'cat ~/.aws/credentials',
        `cat ${home}/secrets.json`,
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
      expect(fs.readFileSync(path.join(ws, '.env'), 'utf8')).toBe('DB_PASSWORD=dotenv-secret-material\n');
      expect((await run('cat .env')).sandboxDenial).toBe(
        'The sandbox (workspace-write) refused this: reading .env is blocked.',
      );
      expect((await run('cat ~/.ssh/id_rsa')).sandboxDenial).toBe(
        'The sandbox (workspace-write) refused this: reading ~/.ssh is blocked.',
      );
      expect((await run('cp ~/.ssh/id_rsa stolen')).exitCode).not.toBe(0);
      expect(fs.existsSync(path.join(ws, 'stolen'))).toBe(false);
    });

    it('stays hidden when the host /tmp, where the mask files live, is itself a writable root', async () => {
      const policy = buildSandboxPolicy({
        mode: 'workspace-write',
        cwd: ws,
        home,
        userHome,
        writableRoots: [os.tmpdir()],
        tmpdir: '',
      });
      const wide = new BwrapExecutor(policy, { bwrap: (detection as { bwrap: string }).bwrap, userHome });
      expect(wide.plan({ argv: ['true'], cwd: ws, env }).args.join(' ')).not.toContain('trellis-sandbox-');
      const result = await wide.run({
        argv: ['bash', '-c', 'cat ~/.ssh/id_rsa; ls ~/.ssh; cat ~/.netrc'],
        cwd: ws,
        env,
        timeoutMs: 30_000,
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.output).not.toMatch(/material|id_rsa\n/);
    });

    it('writes to a hidden path are refused too', async () => {
      refused(await run('echo evil >> ~/.ssh/authorized_keys'), /Permission denied|Read-only file system/);
      expect(fs.existsSync(path.join(userHome, '.ssh/authorized_keys'))).toBe(false);
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
      const streamPath = path.join(outside, 'daemon.sock');
      const dgramPath = path.join(outside, 'daemon.dgram');
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

  describe('the network is off', () => {
    let tcp: net.Server;
    let udp: dgram.Socket;
    let tcpPort: number;
    let udpPort: number;
    let tcpConnections = 0;
    const udpMessages: string[] = [];

    beforeAll(async () => {
      tcp = net.createServer((socket) => {
        tcpConnections++;
        socket.end('hello from the host\n');
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      tcpPort = (tcp.address() as net.AddressInfo).port;
      udp = dgram.createSocket('udp4');
      udp.on('message', (message) => udpMessages.push(message.toString()));
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      udpPort = udp.address().port;
    });

    afterAll(() => {
      tcp?.close();
      udp?.close();
    });

    it('TCP to a listener on the host loopback: node, bash /dev/tcp, python, curl', async () => {
      refused(
        await run(
          `node -e "require('net').connect(${tcpPort}, '127.0.0.1').on('data', d => process.stdout.write(d)).on('error', e => { console.error(e.message); process.exit(1) })"`,
        ),
        /EPERM/,
      );
      refused(
        await run(`echo hi > /dev/tcp/127.0.0.1/${tcpPort}`),
        /Operation not permitted|Network is unreachable|Connection refused/,
      );
      refused(
        await run(
          `python3 -c "import socket; s = socket.create_connection(('127.0.0.1', ${tcpPort})); print(s.recv(100))"`,
        ),
        /Operation not permitted/,
      );
      refused(
        await run(`python3 -c "import socket; s = socket.socket(socket.AF_INET6); s.connect(('::1', ${tcpPort}))"`),
        /Operation not permitted/,
      );
      if (has('curl'))
        refused(
          await run(`curl -sS --max-time 5 http://127.0.0.1:${tcpPort}/`),
          /Operation not permitted|Couldn't connect|Failed to connect|Could not connect/,
        );
      expect(tcpConnections).toBe(0);
      const result = await run(
        `node -e "require('net').connect(${tcpPort}, '127.0.0.1').on('error', e => { console.error(e.message); process.exit(1) })"`,
      );
      expect(result.sandboxDenial).toBe('The sandbox (workspace-write) refused this: network access is off.');
    });

    it('UDP to a listener on the host loopback', async () => {
      refused(
        await run(
          `python3 -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', ${udpPort}))"`,
        ),
        /Operation not permitted/,
      );
      refused(
        await run(
          `node -e "require('dgram').createSocket('udp4').send('x', ${udpPort}, '127.0.0.1', e => { if (e) { console.error(e.message); process.exit(1) } process.exit(0) })"`,
        ),
        /EPERM/,
      );
      // A witness sent from the host after them arrives; nothing of theirs came before it.
      const witness = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) =>
        witness.send('witness', udpPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      witness.close();
      await waitForItem(udpMessages, (m) => m === 'witness');
      expect(udpMessages).toEqual(['witness']);
    });

    it('raw, packet, netlink and vsock sockets', async () => {
      const families = [
        'socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP',
        'socket.AF_PACKET, socket.SOCK_RAW, 0',
        'socket.AF_NETLINK, socket.SOCK_RAW, 0',
        'socket.AF_VSOCK, socket.SOCK_STREAM, 0',
      ];
      for (const args of families)
        refused(await run(`python3 -c "import socket; socket.socket(${args})"`), /Operation not permitted/);
    });

    it('name resolution fails, and Unix sockets still work inside', async () => {
      refused(
        await run(`python3 -c "import socket; socket.getaddrinfo('example.com', 443)"`),
        /Temporary failure in name resolution|Operation not permitted|Name or service not known/,
      );
      const unix = await run(
        `python3 -c "import socket; a, b = socket.socketpair(); a.send(b'ok'); print(b.recv(2).decode())"`,
      );
      expect(unix.output.trim()).toBe('ok');
    });
  });

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
      expect(out).toContain(`HOME=${userHome}`);
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

  describe('ordinary work still runs inside', () => {
    it('git status and diff in the workspace', async () => {
      fs.writeFileSync(path.join(ws, 'a.txt'), 'one\ntwo\n');
      const status = await run('git status --short a.txt');
      expect(status.exitCode, status.output).toBe(0);
      expect(status.output).toBe(' M a.txt\n');
      const diff = await run('git diff a.txt');
      expect(diff.exitCode).toBe(0);
      expect(diff.output).toContain('+two');
      fs.writeFileSync(path.join(ws, 'a.txt'), 'one\n');
    });

    it('node, npm, python', async () => {
      expect((await run('node -e "console.log(6 * 7)"')).output).toBe('42\n');
      fs.writeFileSync(
        path.join(ws, 'package.json'),
        JSON.stringify({
          name: 'x',
          version: '1.0.0',
          scripts: { hello: 'node -e "console.log(\'hello from npm\')"' },
        }),
      );
      const npm = await run('npm run --silent hello');
      expect(npm.exitCode, npm.output).toBe(0);
      expect(npm.output).toContain('hello from npm');
      fs.rmSync(path.join(ws, 'package.json'));
      const py = await run('python3 -c "import sys, json; print(json.dumps({\'v\': sys.version_info[0]}))"');
      expect(py.output.trim()).toBe('{"v": 3}');
    });

    it.skipIf(!has('cc'))('compiles and runs C', async () => {
      fs.writeFileSync(
        path.join(ws, 'hello.c'),
        '#include <stdio.h>\nint main(void) { puts("hello from C"); return 0; }\n',
      );
      const result = await run('cc -o hello hello.c && ./hello');
      expect(result.exitCode, result.output).toBe(0);
      expect(result.output).toContain('hello from C');
      expect(fs.existsSync(path.join(ws, 'hello'))).toBe(true);
      fs.rmSync(path.join(ws, 'hello'));
      fs.rmSync(path.join(ws, 'hello.c'));
    });

    it('writes in the workspace land on the host; writes in /tmp stay private', async () => {
      const marker = `trellis-private-${process.pid}`;
      const result = await run(
        `mkdir -p out && echo made > out/file.txt && echo temp > /tmp/${marker} && cat /tmp/${marker}`,
      );
      expect(result.exitCode, result.output).toBe(0);
      expect(result.output).toBe('temp\n');
      expect(fs.readFileSync(path.join(ws, 'out/file.txt'), 'utf8')).toBe('made\n');
      expect(fs.existsSync(`/tmp/${marker}`)).toBe(false);
      fs.rmSync(path.join(ws, 'out'), { recursive: true });
    });

    it('passes the exit status through, 128+N for a signal, and kills the whole group on timeout', async () => {
      expect((await run('exit 7')).exitCode).toBe(7);
      expect((await run('kill -TERM $$')).exitCode).toBe(128 + 15);
      expect((await run('definitely-not-a-command-xyz')).exitCode).toBe(127);
      const started = Date.now();
      const slow = await executor.run({ argv: ['bash', '-c', 'sleep 30 & sleep 30'], cwd: ws, env, timeoutMs: 300 });
      expect(slow.timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});
