/**
 * deny_read globs (`**\/.env`, `*.pem`, `~/.config/gh/**`): a secret a glob names is hidden at every depth,
 * through every door a command has to a file's bytes (its path, a recursive search, a link it makes, a
 * renamed parent, /proc/self/root, an archive), while its siblings stay readable. Attacked through
 * `trellis sandbox` and through `trellis exec` against the mock model; every assertion is on the host's
 * side: the canary is in no output and no request the model received, and the secret files are unchanged.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { mockConfiguredHome, trellis, type ExecRun } from '../support/exec-harness';
import { startMockModel } from '../mock-model';
import { canary, changedPaths, hostileWorld, snapshotTree, type HostileWorld } from './hostile-world';

const call = (cmd: string) => ({
  type: 'function_call' as const,
  name: 'exec_command',
  arguments: JSON.stringify({ cmd }),
});
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });
const GLOBS = ['**/.env', '*.pem', '~/.config/gh/**'];

let world: HostileWorld;
let trellisHome: string;
let ws: string;
let secret: { env: string; nestedEnv: string; pem: string; gh: string };
let sibling: string;

test.beforeEach(() => {
  world = hostileWorld();
  const base = path.dirname(world.home);
  trellisHome = path.join(base, 'trellis-home');
  ws = path.join(base, 'ws');
  secret = { env: canary('env'), nestedEnv: canary('nested-env'), pem: canary('pem'), gh: canary('gh') };
  sibling = canary('sibling');
  const files: Record<string, string> = {
    [path.join(ws, '.env')]: `TOP=${secret.env}\n`,
    [path.join(ws, 'services/api/config/.env')]: `DB_PASSWORD=${secret.nestedEnv}\n`,
    [path.join(ws, 'services/api/config/settings.json')]: `{"public":"${sibling}"}\n`,
    [path.join(ws, 'services/api/.env.example')]: 'DB_PASSWORD=changeme\n',
    [path.join(ws, 'deploy/tls/server.pem')]: `-----BEGIN PRIVATE KEY-----\n${secret.pem}\n`,
    [path.join(world.home, '.config/gh/hosts.yml')]: `github.com:\n  oauth_token: ${secret.gh}\n`,
  };
  fs.mkdirSync(trellisHome);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
});
test.afterEach(() => world.cleanup());

const leaked = (text: string) => Object.values(secret).filter((s) => text.includes(s));

function sandbox(mode: string, script: string): Promise<ExecRun> {
  const flags = ['--sandbox', mode, ...GLOBS.flatMap((g) => ['--deny-read', g])];
  return trellis(['sandbox', ...flags, '--', 'bash', '-c', script], {
    home: trellisHome,
    cwd: ws,
    env: { HOME: world.home },
  }).done;
}

/** Each a different door to the same bytes; failures are expected and silenced, only the output matters. */
const DOORS = [
  'cat .env services/api/config/.env deploy/tls/server.pem',
  'grep -r . . ~/.config',
  'find . ~/.config/gh -type f -exec cat {} +',
  'ln -s services/api/config/.env via-symlink; cat via-symlink',
  'ln services/api/config/.env via-hardlink; cat via-hardlink',
  'cp services/api/config/.env /tmp/copy; cat /tmp/copy',
  'cat /proc/self/root$PWD/services/api/config/.env',
  'cd services/api && cat ./config/../config/.env',
  'mv services/api/config services/api/moved; cat services/api/moved/.env',
  'mv services services-moved; cat services-moved/api/config/.env',
  'tar cf - . ~/.config 2>/dev/null | strings',
  'cat ~/.config/gh/hosts.yml; ls -la ~/.config/gh',
  'python3 -c "print(open(\'services/api/config/.env\').read())"',
];

for (const mode of ['read-only', 'workspace-write']) {
  test(`${mode}: no door reads a secret a glob names; the siblings stay readable`, async () => {
    const secretFiles = () =>
      snapshotTree([
        path.join(ws, '.env'),
        path.join(ws, 'services/api/config/.env'),
        path.join(ws, 'deploy/tls/server.pem'),
        path.join(world.home, '.config/gh'),
      ]);
    const before = secretFiles();
    for (const door of DOORS) {
      const run = await sandbox(mode, `(${door}) 2>&1; true`);
      expect(leaked(run.stdout + run.stderr), `${mode}: ${door}`).toEqual([]);
    }
    expect(changedPaths(before, secretFiles())).toEqual([]);
    const siblings = await sandbox(mode, 'cat services/api/config/settings.json services/api/.env.example');
    expect(siblings.code, siblings.stderr).toBe(0);
    expect(siblings.stdout).toContain(sibling);
    expect(siblings.stdout).toContain('DB_PASSWORD=changeme');
  });
}

test('trellis exec with [sandbox] deny_read globs in config.toml: no secret reaches the model', async () => {
  const model = await startMockModel({
    turns: [
      {
        items: [
          call('cat .env services/api/config/.env deploy/tls/server.pem ~/.config/gh/hosts.yml'),
          call('grep -rI . . ~/.config 2>/dev/null | head -100'),
        ],
      },
      { items: [call('cat services/api/config/settings.json')] },
      say('done'),
    ],
  });
  const home = mockConfiguredHome(model.url, `[sandbox]\ndeny_read = ${JSON.stringify(GLOBS)}\n`);
  // The mock home's config says danger-full-access (where deny_read means nothing); -s wins, as a person would pass it.
  const run = await trellis(['exec', '--skip-git-repo-check', '-s', 'workspace-write', 'read everything'], {
    home,
    cwd: ws,
    env: { HOME: world.home },
  }).done;
  await model.close();
  expect(run.code, run.stderr).toBe(0);
  const sent = JSON.stringify(model.requests.map((r) => r.body));
  expect(leaked(sent)).toEqual([]);
  expect(sent).toContain(sibling); // the sibling was read and sent: the glob hid only what it names
});
