import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockScenario } from './mock-model';
import { makeRepo } from './support/git-repo';
import { mockedHome, sessionLogs, trellis } from './support/exec-harness';
import { processesMentioning } from '../electron/core/testing/processes';
import { tempDir } from '../electron/core/testing/temp-repo';

const say = (text: string) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: 50, output_tokens: 5 },
});
const call = (name: string, args: unknown) => ({
  type: 'function_call' as const,
  name,
  arguments: JSON.stringify(args),
});
const patch = (input: string) => ({ type: 'custom_tool_call' as const, name: 'apply_patch', input });

const EDIT: MockScenario = {
  turns: [
    {
      items: [
        { type: 'message', text: 'Reading first.' },
        call('exec_command', { cmd: 'cat README.md' }),
        patch('*** Begin Patch\n*** Update File: README.md\n@@\n-# demo\n+# demo, edited\n*** End Patch'),
      ],
    },
    say('I edited README.md.'),
  ],
};

test.describe('trellis exec', () => {
  test('runs a task: final answer on stdout, progress on stderr, the edit on disk, the session logged', async () => {
    const { home, model } = await mockedHome(EDIT);
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', 'Edit the readme'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('I edited README.md.\n');
    expect(run.stderr).toContain('$ cat README.md');
    expect(run.stderr).toContain('patch: M README.md');
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo, edited\n');
    expect(JSON.stringify(model.requests[1].body)).toContain('# demo'); // the command's output went back to the model (before or after the parallel edit)
    const [log] = sessionLogs(home);
    expect(fs.readFileSync(log, 'utf8')).toContain('"type":"turn.completed"');
  });

  test('--json prints one event per line; - reads the prompt from stdin', async () => {
    const { home, model } = await mockedHome(EDIT);
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--json', '-'], { home, cwd: repo, input: 'Edit the readme from stdin' }).done;
    await model.close();
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('session.started');
    expect(types).toEqual(
      expect.arrayContaining([
        'turn.started',
        'message.completed',
        'tool.call',
        'exec.completed',
        'patch.applied',
        'tool.result',
        'turn.completed',
      ]),
    );
    expect(types).not.toContain('message.delta');
    expect(events.find((e) => e.type === 'turn.started').prompt).toBe('Edit the readme from stdin');
    // cat and the patch are parallel calls: cat may see the file before or after the edit.
    expect(events.find((e) => e.type === 'exec.completed')).toMatchObject({
      command: 'cat README.md',
      exitCode: 0,
      output: expect.stringMatching(/^# demo(, edited)?\n$/),
    });
    expect(events.at(-1)).toMatchObject({ type: 'turn.completed', usage: { inputTokens: expect.any(Number) } });
  });

  test('--output-schema is sent as structured output and the answer is validated; -o writes it', async () => {
    const schema = {
      type: 'object',
      properties: { files: { type: 'integer' } },
      required: ['files'],
      additionalProperties: false,
    };
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(schema));
    const repo = makeRepo({ 'a.txt': '' });

    const good = await mockedHome({ turns: [say('{"files": 1}')] });
    const ok = await trellis(
      ['exec', '--output-schema', path.join(dir, 'schema.json'), '-o', path.join(dir, 'last.txt'), 'count files'],
      { home: good.home, cwd: repo },
    ).done;
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'last.txt'), 'utf8')).toBe('{"files": 1}');
    expect(good.model.requests[0].body.text).toMatchObject({ format: { type: 'json_schema', strict: true, schema } });
    await good.model.close();

    const bad = await mockedHome({ turns: [say('{"files": "one"}')] });
    const fail = await trellis(['exec', '--output-schema', path.join(dir, 'schema.json'), 'count files'], {
      home: bad.home,
      cwd: repo,
    }).done;
    await bad.model.close();
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('the final answer does not match --output-schema: /files must be integer');

    fs.writeFileSync(path.join(dir, 'broken.json'), '{ nope');
    const broken = await trellis(['exec', '--output-schema', path.join(dir, 'broken.json'), 'x'], {
      home: bad.home,
      cwd: repo,
    }).done;
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/--output-schema .*broken.json is not JSON/);
  });

  test('--ephemeral keeps no log; -C, -m, -p and -c choose folder, model and config', async () => {
    const { home, model } = await mockedHome(
      { turns: [say('one'), say('two')] },
      '[profiles.fast]\nmodel = "gpt-fast"\n',
    );
    const repo = makeRepo({ 'a.txt': '' });
    const elsewhere = tempDir();
    const first = await trellis(['exec', '--ephemeral', '-C', repo, '-m', 'gpt-flag', 'hi'], { home, cwd: elsewhere })
      .done;
    expect(first.code).toBe(0);
    expect(sessionLogs(home)).toEqual([]);
    expect(model.requests[0].body.model).toBe('gpt-flag');

    const second = await trellis(['exec', '-p', 'fast', '-c', 'model_reasoning_effort="high"', 'hi'], {
      home,
      cwd: repo,
    }).done;
    await model.close();
    expect(second.code).toBe(0);
    expect(model.requests[1].body).toMatchObject({ model: 'gpt-fast', reasoning: { effort: 'high' } });
  });

  test('outside git it refuses unless --skip-git-repo-check; bad config and missing keys are one line, exit 2', async () => {
    const { home, model } = await mockedHome({ turns: [say('fine')] });
    const plain = tempDir();
    const refused = await trellis(['exec', 'hi'], { home, cwd: plain }).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(
      /^trellis exec: .* is not inside a git repository; .* --skip-git-repo-check\.$/,
    );
    const allowed = await trellis(['exec', '--skip-git-repo-check', 'hi'], { home, cwd: plain }).done;
    expect(allowed.code).toBe(0);
    await model.close();

    const unknown = await trellis(['exec', '--skip-git-repo-check', '-c', 'model_provider="nope"', 'hi'], {
      home,
      cwd: plain,
    }).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/model_provider.*nope/);

    const noKey = await trellis(['exec', '--skip-git-repo-check', '-c', 'model_provider="openai"', 'hi'], {
      home,
      cwd: plain,
      env: { OPENAI_API_KEY: '' },
    }).done;
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim()).toBe('trellis exec: missing API key: set OPENAI_API_KEY');

    fs.writeFileSync(path.join(home, 'config.toml'), 'approval_policy = "sometimes"\n');
    const badConfig = await trellis(['exec', '--skip-git-repo-check', 'hi'], { home, cwd: plain }).done;
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/config\.toml:1: approval_policy/);
  });

  test('exec never prompts: under untrusted a risky command is refused back to the model; --trust-all-tools runs it', async () => {
    const scenario: MockScenario = {
      turns: [{ items: [call('exec_command', { cmd: 'touch made-by-agent' })] }, say('done')],
    };
    const repo = makeRepo({ 'a.txt': '' });
    const refused = await mockedHome(scenario);
    const run = await trellis(['exec', '-a', 'untrusted', '--no-interactive', 'make a file'], {
      home: refused.home,
      cwd: repo,
    }).done;
    await refused.model.close();
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(repo, 'made-by-agent'))).toBe(false);
    expect(JSON.stringify(refused.model.requests[1].body)).toContain('approval was denied');

    const trusted = await mockedHome(scenario);
    const ran = await trellis(['exec', '-a', 'untrusted', '--trust-all-tools', 'make a file'], {
      home: trusted.home,
      cwd: repo,
    }).done;
    await trusted.model.close();
    expect(ran.code).toBe(0);
    expect(fs.existsSync(path.join(repo, 'made-by-agent'))).toBe(true);
  });

  test('Ctrl-C interrupts: exit 130 and the running command dies with it', async () => {
    const repo = makeRepo({ 'a.txt': '' });
    const marker = path.join(repo, 'still-running'); // a unique path in the command line: the command can be found among the machine's processes
    const { home, model } = await mockedHome({
      turns: [{ items: [call('exec_command', { cmd: `sleep 20 && touch ${marker}` })] }, say('x')],
    });
    let interrupting: Promise<void> | undefined;
    const child = trellis(['exec', '--json', 'wait'], {
      home,
      cwd: repo,
      onStdout: (out) => {
        if (!interrupting && out.includes('"exec.started"')) {
          // Ctrl-C once the command is seen running.
          interrupting = expect
            .poll(() => processesMentioning(marker))
            .not.toEqual([])
            .then(() => void process.kill(child.pid, 'SIGINT'));
        }
      },
    });
    const run = await child.done;
    await interrupting;
    await model.close();
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('"reason":"interrupted"');
    await expect.poll(() => processesMentioning(marker)).toEqual([]); // killed, not left to run out its 20 s
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('resume --last after kill -9 loses nothing that was shown and continues the conversation', async () => {
    const repo = makeRepo({ 'a.txt': '' });
    const { home, model } = await mockedHome({
      turns: [
        {
          items: [
            { type: 'message', text: 'Starting a long job.' },
            call('exec_command', { cmd: 'echo visible-output; sleep 20' }),
          ],
        },
        say('Resumed and finished.'),
      ],
    });
    const shown: string[] = [];
    let killed = false;
    const child = trellis(['exec', '--json', 'long job'], {
      home,
      cwd: repo,
      onStdout: (out) => {
        shown.splice(0, shown.length, ...out.trim().split('\n'));
        if (out.includes('"exec.started"') && !killed) {
          killed = true;
          process.kill(child.pid, 'SIGKILL');
        }
      },
    });
    expect((await child.done).signal).toBe('SIGKILL');
    const [log] = sessionLogs(home);
    const onDisk = fs.readFileSync(log, 'utf8');
    for (const line of shown.filter(Boolean)) expect(onDisk).toContain(line); // everything shown was on disk first

    const resumed = await trellis(['exec', 'resume', '--last', 'please continue'], { home, cwd: repo }).done;
    await model.close();
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe('Resumed and finished.\n');
    const history = JSON.stringify(model.requests.at(-1)!.body);
    for (const text of [
      'long job',
      'Starting a long job.',
      'Interrupted: the session ended before this call finished.',
      'please continue',
    ])
      expect(history).toContain(text);

    const byId = await trellis(['exec', 'resume', 'no-such-session', 'x'], { home, cwd: repo }).done;
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain('no session no-such-session');
  });

  test('Kiro steering reaches the model as its YAML front matter says; a broken front matter is one warning and the file still counts', async () => {
    const { home, model } = await mockedHome({ turns: [say('Noted.')] });
    const repo = makeRepo({
      'README.md': '# demo\n',
      '.kiro/steering/style.md':
        '---\ninclusion: always # every turn\ntitle: "Style #1: tabs"\n---\nIndent with tabs.\n',
      '.kiro/steering/release.md': "---\ninclusion: 'manual'\n---\nRelease steps.\n",
      '.kiro/steering/twice.md': '---\ninclusion: manual\ninclusion: always\n---\nKept although broken.\n',
    });
    const run = await trellis(['exec', 'Hello'], { home, cwd: repo }).done;
    await model.close();
    expect(run.code).toBe(0);
    const sent = JSON.stringify(model.requests[0].body);
    expect(sent).toContain('Indent with tabs.');
    expect(sent).toContain('Kept although broken.');
    expect(sent).not.toContain('Release steps.');
    expect(run.stderr).toContain(
      'trellis: warning: .kiro/steering/twice.md: cannot read front matter line 3: Map keys must be unique; included always\n',
    );
  });

  test('works against Anthropic Messages and OpenAI Chat Completions providers too', async () => {
    for (const wire of ['anthropic', 'chat']) {
      const repo = makeRepo({ 'README.md': '# demo\n' });
      const { home, model } = await mockedHome(EDIT, '', wire);
      const run = await trellis(['exec', 'Edit the readme'], { home, cwd: repo }).done;
      await model.close();
      expect(run.code, `${wire}: ${run.stderr}`).toBe(0);
      expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo, edited\n');
      expect(model.requests[0].api).toBe(wire);
    }
  });

  test('commands run in the kernel sandbox: a write outside the workspace is refused and the model is told why', async () => {
    const repo = makeRepo({ 'a.txt': '' });
    // Not under /tmp: the sandbox gives each command a private /tmp, where this would not even be visible.
    const outside = fs.mkdtempSync('/var/tmp/trellis-outside-');
    const { home, model } = await mockedHome({
      turns: [
        { items: [call('exec_command', { cmd: `echo inside > inside.txt && touch ${outside}/escaped.txt` })] },
        {
          items: [
            call('exec_command', {
              cmd: `touch ${outside}/escalated.txt`,
              sandbox_permissions: 'require_escalated',
              justification: 'need it',
            }),
          ],
        },
        say('done'),
      ],
    });
    const run = await trellis(['exec', '-s', 'workspace-write', '-a', 'on-request', 'write files'], { home, cwd: repo })
      .done;
    await model.close();
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'inside.txt'), 'utf8')).toBe('inside\n');
    expect(fs.existsSync(path.join(outside, 'escaped.txt'))).toBe(false);
    const afterDenial = JSON.stringify(model.requests[1].body);
    expect(afterDenial).toMatch(/Read-only file system/);
    expect(afterDenial).toMatch(/sandbox/i);
    // exec never prompts: asking to leave the sandbox is refused back to the model.
    expect(fs.existsSync(path.join(outside, 'escalated.txt'))).toBe(false);
    expect(JSON.stringify(model.requests[2].body)).toContain('approval to run it outside the sandbox was denied');
  });
});

