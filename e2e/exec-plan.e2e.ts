import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MockScenario } from './mock-model';
import { makeRepo } from './support/git-repo';
import { mockedHome, trellis } from './support/exec-harness';
import { tempDir } from '../electron/core/testing/temp-repo';

const call = (name: string, args: unknown) => ({
  type: 'function_call' as const,
  name,
  arguments: JSON.stringify(args),
});
const PLAN = '# Greet in README\n\n1. Add a line `hello` to README.md.\n2. Check: `grep hello README.md`.';

/** A model that plans badly: it tries to patch and to write with a command before it proposes its plan. */
const PLANNING: MockScenario = {
  turns: [
    {
      items: [
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** Add File: x\n+x\n*** End Patch\n',
        },
        call('exec_command', { cmd: 'touch x' }),
        call('exec_command', { cmd: 'echo hello >> README.md' }),
        call('exec_command', { cmd: 'cat README.md' }),
      ],
    },
    { items: [{ type: 'message', text: `I read the README.\n\n<proposed_plan>\n${PLAN}\n</proposed_plan>` }] },
  ],
};

const tree = (repo: string) => fs.readdirSync(repo, { recursive: true, encoding: 'utf8' }).sort();
const status = (repo: string) => execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' });

test.describe('trellis exec --plan', () => {
  test('changes nothing on disk, even under danger-full-access, prints the plan and writes it to -o', async () => {
    const { home, model } = await mockedHome(PLANNING); // sandbox_mode = "danger-full-access"
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const before = { tree: tree(repo), status: status(repo) };
    const out = path.join(tempDir(), 'plan.md');
    const run = await trellis(['exec', '--plan', '-o', out, 'Plan a greeting in the README'], { home, cwd: repo }).done;
    await model.close();

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${PLAN}\n`);
    expect(fs.readFileSync(out, 'utf8')).toBe(PLAN);
    expect(tree(repo)).toEqual(before.tree);
    expect(status(repo)).toBe(before.status);
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo\n');
    expect(run.stderr).toContain('mode: plan');
    expect(run.stderr).toContain('patch failed: refused in plan mode');
    // The model was told why each attempt failed, and read the file for real.
    const second = JSON.stringify(model.requests[1].body);
    expect(second).toContain('apply_patch was refused');
    expect(second).toContain('Read-only file system');
    expect(second).toContain('# demo');
  });

  test('--json has the mode and plan events', async () => {
    const { home, model } = await mockedHome(PLANNING);
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--plan', '--json', 'Plan a greeting'], { home, cwd: repo }).done;
    await model.close();

    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.find((e) => e.type === 'mode.changed')).toMatchObject({ mode: 'plan' });
    expect(events.find((e) => e.type === 'plan.proposed')).toMatchObject({ turn: 0, plan: PLAN });
    expect(events.findIndex((e) => e.type === 'mode.changed')).toBeLessThan(
      events.findIndex((e) => e.type === 'turn.started'),
    );
    expect(status(repo)).toBe('');
  });
});
