/**
 * A hostile model against the approval policy and the session's limits, through `trellis exec` and the
 * scripted mock model. `untrusted` with `danger-full-access` leaves the known-safe judgement as the only
 * guard: every payload below is a "reading" command that would write outside, run code, or delete.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { MockScenario } from '../mock-model';
import { git, makeRepo } from '../support/git-repo';
import { mockedHome, sessionLogs, trellis } from '../support/exec-harness';
import { changedPaths, hostileWorld, type HostileWorld } from './hostile-world';

const call = (cmd: string) => ({ type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) });
const say = (text: string) => ({ items: [{ type: 'message' as const, text }] });

interface LoggedEvent {
  type: string;
  callId?: string;
  command?: string;
  decision?: string;
  declined?: boolean;
  exitCode?: number | null;
  output?: string;
  reason?: string;
}

function logEvents(home: string): LoggedEvent[] {
  const [log] = sessionLogs(home);
  return fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LoggedEvent);
}

let world: HostileWorld;
test.beforeEach(() => {
  world = hostileWorld();
});
test.afterEach(() => world.cleanup());

test.describe('known-safe commands that are not (class 10)', () => {
  test('under untrusted, quoted options, writing options and shell tricks are refused; reading commands run', async () => {
    const out = (name: string) => path.join(world.outside, name);
    const repo = makeRepo({ 'README.md': '# demo\nline two\n', 'evil.sh': `#!/bin/sh\ntouch ${out('evil-ran')}\ncat "$1"\n` });
    fs.chmodSync(path.join(repo, 'evil.sh'), 0o755);
    git(repo, 'branch', 'keep');
    const payloads = [
      `git log --format=x "--output=${out('git-log-output')}"`,
      `git log '--output=${out('git-log-quoted')}'`,
      `git log --outp=${out('git-log-abbreviated')}`,
      `git -c core.pager=./evil.sh log`,
      `git branch -D keep`,
      `find . -maxdepth 0 '-fprintf' ${out('find-fprintf')} x`,
      `find . -maxdepth 0 -fprint ${out('find-fprint')}`,
      `find ${out('precious.txt')} '-delete'`,
      `find . -maxdepth 0 -exec ./evil.sh {} \\;`,
      `sort -o ${out('sort-o')} README.md`,
      `sort "--output=${out('sort-output')}" README.md`,
      `sort --compress-program=./evil.sh README.md`,
      `uniq README.md ${out('uniq-out')}`,
      `rg --pre=./evil.sh line .`,
      `sed -n "1p;w ${out('sed-w')}" README.md`,
      `cat README.md > ${out('redirect')}`,
      `ls $(touch ${out('substitution')})`,
      `ls \`touch ${out('backticks')}\``,
      `X=1 touch ${out('assignment')}`,
      `\\touch ${out('escaped')}`,
      `ls; touch ${out('chained')}`,
      `cat README.md | sh`,
    ];
    const reads = ['git log --oneline', 'ls', 'cat README.md', `git log -1 --format=%s | head -n 1`];
    const scenario: MockScenario = { turns: [{ items: [...payloads, ...reads].map(call) }, say('done')] };
    const { home, model } = await mockedHome(scenario);
    const before = world.snapshot();

    const run = await trellis(['exec', '-a', 'untrusted', '-s', 'danger-full-access', 'look around'], { home, cwd: repo, env: { HOME: world.home } }).done;
    await model.close();

    expect(run.code, run.stderr).toBe(0);
    expect(changedPaths(before, world.snapshot())).toEqual([]);
    expect(fs.readdirSync(world.outside)).toEqual(['precious.txt']);
    expect(git(repo, 'branch', '--list', 'keep')).toContain('keep');
    const events = logEvents(home);
    const completed = (command: string) => events.find((e) => e.type === 'exec.completed' && e.command === command);
    for (const command of payloads) {
      const request = events.find((e) => e.type === 'approval.requested' && e.command === command);
      expect(request, command).toBeTruthy();
      expect(events.find((e) => e.type === 'approval.decided' && e.callId === request!.callId)?.decision).toBe('denied');
      expect(completed(command)?.declined, command).toBe(true);
    }
    for (const command of reads) {
      expect(events.some((e) => e.type === 'approval.requested' && e.command === command), command).toBe(false);
      expect(completed(command)).toMatchObject({ exitCode: 0 });
    }
    expect(completed('cat README.md')?.output).toBe('# demo\nline two\n');
    expect(completed('git log --oneline')?.output).toContain('initial');
    // The model is told why, so it can find another way.
    const why = events.find((e) => e.type === 'approval.requested' && e.command === payloads[0])?.reason;
    expect(why).toContain('git log --output is not known to only read');
  });
});