test.describe('trellis exec --ignore-user-config', () => {
  const READ: MockScenario = { turns: [{ items: [call('exec_command', { cmd: 'cat README.md' })] }, say('read it')] };
  /** The provider named on the command line only, its key from the environment, as a CI job would. */
  const flags = (url: string) => [
    '-c',
    'model_provider="ci"',
    '-c',
    `model_providers.ci.base_url="${url}/v1"`,
    '-c',
    'model_providers.ci.wire_api="responses"',
    '-c',
    'model_providers.ci.env_key="CI_MODEL_KEY"',
    '-c',
    'model_providers.ci.request_max_retries=0',
  ];

  test('a broken config.toml in the home is not read with the flag (and is, without it)', async () => {
    const home = tempDir('trellis-home-');
    fs.writeFileSync(path.join(home, 'config.toml'), 'model = [unclosed\n');
    const repo = makeRepo({ 'README.md': '# hermetic\n' });
    const model = await startMockModel(READ);
    const without = await trellis(['exec', ...flags(model.url), 'read'], {
      home,
      cwd: repo,
      env: { CI_MODEL_KEY: 'sk-ci-from-env' },
    }).done;
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('config.toml');
    expect(model.requests).toHaveLength(0);

    const run = await trellis(['exec', '--ignore-user-config', ...flags(model.url), '-m', 'gpt-ci', 'read'], {
      home,
      cwd: repo,
      env: { CI_MODEL_KEY: 'sk-ci-from-env' },
    }).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('read it\n');
    expect(model.requests[0].body.model).toBe('gpt-ci');
    expect(model.requests[0].headers.authorization).toBe('Bearer sk-ci-from-env'); // the environment still applies
    // The default sandbox (read-only), not the file's: the command ran and read the file.
    expect(JSON.stringify(model.requests[1].body)).toContain('# hermetic');
    expect(sessionLogs(home)).toHaveLength(1); // sessions are still kept in the home
  });

  test('a valid config.toml pointing elsewhere is ignored: model, provider, sandbox and profiles come from the command line', async () => {
    const outside = fs.mkdtempSync('/var/tmp/trellis-outside-');
    const home = tempDir('trellis-home-');
    fs.writeFileSync(
      path.join(home, 'config.toml'),
      `model = "from-the-file"\nmodel_provider = "elsewhere"\nsandbox_mode = "danger-full-access"\n[model_providers.elsewhere]\nname = "Elsewhere"\nbase_url = "http://127.0.0.1:9/v1"\n[profiles.ci]\nmodel = "file-profile"\n`,
    );
    const repo = makeRepo({ 'README.md': '# hermetic\n' });
    const model = await startMockModel({
      turns: [{ items: [call('exec_command', { cmd: `touch ${outside}/escaped.txt` })] }, say('tried')],
    });
    const run = await trellis(
      [
        'exec',
        '--ignore-user-config',
        ...flags(model.url),
        '-c',
        'profiles.ci.model="flag-profile"',
        '-p',
        'ci',
        'write outside',
      ],
      {
        home,
        cwd: repo,
        env: { CI_MODEL_KEY: 'sk-ci-from-env' },
      },
    ).done;
    await model.close();
    expect(run.code, run.stderr).toBe(0);
    expect(model.requests[0].body.model).toBe('flag-profile');
    // The file's danger-full-access was not read: the default read-only sandbox refused the write.
    expect(fs.existsSync(path.join(outside, 'escaped.txt'))).toBe(false);

    const unknown = await trellis(['exec', '--ignore-user-config', ...flags(model.url), '-p', 'ci', 'x'], {
      home,
      cwd: repo,
    }).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown profile "ci"');
    expect(unknown.stderr).toContain('--ignore-user-config');
  });
});

test.describe('trellis exec: what a command is told about its sandbox', () => {
  for (const mode of ['read-only', 'workspace-write', 'danger-full-access']) {
    test(`-s ${mode}: TRELLIS_SANDBOX is the mode, TRELLIS_SANDBOX_MECHANISM how it is enforced`, async () => {
      const { home, model } = await mockedHome({
        turns: [
          {
            items: [
              call('exec_command', {
                cmd: 'echo "[$TRELLIS_SANDBOX|$TRELLIS_SANDBOX_MECHANISM|${TRELLIS_SANDBOX_NETWORK_DISABLED:-0}]"',
              }),
            ],
          },
          say('ok'),
        ],
      });
      const repo = makeRepo({ 'a.txt': '' });
      const run = await trellis(['exec', '-s', mode, 'where am I'], {
        home,
        cwd: repo,
        env: { TRELLIS_SANDBOX: 'forged-by-the-caller' },
      }).done;
      await model.close();
      expect(run.code, run.stderr).toBe(0);
      const expected = mode === 'danger-full-access' ? '[danger-full-access|none|0]' : `[${mode}|bwrap|1]`;
      expect(JSON.stringify(model.requests[1].body)).toContain(expected);
    });
  }
});
