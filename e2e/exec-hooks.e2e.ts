import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { mockedHome, trellis } from './support/exec-harness';
import { makeRepo } from './support/git-repo';

const shell = (cmd: string) => ({
  items: [{ type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) }],
});
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });

/** Codex's hooks.json with one PreToolUse command hook on Bash. */
const preToolUse = (command: string) =>
  JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] } });

const jsonEvents = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });

test.describe('trellis exec runs hooks', () => {
  test("the person's own PreToolUse hook denies a command: it does not run, the model is told, --json carries the runs", async () => {
    const { home, model } = await mockedHome({ turns: [shell('touch marker'), say('understood')] });
    fs.writeFileSync(path.join(home, 'hooks.json'), preToolUse('echo "no new files here" >&2; exit 2'));
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--json', 'make a marker'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);

    expect(fs.existsSync(path.join(repo, 'marker'))).toBe(false);
    expect(JSON.stringify(model.requests[1].body.input)).toContain('no new files here');
    const events = jsonEvents(run.stdout);
    expect(events.find((e) => e.type === 'hook.started')).toMatchObject({ event: 'PreToolUse', format: 'codex-json' });
    expect(events.find((e) => e.type === 'hook.completed')).toMatchObject({
      status: 'blocked',
      reason: 'no new files here',
    });
  });

  test("a repository's hooks do not run until trusted; --trust-all-hooks runs them for that run", async () => {
    const hook = preToolUse('echo "the repository says no" >&2; exit 2');
    const untrusted = await mockedHome({ turns: [shell('touch marker'), say('made it')] });
    const repo = makeRepo({ 'README.md': '# demo\n', '.codex/hooks.json': hook });
    const first = await trellis(['exec', 'make a marker'], { home: untrusted.home, cwd: repo }).done;
    await untrusted.model.close();
    expect(first.code, first.stderr).toBe(0);
    expect(fs.existsSync(path.join(repo, 'marker'))).toBe(true);
    expect(first.stderr).toContain('not trusted');
    expect(first.stderr).not.toContain('hook: PreToolUse');

    fs.rmSync(path.join(repo, 'marker'));
    const trusted = await mockedHome({ turns: [shell('touch marker'), say('denied')] });
    const second = await trellis(['exec', '--trust-all-hooks', 'make a marker'], { home: trusted.home, cwd: repo })
      .done;
    await trusted.model.close();
    expect(second.code, second.stderr).toBe(0);
    expect(fs.existsSync(path.join(repo, 'marker'))).toBe(false);
    expect(second.stderr).toMatch(/hook: PreToolUse \S+ blocked in [\d.]+ s: the repository says no/);
  });
});
