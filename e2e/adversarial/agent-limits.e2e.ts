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

const call = (cmd: string) => ({
  type: 'function_call' as const,
  name: 'exec_command',
  arguments: JSON.stringify({ cmd }),
});
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
  return fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LoggedEvent);
}

let world: HostileWorld;
test.beforeEach(() => {
  world = hostileWorld();
});
test.afterEach(() => world.cleanup());

test.describe('known-safe commands that are not (class 10)', () => {
  test('under untrusted, quoted options, writing options and shell tricks are refused; reading commands run', async () => {
    const out = (name: string) => path.join(world.outside, name);
    const repo = makeRepo({
      'README.md': '# demo\nline two\n',
      'evil.sh': `#!/bin/sh\ntouch ${out('evil-ran')}\ncat "$1"\n`,
    });
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

    const run = await trellis(['exec', '-a', 'untrusted', '-s', 'danger-full-access', 'look around'], {
      home,
      cwd: repo,
      env: { HOME: world.home },
    }).done;
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
      expect(events.find((e) => e.type === 'approval.decided' && e.callId === request!.callId)?.decision).toBe(
        'denied',
      );
      expect(completed(command)?.declined, command).toBe(true);
    }
    for (const command of reads) {
      expect(
        events.some((e) => e.type === 'approval.requested' && e.command === command),
        command,
      ).toBe(false);
      expect(completed(command)).toMatchObject({ exitCode: 0 });
    }
    expect(completed('cat README.md')?.output).toBe('# demo\nline two\n');
    expect(completed('git log --oneline')?.output).toContain('initial');
    // The model is told why, so it can find another way.
    const why = events.find((e) => e.type === 'approval.requested' && e.command === payloads[0])?.reason;
    expect(why).toContain('git log --output is not known to only read');
  });
});

test.describe('known-safe git in a repository the repository planted (class 10, what else reaches the door)', () => {
  test('an embedded bare repository whose config names diff.external: git diff there is asked about, not run', async () => {
    const marker = path.join(world.outside, 'external-diff-ran');
    const evil = path.join(world.outside, '..', 'evil-diff.sh');
    fs.writeFileSync(evil, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const upstream = makeRepo({ 'a.txt': 'one\n' });
    fs.writeFileSync(path.join(upstream, 'a.txt'), 'two\n');
    git(upstream, 'commit', '-qam', 'two');
    const repo = makeRepo({ 'README.md': '# demo\n' });
    git(repo, 'clone', '-q', '--bare', upstream, 'sub');
    fs.appendFileSync(path.join(repo, 'sub', 'config'), `[diff]\n\texternal = ${evil}\n`);
    git(repo, 'add', 'sub');
    git(repo, 'commit', '-qm', 'ship a bare repository as ordinary files');
    const attacks = [
      {
        type: 'function_call' as const,
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: 'git diff HEAD~1 HEAD', workdir: 'sub' }),
      },
      call('cd sub && git diff HEAD~1 HEAD'),
      call('cd sub; git log -p -1'),
    ];
    const { home, model } = await mockedHome({
      turns: [{ items: [...attacks, call('git log --oneline')] }, say('done')],
    });
    const before = world.snapshot();

    const run = await trellis(['exec', '-a', 'untrusted', '-s', 'danger-full-access', 'compare'], {
      home,
      cwd: repo,
      env: { HOME: world.home },
    }).done;
    await model.close();

    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    expect(changedPaths(before, world.snapshot())).toEqual([]);
    const events = logEvents(home);
    const requests = events.filter((e) => e.type === 'approval.requested');
    expect(requests.map((e) => e.command).sort()).toEqual([
      'cd sub && git diff HEAD~1 HEAD',
      'cd sub; git log -p -1',
      'git diff HEAD~1 HEAD',
    ]);
    expect(requests.every((e) => /reads a repository configuration you did not open/.test(e.reason ?? ''))).toBe(true);
    expect(events.find((e) => e.type === 'exec.completed' && e.command === 'git log --oneline')?.exitCode).toBe(0);
  });
});

test.describe('a program the repository ships in PATH (class 10, what else reaches the door)', () => {
  test('with a PATH entry inside the working folder, or an empty one, even ls is asked about, not run', async () => {
    const marker = path.join(world.outside, 'planted-ls-ran');
    const planted = `#!/bin/sh\ntouch ${marker}\n`;
    const repo = makeRepo({ 'bin/ls': planted, ls: planted, git: planted });
    for (const f of ['bin/ls', 'ls', 'git']) fs.chmodSync(path.join(repo, f), 0o755);
    for (const PATH of [`${path.join(repo, 'bin')}:${process.env.PATH}`, `${process.env.PATH}:`]) {
      const { home, model } = await mockedHome({ turns: [{ items: [call('ls'), call('git status')] }, say('done')] });
      const run = await trellis(['exec', '-a', 'untrusted', '-s', 'danger-full-access', 'list'], {
        home,
        cwd: repo,
        env: { HOME: world.home, PATH },
      }).done;
      await model.close();
      expect(run.code, run.stderr).toBe(0);
      expect(fs.existsSync(marker), PATH).toBe(false);
      const requests = logEvents(home).filter((e) => e.type === 'approval.requested');
      expect(requests.map((e) => e.command).sort()).toEqual(['git status', 'ls']);
      expect(requests[0].reason).toMatch(/PATH lists .*where a program could stand in/);
    }
  });
});

