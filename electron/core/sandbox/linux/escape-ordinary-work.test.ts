/**
 * Escape suite, the other side: the ordinary work a coding agent does (git, node, npm, python, C, writes, exit
 * statuses and timeouts) must still succeed inside the sandbox. Setup: escape-fixture.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { has, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('ordinary work still runs inside', () => {
    it('git status and diff in the workspace', async () => {
      fs.writeFileSync(path.join(sb.ws, 'a.txt'), 'one\ntwo\n');
      const status = await run('git status --short a.txt');
      expect(status.exitCode, status.output).toBe(0);
      expect(status.output).toBe(' M a.txt\n');
      const diff = await run('git diff a.txt');
      expect(diff.exitCode).toBe(0);
      expect(diff.output).toContain('+two');
      fs.writeFileSync(path.join(sb.ws, 'a.txt'), 'one\n');
    });

    it('node, npm, python', async () => {
      expect((await run('node -e "console.log(6 * 7)"')).output).toBe('42\n');
      fs.writeFileSync(
        path.join(sb.ws, 'package.json'),
        JSON.stringify({
          name: 'x',
          version: '1.0.0',
          scripts: { hello: 'node -e "console.log(\'hello from npm\')"' },
        }),
      );
      const npm = await run('npm run --silent hello');
      expect(npm.exitCode, npm.output).toBe(0);
      expect(npm.output).toContain('hello from npm');
      fs.rmSync(path.join(sb.ws, 'package.json'));
      const py = await run('python3 -c "import sys, json; print(json.dumps({\'v\': sys.version_info[0]}))"');
      expect(py.output.trim()).toBe('{"v": 3}');
    });

    it.skipIf(!has('cc'))('compiles and runs C', async () => {
      fs.writeFileSync(
        path.join(sb.ws, 'hello.c'),
        '#include <stdio.h>\nint main(void) { puts("hello from C"); return 0; }\n',
      );
      const result = await run('cc -o hello hello.c && ./hello');
      expect(result.exitCode, result.output).toBe(0);
      expect(result.output).toContain('hello from C');
      expect(fs.existsSync(path.join(sb.ws, 'hello'))).toBe(true);
      fs.rmSync(path.join(sb.ws, 'hello'));
      fs.rmSync(path.join(sb.ws, 'hello.c'));
    });

    it('writes in the workspace land on the host; writes in /tmp stay private', async () => {
      const marker = `trellis-private-${process.pid}`;
      const result = await run(
        `mkdir -p out && echo made > out/file.txt && echo temp > /tmp/${marker} && cat /tmp/${marker}`,
      );
      expect(result.exitCode, result.output).toBe(0);
      expect(result.output).toBe('temp\n');
      expect(fs.readFileSync(path.join(sb.ws, 'out/file.txt'), 'utf8')).toBe('made\n');
      expect(fs.existsSync(`/tmp/${marker}`)).toBe(false);
      fs.rmSync(path.join(sb.ws, 'out'), { recursive: true });
    });

    it('passes the exit status through, 128+N for a signal, and kills the whole group on timeout', async () => {
      expect((await run('exit 7')).exitCode).toBe(7);
      expect((await run('kill -TERM $$')).exitCode).toBe(128 + 15);
      expect((await run('definitely-not-a-command-xyz')).exitCode).toBe(127);
      const started = Date.now();
      const slow = await sb.executor.run({
        argv: ['bash', '-c', 'sleep 30 & sleep 30'],
        cwd: sb.ws,
        env: sb.env,
        timeoutMs: 300,
      });
      expect(slow.timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});
