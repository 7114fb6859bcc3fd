/**
 * deny_read globs under real bubblewrap: what a glob matches at any depth is unreadable inside the
 * sandbox while its siblings stay readable. Everything lives under /var/tmp: the sandbox's private /tmp
 * would hide a fixture there anyway and prove nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxPolicy } from '../build-policy';
import type { SandboxMode } from '../sandbox-policy';
import { BwrapExecutor } from './bwrap-executor';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';

describe.skipIf(!!skipReason)(
  `deny_read globs under bubblewrap${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let base: string;
    let ws: string;
    let userHome: string;

    beforeAll(() => {
      base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-deny-glob-'));
      ws = path.join(base, 'ws');
      userHome = path.join(base, 'home');
      const files: Record<string, string> = {
        'ws/.env': 'TOP=dotenv-top-secret\n',
        'ws/services/api/config/.env': 'DB=dotenv-nested-secret\n',
        'ws/services/api/config/settings.json': '{"sibling":"readable"}\n',
        'ws/services/api/.env.example': 'DB=example-readable\n',
        'ws/certs/server.pem': 'pem-secret\n',
        'home/.config/gh/hosts.yml': 'oauth_token: gh-secret\n',
        'home/.config/git/ignore': 'ignore-readable\n',
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
        fs.writeFileSync(path.join(base, file), text);
      }
    });
    afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

    const run = async (mode: SandboxMode, script: string) => {
      if (!detection?.ok) throw new Error('unreachable');
      const policy = buildSandboxPolicy({
        mode,
        cwd: ws,
        home: path.join(userHome, '.trellis'),
        userHome,
        denyRead: ['**/.env', '~/.config/gh/**', '*.pem'],
        defaultDenyRead: false,
        tmpdir: '',
      });
      const executor = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms, userHome });
      return executor.run({
        argv: ['bash', '-c', script],
        cwd: ws,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: userHome },
        timeoutMs: 30_000,
      });
    };

    for (const mode of ['read-only', 'workspace-write'] as const) {
      it(`${mode}: **/.env, ~/.config/gh/** and *.pem are unreadable at every depth; their siblings are read`, async () => {
        const secrets = await run(
          mode,
          `cat .env services/api/config/.env certs/server.pem ${userHome}/.config/gh/hosts.yml 2>&1; grep -r secret . ${userHome} 2>&1; true`,
        );
        expect(secrets.output).not.toMatch(/dotenv-top-secret|dotenv-nested-secret|pem-secret|gh-secret/);
        expect(secrets.output).toMatch(/Permission denied|No such file/);
        const siblings = await run(
          mode,
          `cat services/api/config/settings.json services/api/.env.example ${userHome}/.config/git/ignore`,
        );
        expect(siblings.exitCode, siblings.output).toBe(0);
        expect(siblings.output).toContain('"sibling":"readable"');
        expect(siblings.output).toContain('example-readable');
        expect(siblings.output).toContain('ignore-readable');
      });
    }

    for (const mode of ['read-only', 'workspace-write'] as const) {
      it(`${mode}: a .env made after the policy was built is hidden from the next command on`, async () => {
        if (!detection?.ok) throw new Error('unreachable');
        const policy = buildSandboxPolicy({
          mode,
          cwd: ws,
          home: path.join(userHome, '.trellis'),
          userHome,
          denyRead: ['**/.env'],
          defaultDenyRead: false,
          tmpdir: '',
        });
        const executor = new BwrapExecutor(policy, { bwrap: detection.bwrap, perms: detection.perms, userHome });
        const late = path.join(ws, `late-${mode}`, 'deeper');
        fs.mkdirSync(late, { recursive: true });
        fs.writeFileSync(path.join(late, '.env'), 'LATE=dotenv-late-secret\n');
        fs.writeFileSync(path.join(late, 'notes.txt'), 'late-sibling-readable\n');
        const result = await executor.run({
          argv: ['bash', '-c', `cat late-${mode}/deeper/.env late-${mode}/deeper/notes.txt 2>&1; true`],
          cwd: ws,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: userHome },
          timeoutMs: 30_000,
        });
        expect(result.output).not.toContain('dotenv-late-secret');
        expect(result.output).toContain('late-sibling-readable');
      });
    }

    it('workspace-write: a hidden .env cannot be replaced or removed to read it again', async () => {
      const result = await run(
        'workspace-write',
        'rm -f services/api/config/.env; mv services/api/config services/api/moved 2>&1; cat services/api/*/.env 2>&1; true',
      );
      expect(result.output).not.toContain('dotenv-nested-secret');
      expect(fs.readFileSync(path.join(ws, 'services/api/config/.env'), 'utf8')).toBe('DB=dotenv-nested-secret\n');
    });
  },
);