/** The highest resident memory /proc has reported for `pid` while it ran (VmHWM, a high-water mark). */
function watchPeakRss(pid: number): () => number {
  let peak = 0;
  const sample = () => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) peak = Math.max(peak, Number(kb[1]) * 1024);
    } catch {
      // gone
    }
  };
  const timer = setInterval(sample, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

const MB = 1024 * 1024;

test.describe('no limits (class 14, the session half)', () => {
  test('a model streaming a 300 MB message is stopped at model_max_response_bytes: the log stays small, exec fails clearly, memory stays bounded', async () => {
    const chunk = 'z'.repeat(64 * 1024 - 1) + ' ';
    const scenario: MockScenario = {
      turns: [{ items: [{ type: 'message', text: chunk, repeat: (300 * MB) / chunk.length }] }],
    };
    const { home, model } = await mockedHome(scenario);
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const child = trellis(['exec', 'say everything'], { home, cwd: repo, env: { HOME: world.home } });
    const peak = watchPeakRss(child.pid);
    const run = await child.done;
    const rss = peak();
    await model.close();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "trellis exec: The model's response passed 8 MB (model_max_response_bytes); the stream was stopped",
    );
    expect(model.requests).toHaveLength(1); // not retried
    const [log] = sessionLogs(home);
    expect(fs.statSync(log).size).toBeLessThan(2 * MB); // deltas logged up to session_log_max_delta_bytes (1 MiB)
    const events = logEvents(home);
    expect(events.at(-1)).toMatchObject({ type: 'turn.failed' });
    expect(
      events.some(
        (e) => e.type === 'error' && /model_max_response_bytes/.test(String((e as { message?: string }).message)),
      ),
    ).toBe(true);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(300 * MB);
  });

  test('a smaller model_max_response_bytes from config.toml is honoured, and a tool call counts toward it', async () => {
    const huge = JSON.stringify({ cmd: `echo ${'a'.repeat(300 * 1024)}` });
    const scenario: MockScenario = {
      turns: [{ items: [{ type: 'function_call', name: 'exec_command', arguments: huge }] }],
    };
    const { home, model } = await mockedHome(scenario, 'model_max_response_bytes = 102400');
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', 'call a tool'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('passed 100 KB (model_max_response_bytes)');
    expect(logEvents(home).some((e) => e.type === 'exec.started')).toBe(false);
  });

  test('one endless event (a single 10 MB delta) is cut at the transport before the SDK buffers it whole', async () => {
    const scenario: MockScenario = { turns: [{ items: [{ type: 'message', text: 'w'.repeat(20 * MB) }] }] };
    const { home, model } = await mockedHome(scenario, 'model_max_response_bytes = 1048576');
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', 'say it in one breath'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('one streamed event larger than 4 MB (4 x model_max_response_bytes)');
    expect(model.requests).toHaveLength(1);
    const [log] = sessionLogs(home);
    expect(fs.statSync(log).size).toBeLessThan(64 * 1024);
  });

  test('a sandboxed command printing 200 MB: the log keeps head and tail and says what was omitted, memory stays bounded', async () => {
    const cmd = "head -c 200000000 /dev/zero | tr '\\0' x; echo; echo THE-END";
    const scenario: MockScenario = { turns: [{ items: [call(cmd)] }, say('printed')] };
    const { home, model } = await mockedHome(scenario);
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const child = trellis(['exec', '-s', 'workspace-write', 'print a lot'], {
      home,
      cwd: repo,
      env: { HOME: world.home },
    });
    const peak = watchPeakRss(child.pid);
    const run = await child.done;
    const rss = peak();
    await model.close();

    expect(run.code, run.stderr).toBe(0);
    const [log] = sessionLogs(home);
    expect(fs.statSync(log).size).toBeLessThan(2 * MB);
    const events = logEvents(home);
    const streamed = events.filter((e) => e.type === 'exec.output') as unknown as { chunk: string }[];
    expect(streamed[0].chunk.startsWith('xxxx')).toBe(true);
    expect(streamed.at(-1)!.chunk).toMatch(/^\n\[… 19\d MB omitted …\]\n/);
    expect(streamed.at(-1)!.chunk.endsWith('THE-END\n')).toBe(true);
    const completed = events.find((e) => e.type === 'exec.completed');
    expect(completed?.exitCode).toBe(0);
    expect(completed?.output).toMatch(/^x{1000}/);
    expect(completed?.output).toMatch(/\[… 19\d MB omitted from the middle of the output …\]/);
    expect(completed?.output).toContain('THE-END');
    // What the model was sent is bounded too.
    expect(JSON.stringify(model.requests[1].body).length).toBeLessThan(200 * 1024);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(300 * MB);
  });
});
